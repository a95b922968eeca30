"""Robustness of normalisation and detectors against obfuscations and phrasings beyond the dev corpus.

Each case names a mechanism (leet digits at the end of a word, trademark signs, enclosed letters, doubled
spaces, a name shortened to an initial, capitalised tickers, an unfinished wait with or without an account
context), never a corpus or probe sentence: the text must get the verdict, and a risky text must be reported
by the named rule at a span of the original text.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearpost.policy.engine import ScreenResult, default_engine
from clearpost.policy.engine.normalize import LEET_GATE_KEYS, build_views, deleet_words
from clearpost.policy.tests.engines import rules_only

# --- normalisation -------------------------------------------------------------------------------------


def _enclosed(word: str, base: int) -> str:
    return "".join(chr(base + ord(c) - ord("a")) for c in word)


NEGATIVE_CIRCLED = 0x1F150
NEGATIVE_SQUARED = 0x1F170
SQUARED = 0x1F130
REGIONAL = 0x1F1E6


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (f"{_enclosed('guaranteed', NEGATIVE_CIRCLED)} payouts", "guaranteed"),
        (f"{_enclosed('riskless', NEGATIVE_SQUARED)} plan", "riskless"),
        (f"{_enclosed('whatsapp', SQUARED)} me", "whatsapp"),
        (f"{_enclosed('telegram', REGIONAL)} group", "telegram"),
        ("\u24bc\u24ca\u24b6\u24c7\u24b6\u24c3\u24c9\u24ba\u24ba\u24b9 yield", "guaranteed"),  # circled (NFKC)
    ],
)
def test_enclosed_and_indicator_letters_read_as_latin(text: str, word: str) -> None:
    views = build_views(text)
    assert f" {word} " in views.words
    start = views.folded.index(word)
    s, e = views.to_original(start, start + len(word))
    assert (s, e) == (0, len(word))  # one code point per letter: the span is the enclosed word itself


def test_a_flag_is_not_a_word() -> None:
    # two regional indicators are a flag (US, NO); only runs of three or more spell a word
    views = build_views("Happy 4th \U0001f1fa\U0001f1f8 and \U0001f1f3\U0001f1f4 risk")
    assert " us " not in views.words and " no " not in views.words


@pytest.mark.parametrize("sign", ["\u2122", "\u2120"])
def test_trade_mark_signs_separate_words(sign: str) -> None:
    text = f"Guaranteed{sign} returns"
    views = build_views(text)
    assert views.folded == "guaranteed returns"
    assert views.to_original(0, len("guaranteed")) == (0, len("Guaranteed"))
    s, e = views.to_original(len("guaranteed "), len("guaranteed returns"))
    assert text[s:e] == "returns"


@pytest.mark.parametrize(
    "text",
    ["no  risk at all", "no \u00a0risk at all", "no\t \trisk at all", "no\u2122 risk at all", "n\u200bo   risk at all"],
)
def test_runs_of_spaces_are_one_space_with_exact_offsets(text: str) -> None:
    views = build_views(text)
    assert views.folded == "no risk at all"
    s, e = views.to_original(views.folded.index("risk"), views.folded.index("risk") + 4)
    assert text[s:e] == "risk"
    s, e = views.to_original(0, len(views.folded))
    assert (s, e) == (0, len(text))


@pytest.mark.parametrize(
    ("word", "reads"),
    [("fr33", "free"), ("guarant33d", "guaranteed"), ("fre3", "free"), ("sur3", "sure"), ("0nly", "only")],
)
def test_leet_gate_keys_cover_words_with_trailing_or_leading_digits(word: str, reads: str) -> None:
    views = build_views(f"this is {word} money")
    assert any(k in views.words for k in LEET_GATE_KEYS)
    assert f" {reads} " in deleet_words(views)


@pytest.mark.parametrize("text", ["Meet me on the 1st at 7pm", "Our 3rd and 4th quarter review"])
def test_ordinals_and_times_do_not_open_the_leet_view(text: str) -> None:
    views = build_views(text)
    assert not any(k in views.words for k in LEET_GATE_KEYS)


# --- screening -----------------------------------------------------------------------------------------

# (direction, text, expected verdict, rule that must fire)
RISKY: list[tuple[str, str, str, str]] = [
    # leetspeak with digits at the end of a word
    ("outgoing", "A r1sk fr33 path to steady income.", "reject", "guarantee.no_loss"),
    ("outgoing", "Zero risk, all upside: ri5k fr33 bonds for everyone.", "reject", "guarantee.no_loss"),
    ("outgoing", "Our plan pays guarant33d returns for life.", "reject", "guarantee.return_phrase"),
    # trade-mark signs glued to a word
    ("outgoing", "Signal\u2122 me for the details on this one.", "reject", "off_channel.app"),
    ("outgoing", "Risk\u2122 free returns on every deposit.", "reject", "guarantee.no_loss"),
    # enclosed letters NFKC does not decompose
    (
        "outgoing",
        f"{_enclosed('guaranteed', NEGATIVE_CIRCLED)} returns, every quarter.",
        "reject",
        "guarantee.return_phrase",
    ),
    ("outgoing", f"Ping me on {_enclosed('whatsapp', NEGATIVE_SQUARED)} tonight.", "reject", "off_channel.app"),
    # doubled spaces inside a phrase
    ("outgoing", "This fund is  risk  free  and pays well.", "reject", "guarantee.no_loss"),
    # a client named by first name and initial, tied to holdings
    ("outgoing", "Cheers to Ana P., whose IRA balance just tripled since 2019!", "reject", "pii.client_details"),
    ("outgoing", "Kwame O. just rolled his $250k 401k over to us. Welcome aboard!", "reject", "pii.client_details"),
    ("outgoing", "Big day for Dave W.: his Roth crossed $1M this morning.", "reject", "pii.client_details"),
    # a text written in capitals still names a client
    (
        "outgoing",
        "THINKING OF MY CLIENT LINDA MARSH TODAY, DIAGNOSED LAST WEEK. MOVED HER WHOLE PORTFOLIO TO BONDS.",
        "reject",
        "pii.client_details",
    ),
    # capitalised tickers that are also English words
    ("outgoing", "Still like HOOD here after the pullback.", "review", "security.ticker_word"),
    ("outgoing", "PEP and KO both look fairly valued to me.", "review", "security.ticker_word"),
    ("outgoing", "We added COST on the dip this morning.", "review", "security.ticker_word"),
    ("inbound", "Should I be worried about DIS into the summer?", "flag", "security.ticker_word"),
    # a wait about the customer's money or account is a complaint
    (
        "inbound",
        "Still waiting on the wire out of my IRA, it's been three weeks.",
        "complaint",
        "complaint.account_grievance",
    ),
    ("inbound", "Been waiting for my refund since March. Nothing.", "complaint", "complaint.account_grievance"),
]

HARMLESS: list[tuple[str, str, str]] = [
    ("outgoing", "Happy 4th of July \U0001f1fa\U0001f1f8 from all of us at the office!", "approve"),
    ("outgoing", "Our Plan\u2122 webinar is Thursday at 7pm. Bring questions!", "approve"),
    ("outgoing", "Q4 planning  meeting moved to the 3rd.  See you there.", "approve"),
    ("outgoing", "Congrats to our new associate Priya S. on passing the CFP exam!", "approve"),
    ("outgoing", "Don't let the COST of waiting keep you from planning.", "approve"),
    ("outgoing", "SHOP SMALL THIS SATURDAY AT THE DOWNTOWN MARKET!", "approve"),
    ("outgoing", "Great neighborhood cleanup with the team this weekend.", "approve"),
    ("outgoing", "HAPPY FRIDAY FROM THE WHOLE TEAM! THE OFFICE IS CLOSED MONDAY.", "approve"),
    ("inbound", "I'm still waiting for spring to arrive here in Ohio!", "ok"),
    ("inbound", "Still waiting for part two of this series, great stuff.", "ok"),
]


def _spans_ok(text: str, res: ScreenResult) -> None:
    for f in res.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.excerpt == text[f.start : f.end]


@pytest.mark.parametrize(("direction", "text", "verdict", "rule"), RISKY)
def test_risky_obfuscations_and_phrasings_are_caught(direction: str, text: str, verdict: str, rule: str) -> None:
    res = default_engine().screen(text, "linkedin", direction)
    _spans_ok(text, res)
    assert res.verdict == verdict, res.findings
    assert rule in {f.rule for f in res.findings}


@pytest.mark.parametrize(("direction", "text", "verdict"), HARMLESS)
def test_harmless_near_misses_stay_harmless(direction: str, text: str, verdict: str) -> None:
    # the rules' reading; the learned stage's false alarms on these are bounded in test_learned.py
    res = rules_only().screen(text, "linkedin", direction)
    _spans_ok(text, res)
    assert res.verdict == verdict, res.findings


def test_enclosed_word_finding_points_at_the_enclosed_letters() -> None:
    word = _enclosed("guaranteed", NEGATIVE_SQUARED)
    text = f"Yes: {word} returns."
    res = default_engine().screen(text, "x", "outgoing")
    f = next(f for f in res.findings if f.rule == "guarantee.return_phrase")
    assert f.excerpt == f"{word} returns"


# --- properties ----------------------------------------------------------------------------------------

PIECES = [
    "guaranteed",
    "returns",
    "risk",
    "free",
    "fr33",
    "\u2122",
    "\u2120",
    "  ",
    "   ",
    "\u00a0",
    "\t",
    "\u200b",
    _enclosed("risk", NEGATIVE_CIRCLED),
    _enclosed("free", NEGATIVE_SQUARED),
    _enclosed("us", REGIONAL),
    _enclosed("whatsapp", REGIONAL),
    "\U0001f680",
    "\u00e9",
    "\u0301",
    "Tom R.,",
    "KO",
    "COST",
    "still waiting",
    "my IRA",
    "\n",
]
obfuscated_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=25).map(
    lambda parts: " ".join(parts)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(obfuscated_text)
def test_views_of_obfuscated_text_map_back_into_the_original(text: str) -> None:
    views = build_views(text)
    assert len(views.words) == len(views.folded) + 2
    assert "  " not in views.folded
    n = len(views.folded)
    prev = 0
    for i in range(n):
        s, e = views.to_original(i, i + 1)
        assert 0 <= s <= e <= len(text)
        assert s >= prev  # the map is monotonic
        prev = s
        if views.folded[i].isalpha() and views.folded[i].isascii():
            # a letter comes from a non-space character of the original
            assert text[s:e].strip()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(obfuscated_text, st.sampled_from(["outgoing", "inbound"]))
def test_findings_on_obfuscated_text_lie_in_the_original(text: str, direction: str) -> None:
    _spans_ok(text, default_engine().screen(text, "x", direction))

"""The engine's shortcuts give the same answers as the plain computations they stand in for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from clearpost.policy.engine import Engine, default_engine
from clearpost.policy.engine.compiled import gate_passes
from clearpost.policy.engine.detectors import _MASKED_PROFANITY, _profanity_masked
from clearpost.policy.engine.length import measure
from clearpost.policy.engine.normalize import _FOLD, _WORDS, _fold_mixed, build_views

# Mostly ASCII with a few look-alikes, emoji, invisibles and typographic marks: the texts the mixed path serves.
_MIXED = st.text(
    alphabet=st.sampled_from(list("Guaranted 12%$@!|\t\r\n.,'-") + list("é’“”—\u200bｇ𝗴гο🚀💯👍🏽İßﬁ½€\u0301")),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(_MIXED)
def test_mixed_text_folds_exactly_like_translating_the_whole_text(text: str) -> None:
    folded = text.translate(_FOLD)
    assert _fold_mixed(text) == (folded, folded.translate(_WORDS))


def test_mostly_non_ascii_text_folds_like_translating_the_whole_text() -> None:
    text = "Гарантированный доход 12% — без риска!"
    folded = text.translate(_FOLD)
    assert _fold_mixed(text) == (folded, folded.translate(_WORDS))


def _occurrences(engine: Engine, text: str) -> tuple[str, dict[int, list[tuple[int, int]]]]:
    """The folded view and the slots the outgoing automaton marks on the words view, as screen() sees them."""
    views = build_views(text)
    occ: dict[int, list[tuple[int, int]]] = {}
    for end, (a, b, slots, _triggers) in engine._dirs["outgoing"].automaton.iter(views.words):
        for slot in slots:
            occ.setdefault(slot, []).append((end - a, end - b))
    return views.folded, occ


_GATE_KEYS = ("%", "/", "acc", "a/c", "last", "xx", ".com", "www", "per cent", "by ", "100", "$h", "rt @")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_GATE_KEYS, "a", "c", "o", "m", " ", ".", "/", "%", "x", "@", "!", "1", "0"])))
def test_a_compiled_gate_passes_exactly_when_one_of_its_substrings_is_in_the_folded_text(parts: list[str]) -> None:
    engine = default_engine()
    known = dict(engine._word_gates)
    gate = engine._gate(_GATE_KEYS)
    assert gate[1], "some keys must be looked up through the automaton for this test to mean anything"
    # the automaton knows only the word gates it was built with: these keys must all be among them already
    assert engine._word_gates == known
    text = "".join(parts)
    folded, occ = _occurrences(engine, text)
    assert gate_passes(gate, folded, occ) == any(k in folded for k in _GATE_KEYS)


def test_word_gates_do_not_fire_on_symbols_read_as_letters() -> None:
    # "l@st" reads "last" in the words view, but the folded text holds no "last": the gate must stay shut
    engine = default_engine()
    gate = engine._gate(["last"])
    folded, occ = _occurrences(engine, "see the l@st one")
    assert "last" not in folded
    assert not gate_passes(gate, folded, occ)
    folded, occ = _occurrences(engine, "the last one")
    assert gate_passes(gate, folded, occ)


class _Ctx:
    def __init__(self, folded: str) -> None:
        self.folded = folded
        self.text = folded


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("fuckshitbadmnprlo*#@$%!1i .,")), max_size=16))
def test_masked_profanity_pre_check_never_hides_a_match(folded: str) -> None:
    gate = any(g in folded for g in ("*", "#", "@", "$h", "$$"))
    expected = [m.span() for m in _MASKED_PROFANITY.finditer(folded)] if gate else []
    assert _profanity_masked(_Ctx(folded)) == expected


def test_masked_profanity_is_still_found_next_to_a_hashtag() -> None:
    assert _profanity_masked(_Ctx("#monday what the f*ck")) == [(17, 21)]
    assert _profanity_masked(_Ctx("#monday #goals!")) == []
    # masks that start the word, with no letter before the symbol
    assert _profanity_masked(_Ctx("what an @sshole")) == [(8, 15)]
    assert _profanity_masked(_Ctx("oh $hit")) == [(3, 7)]


def test_length_reports_are_shared_but_keep_the_callers_limit() -> None:
    assert measure("hello", "x") is measure("hello", "x")
    report = measure("hello", "mastodon", limit=500.0)  # type: ignore[arg-type]
    assert report.limit == 500.0 and isinstance(report.limit, float)
    assert measure("hello", "mastodon", limit=400).limit == 400


def test_emoji_after_plain_text_count_as_on_x() -> None:
    # the emoji scan starts at the first non-ASCII character; a keycap's digit just before it still counts
    assert measure("a" * 10 + "1\ufe0f\u20e3", "x").counted == 12
    assert measure("a" * 10 + "👍🏽", "x").counted == 12
    assert measure("café 👍🏽", "x").counted == 7


def test_screening_a_mixed_text_reports_the_original_span() -> None:
    text = "🚀🚀 Our fund is ｇｕａｒａｎｔｅｅｄ to return 12% a year!"
    result = default_engine().screen(text, "x", "outgoing")
    assert result.verdict == "reject"
    assert any(re.search("ｇｕａｒａｎｔｅｅｄ", f.excerpt) for f in result.findings)
    for f in result.findings:
        assert text[f.start : f.end] == f.excerpt

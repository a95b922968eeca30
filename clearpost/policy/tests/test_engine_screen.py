"""Screening behaviour of the baseline rule set: verdicts, contexts, detectors and limits."""

from __future__ import annotations

import time

import pytest

from clearpost.policy.engine import Engine, RuleSet, ScreenResult, TextTooLarge, default_engine, screen
from clearpost.policy.tests.engines import rules_only


def out(text: str, network: str = "linkedin") -> ScreenResult:
    return rules_only().screen(text, network, "outgoing")


def inb(text: str, network: str = "x") -> ScreenResult:
    return rules_only().screen(text, network, "inbound")


# --- verdicts and result shape ------------------------------------------------------------------------
def test_clean_post_is_approved_with_category_none() -> None:
    res = out("Happy Thanksgiving from all of us! Office closed Thursday and Friday.")
    assert res.verdict == "approve"
    assert res.categories == ["none"]
    assert res.findings == []
    assert res.policy_version == RuleSet.load_default().version


def test_reject_beats_review_and_categories_are_sorted() -> None:
    res = out("Guaranteed 12% returns on $NVDA, DM me on WhatsApp.")
    assert res.verdict == "reject"
    assert res.categories == sorted(res.categories)
    assert {"guarantee", "off_channel", "specific_security"} <= set(res.categories)


def test_to_dict_has_the_contract_fields() -> None:
    res = out("Our model returned 14% net of fees last year.", network="twitter")
    d = res.to_dict()
    assert set(d) >= {"verdict", "categories", "findings", "length", "policy_version", "disclosures"}
    assert d["length"]["network"] == "x"
    assert set(d["length"]) == {"network", "counted", "limit", "fits"}
    assert set(d["findings"][0]) == {"rule", "category", "severity", "start", "end", "excerpt"}
    assert "performance" in d["disclosures"]


def test_every_finding_carries_a_rationale_and_exact_excerpt() -> None:
    text = "Earn a gu4r4nt33d 9% yield, text my personal cell."
    res = out(text)
    for f in res.findings:
        assert f.rationale
        assert text[f.start : f.end] == f.excerpt


def test_bad_network_or_direction_raise_value_error() -> None:
    with pytest.raises(ValueError, match="network"):
        screen("hi", "myspace", "outgoing")
    with pytest.raises(ValueError, match="direction"):
        screen("hi", "x", "sideways")


def test_engine_is_reusable_and_module_helper_is_cached() -> None:
    assert default_engine() is default_engine()
    eng = Engine(RuleSet.load_default())
    assert eng.screen("Guaranteed 10% returns!", "x").verdict == "reject"


# --- negation, warnings, quotations -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Friendly reminder: we never guarantee returns. Nobody honestly can.",
        "There's no such thing as a risk-free investment.",
        "Diversification doesn't guarantee a profit or protect against loss.",
        "Our non-guaranteed income option carries market risk.",
        '"No downside" is a phrase that should make you nervous.',
        "Scam alert: someone is using my photo on WhatsApp offering guaranteed returns. That is not me.",
        "I will never contact you on WhatsApp, Telegram, or Signal about your account.",
        "Beware of anyone who offers guaranteed crypto profits on Telegram. It's fraud.",
    ],
)
def test_negations_warnings_and_quotations_do_not_trigger(text: str) -> None:
    res = out(text)
    assert not {"guarantee", "promissory", "off_channel"} & set(res.categories), res.findings


@pytest.mark.parametrize(
    "text",
    [
        "'Can't lose' is the most expensive phrase in finance.",
        "The phrase 'risk-free' appears in none of our documents.",
        "'Guaranteed,' 'no risk' and 'act now' in one pitch: walk away.",
        # a phrase in single quotes inside a double-quoted passage leaves the passage quoted
        "He said \"the fund is a 'sure' bet and guaranteed to double\" and I walked out.",
    ],
)
def test_a_claim_named_in_single_quotes_is_mentioned_not_made(text: str) -> None:
    assert out(text).verdict == "approve", out(text).findings


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        # a sentence in quotes is the claim itself (a client's result, praise), not a phrase named
        ("A client texted: 'up 18% this year and I never lost a dime once!' Proud of her.", "outgoing"),
        # inbound, quotes are mostly what someone was told or sold: the thing to look at
        ("Is this 'guaranteed 12%' fund on your site legit?", "inbound"),
    ],
)
def test_a_quoted_sentence_or_an_inbound_quote_still_counts(text: str, direction: str) -> None:
    res = rules_only().screen(text, "linkedin", direction)
    assert res.verdict not in ("approve", "ok"), res.findings


@pytest.mark.parametrize(
    "text",
    [
        "There is zero chance you lose money in our Stable Value strategy.",
        "With our program your principal never goes down, only up.",
        "You literally can't lose with this bond ladder.",
    ],
)
def test_double_negatives_that_still_promise_are_rejected(text: str) -> None:
    res = out(text)
    assert res.verdict == "reject"
    assert "guarantee" in res.categories


def test_real_product_guarantee_is_review_not_reject() -> None:
    res = out(
        "Some fixed annuities offer guaranteed lifetime income. Guarantees are backed by the claims-paying "
        "ability of the issuing insurance company."
    )
    assert res.verdict == "review"
    assert "guarantee" in res.categories


# --- nested phrases -----------------------------------------------------------------------------------
def test_nested_phrases_of_different_rules_are_all_reported() -> None:
    rules = [
        {
            "id": "word",
            "category": "guarantee",
            "severity": "review",
            "directions": ["outgoing"],
            "phrases": ["guaranteed"],
            "rationale": "FINRA Rule 2150(b) test",
        },
        {
            "id": "phrase",
            "category": "promissory",
            "severity": "reject",
            "directions": ["outgoing"],
            "phrases": ["guaranteed income"],
            "rationale": "FINRA Rule 2210(d)(1)(B) test",
        },
    ]
    eng = Engine(RuleSet.from_dict({"format": 1, "name": "nested", "rules": rules}))
    res = eng.screen("Enjoy guaranteed income today", "x", "outgoing")
    assert [(f.rule, f.excerpt) for f in res.findings] == [
        ("word", "guaranteed"),
        ("phrase", "guaranteed income"),
    ]
    assert res.verdict == "reject"


@pytest.mark.parametrize(
    ("text", "same_sentence"),
    [
        ("Backed by the U.S. Treasury.", True),  # an initialism's dots end no sentence
        ("Ask Dr. Lee about the Treasury.", True),  # nor does a title's
        ("We bank in the U.S. Treasury bills are another matter.", True),  # (the price: a rare missed break)
        ("Backed by us. Treasury bills are another matter.", False),
    ],
)
def test_same_sentence_reads_initialisms_and_titles(text: str, same_sentence: bool) -> None:
    rule = {
        "id": "near",
        "category": "guarantee",
        "severity": "review",
        "directions": ["outgoing"],
        "near": [{"terms": [["backed", "ask", "bank"], ["treasury"]], "within": 6, "same_sentence": True}],
        "rationale": "12 CFR 328 test",
    }
    eng = Engine(RuleSet.from_dict({"format": 1, "name": "sentences", "rules": [rule]}), learned=None)
    assert (eng.screen(text, "x", "outgoing").verdict == "review") is same_sentence


# --- PII ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ssn", ["000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000"])
def test_invalid_ssns_do_not_fire(ssn: str) -> None:
    assert "pii" not in out(f"Reference {ssn} on the form.").categories


def test_valid_ssn_fires_pii() -> None:
    res = out("Finishing the transfer: SSN 512-48-7730 verified.")
    assert res.verdict == "reject" and "pii" in res.categories


@pytest.mark.parametrize(
    "ssn", ["5 1 2 - 4 8 - 7 7 3 0", "5.1.2.4.8.7.7.3.0", "512 - 48 - 7730", "5 1 2 4 8 7 7 3 0"]
)
def test_ssn_spaced_digit_by_digit_after_a_cue_fires_pii(ssn: str) -> None:
    res = out(f"Ana, the SSN on your beneficiary form reads {ssn}; please call me.")
    assert res.verdict == "reject" and "pii" in res.categories
    assert any(f.excerpt == ssn for f in res.findings if f.category == "pii")


@pytest.mark.parametrize(
    "text",
    [
        "Ana, your SSN on the form reads 9 1 2 - 4 8 - 7 7 3 0; please call me.",  # no SSN begins with 9
        "About your Social Security claim: call 6 1 4 5 5 5 0 1 8 2 any time.",  # ten digits: a phone number
        "Zoom ID 8 4 5 2 2 3 1 9 0 for the webinar on Social Security timing.",  # no SSN cue before it
    ],
)
def test_spaced_digits_that_are_not_an_ssn_are_not_pii(text: str) -> None:
    assert "pii" not in out(text).categories


@pytest.mark.parametrize(
    "text",
    [
        "Call the office at 614-555-0182 or (305) 555-0198.",
        "Shred day is 04/12/2025, 9am to noon.",
        "Our office moved to Columbus, OH 43215-1234, Suite 230.",
        "CUSIP 037833100 and ISBN 978-0-306-40615-7 are in the handout.",
        "Zoom meeting ID 845 2231 9087, passcode 4421.",
    ],
)
def test_number_like_strings_are_not_pii(text: str) -> None:
    assert "pii" not in out(text).categories


def test_client_name_with_holdings_is_pii_but_staff_news_is_not() -> None:
    assert "pii" in out("Congrats to my client Robert Haines on his $2.4M rollover into our growth model!").categories
    assert out("Welcome Kayla Brennan, our new client service associate!").verdict == "approve"


def test_account_number_in_context_is_pii() -> None:
    assert "pii" in out("Thanks to the Nguyen family (account ending 8812) for trusting us.").categories
    assert "pii" in inb("Can you check my account? It's 5523-889104.").categories


# --- off-channel --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Text my personal cell for trade ideas.",
        "Ping me on the green-bubble app for the real picks.",
        "Hit me up on the paper-airplane app, way more private.",
        "Add me on WhatsApp for VIP ideas.",
        "Email my personal Gmail and I'll fill you in.",
        "中文客户请加我微信聊投资。",
    ],
)
def test_off_channel_paraphrases_are_rejected(text: str) -> None:
    res = out(text)
    assert res.verdict == "reject" and "off_channel" in res.categories


@pytest.mark.parametrize(
    "text",
    [
        "Questions? Send me a message right here on LinkedIn or call the office at (614) 555-0199.",
        "Reach our team at info@ourfirm.com or through the client portal.",
        "Text our office line for appointment reminders; it is our archived business text line.",
    ],
)
def test_approved_channels_are_fine(text: str) -> None:
    assert "off_channel" not in out(text).categories


# --- inbound ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "I just saw three trades in my IRA that I never approved.",
        "Followed your advice, sold everything in March. Thanks for nothing.",
        "It's been five weeks and my rollover still hasn't arrived.",
        "You said it was as safe as a CD. It clearly wasn't.",
        "Me cobraron comisiones que nunca me explicaron.",
        "Vous avez placé mes économies en actions alors que je ne voulais aucun risque.",
    ],
)
def test_inbound_complaints_without_complaint_keyword(text: str) -> None:
    res = inb(text)
    assert res.verdict == "complaint" and "complaint" in res.categories


def test_non_customer_grievance_is_flag_not_complaint() -> None:
    res = inb("I'm not even a client but your advisor cold-called me four times. Stop.")
    assert res.verdict == "flag"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Please sell all my Apple shares today before the close.", "specific_security"),
        ("Close my Roth IRA and wire the funds to my checking account.", "specific_security"),
        ("Can we continue this on Signal?", "off_channel"),
        ("My brother-in-law works at Acme and says their earnings will crush it next week.", "mnpi"),
    ],
)
def test_inbound_instructions_and_risks_are_flagged(text: str, category: str) -> None:
    res = inb(text)
    assert res.verdict == "flag" and category in res.categories


@pytest.mark.parametrize(
    "text",
    [
        "Guaranteed I'll be at shred day!",
        "My only complaint is that the seminar ended too soon.",
        "Thanks for the scam warning, I got one of those WhatsApp messages too.",
        "this market is killing me lol",
    ],
)
def test_benign_inbound_is_ok(text: str) -> None:
    assert inb(text).verdict == "ok"


# --- size limit and speed -----------------------------------------------------------------------------
def test_texts_over_one_megabyte_are_refused_with_a_clear_message() -> None:
    with pytest.raises(TextTooLarge, match="1,000,000 bytes"):
        screen("a" * 1_000_001, "x", "outgoing")
    with pytest.raises(ValueError):
        screen("é" * 500_001, "x", "outgoing")  # 1,000,002 bytes of UTF-8
    assert screen("é" * 400_000, "linkedin", "outgoing").verdict == "approve"


def _cpu_seconds(text: str) -> float:
    """The least CPU time of two screenings (the less disturbed by other work on a shared machine)."""
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        res = screen(text, "linkedin", "outgoing")
        best = min(best, time.process_time() - start)
        assert res.verdict == "reject"
    return best


def test_screening_time_grows_linearly_up_to_one_megabyte() -> None:
    # A ratio of two times measured in the same run, not a wall-clock bound (the absolute 1 MB figure is in
    # bench/bench_policy.py): ten times the text may cost about ten times the time, and a quadratic step
    # anywhere in the engine would cost about a hundred.
    dense = "Guaranteed returns, text me on WhatsApp. Our fund returned 12% net of fees! " * 13_000
    screen(dense[:1_000], "linkedin", "outgoing")  # builds the engine outside the measurement
    small = _cpu_seconds(dense[:99_900])
    large = _cpu_seconds(dense[:999_000])
    assert large < 30 * max(small, 0.005), (small, large)


# --- names from every community -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Congrats Tendai Moyo (born 3/9/1961) on retiring: his 401(k) is all set at $640k.",
        "Big day for Zeynep Aksoy of 18 Elm Ct: her IRA with us just passed $310,000!",
        "Shout-out to Nnamdi Okafor, whose Roth balance crossed $95k this week. So proud!",
        "Happy 70th to our client Yerlan Abenov! His pension ($2,900/month) starts Friday.",
    ],
)
def test_a_client_named_with_a_name_from_any_community_and_their_data_is_rejected(text: str) -> None:
    res = rules_only().screen(text, "linkedin", "outgoing")
    assert res.verdict == "reject" and "pii" in res.categories, res.findings


def test_a_new_colleague_with_such_a_name_is_no_client_data() -> None:
    text = "Please welcome Oluwaseun Adeyemi, who joins our Houston office as a client service associate!"
    assert rules_only().screen(text, "linkedin", "outgoing").verdict == "approve"

"""Round 7 rule cases: new voices (finfluencers, brokers, annuity agents, tellers, heirs, families)."""

from __future__ import annotations

import pytest

from clearpost.policy.engine import Engine, RuleSet


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(RuleSet.load_default(), learned=None)


OUTGOING: list[tuple[str, str, str | None]] = [
    # rule explanations and everyday voices stay approved
    (
        "The Marketing Rule now lets advisers use testimonials, with disclosures. That's the whole change.",
        "approve",
        None,
    ),
    ("honestly the envelope method changed my life. cash in envelopes, no overspending.", "approve", None),
    ("Some advisors will tell you they outperform every single year. Ask for the audited numbers.", "approve", None),
    ("Stocks are down 2.5% this morning. Nothing in a long-term plan changes on a Tuesday.", "approve", None),
    ("Anybody guaranteeing you 15% a year is about to meet a regulator.", "approve", None),
    ("An irrevocable trust doesn't avoid taxes on its own. The drafting matters.", "approve", None),
    ("We charge absolutely nothing for the estate-planning workshop on Saturday.", "approve", None),
    # risky posts the rules must catch
    (
        "Our dividend sleeve outpaced the Russell 1000 Value by 3.4% last year, net of fees.",
        "review",
        "performance_claim",
    ),
    ("The tactical model finished positive in 11 of the last 12 years.", "review", "performance_claim"),
    ("Been nibbling at Merck all week. Valuation looks silly.", "review", "specific_security"),
    ("'You're the reason I retired on time' - a client at her farewell lunch.", "review", "testimonial"),
    ("Reposted this Reuters piece on muni defaults, worth your time.", "review", "third_party_content"),
    ("Stay with us and your retirement savings will double. I've watched it happen.", "reject", "promissory"),
    ("Lovely visit with Edna Morales, 88, since the stroke we moved her money into the trust.", "reject", "pii"),
    ("gaurenteed 8% on our income fund, better than any CD out there", "reject", "guarantee"),
    ("We charge absolutely nothing to run your portfolio.", "reject", "misleading"),
]

INBOUND: list[tuple[str, str, str | None]] = [
    ("Thank you for not being pushy at the annuity seminar, refreshing.", "ok", None),
    ("Honestly the phone beats the app every time for me.", "ok", None),
    ("you people are liars and clowns", "flag", "profanity"),
    ("I inherited an IRA from my aunt, do I have to take withdrawals every year?", "flag", "tax_advice"),
    ("A transferência da conta do meu pai está parada há meses e ninguém me responde.", "complaint", "complaint"),
    ("Vocês cobraram taxas que nunca me explicaram. Quero uma explicação.", "complaint", "complaint"),
]


@pytest.mark.parametrize(("text", "verdict", "category"), OUTGOING)
def test_outgoing_round7(engine: Engine, text: str, verdict: str, category: str | None) -> None:
    res = engine.screen(text, "x", "outgoing")
    assert res.verdict == verdict, res.findings
    if category is not None:
        assert category in res.categories


@pytest.mark.parametrize(("text", "verdict", "category"), INBOUND)
def test_inbound_round7(engine: Engine, text: str, verdict: str, category: str | None) -> None:
    res = engine.screen(text, "linkedin", "inbound")
    assert res.verdict == verdict, res.findings
    if category is not None:
        assert category in res.categories

"""Round-5 rule families: keyword-free customer complaints, fresh 'never lost' and 'beat the index every
year' claims, implied celebrity endorsements and local/government MNPI, each with harmless neighbours.

Rules only (``learned=None``): these pin the baseline rule data, not the learned stage."""

from __future__ import annotations

import pytest

from clearpost.policy.engine import Engine, RuleSet


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(RuleSet.load_default(), learned=None)


CASES = [
    # inbound customer grievances without complaint keywords -> complaint
    (
        "inbound",
        "At signing you told my wife there was no exit fee. Now they're keeping 6% of her own money.",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "There are a bunch of buys and sells in my Roth from May that I don't recall us discussing. "
        "Can you walk me through them?",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "my grandpa is 87 and ended up in a 12-year annuity he can't touch. how did that happen",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "Asked for the rollover to my new employer plan back in April. Still waiting on it.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Usted me aseguró que no había penalización. Me cobraron el 8%.", "complaint", {"complaint"}),
    (
        "inbound",
        "Le transfert a été demandé il y a longtemps et vous ne l'avez jamais fait.",
        "complaint",
        {"complaint"},
    ),
    # non-customer grievance -> flag; benign inbound -> ok
    ("inbound", "Your rep keeps phoning my elderly aunt. She's not your client, please stop.", "flag", {"complaint"}),
    ("inbound", "Left my umbrella at your office after the meeting. Is it still there?", "ok", {"none"}),
    ("inbound", "How do surrender periods on fixed annuities usually work?", "ok", {"none"}),
    # never lost
    (
        "outgoing",
        "Eighteen years of advising and not one client of mine has finished a year in the red.",
        "reject",
        {"misleading", "performance_claim"},
    ),
    (
        "outgoing",
        "Nobody can promise you'll never have a losing year; plan for the ones that come.",
        "approve",
        {"none"},
    ),
    # celebrity
    (
        "outgoing",
        "If our dividend ladder works for a Hall of Fame quarterback's family office, it works for yours.",
        "reject",
        {"misleading", "testimonial"},
    ),
    ("outgoing", "Good enough for Oprah's money team, good enough for you.", "reject", {"misleading", "testimonial"}),
    (
        "outgoing",
        "Dolly Parton's book program reached our town library this spring. Wonderful to see.",
        "approve",
        {"none"},
    ),
    # local / government MNPI
    (
        "outgoing",
        "My cousin on the planning commission says the battery plant is going to the north parcel. "
        "Ask me about land plays.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "A contact at the state agency hinted the permit gets approved next week. Position accordingly.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "The planning commission holds a public hearing on the battery plant site on the 12th.",
        "approve",
        {"none"},
    ),
    # beat the index every year
    (
        "outgoing",
        "Our core model has outperformed the S&P 500 in every single calendar year since inception.",
        "reject",
        {"misleading", "performance_claim"},
    ),
    (
        "outgoing",
        "Not one year since launch where our strategy lagged its benchmark.",
        "reject",
        {"misleading", "performance_claim"},
    ),
    (
        "outgoing",
        "Beating the market every year isn't realistic for anyone; keep costs low instead.",
        "approve",
        {"none"},
    ),
    ("outgoing", "Our volunteers topped their food bank fundraising goal every year since 2018!", "approve", {"none"}),
]


@pytest.mark.parametrize("direction,text,verdict,categories", CASES)
def test_round5_rules(engine: Engine, direction: str, text: str, verdict: str, categories: set[str]) -> None:
    res = engine.screen(text, "x", direction)
    assert res.verdict == verdict, (res.verdict, [(f.rule, f.excerpt) for f in res.findings])
    if verdict in ("approve", "ok"):
        assert res.categories == ["none"]
    else:
        assert categories <= set(res.categories), res.categories

"""Round-6 rule families: returns stated in words, named insurers' annuity products, dated corporate debt,
named 529 plans, personal-webmail steering, insider sources, recovery scams, ignored instructions and
sold-to-a-parent complaints, each with harmless neighbours.

Rules only (``learned=None``): these pin the baseline rule data, not the learned stage."""

from __future__ import annotations

import pytest

from clearpost.policy.engine import Engine, RuleSet


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(RuleSet.load_default(), learned=None)


CASES: list[tuple[str, str, str, set[str]]] = [
    # performance stated in words
    (
        "outgoing",
        "Our dividend sleeve returned about thirteen percent after fees in 2022.",
        "review",
        {"performance_claim"},
    ),
    (
        "outgoing",
        "The income composite outpaced its benchmark by three percentage points last year.",
        "review",
        {"performance_claim"},
    ),
    (
        "outgoing",
        "Clients in our balanced portfolios saw holdings grow by almost a third since 2021.",
        "review",
        {"performance_claim"},
    ),
    ("outgoing", "Turnout at our spring workshop was up thirty percent, thank you all for coming!", "approve", set()),
    ("outgoing", "Our volunteers grew by half this year and the pantry shelves are full.", "approve", set()),
    # named annuity products and dated debt, named 529 plans
    (
        "outgoing",
        "We've been placing some retirees in a Midland National fixed indexed annuity lately.",
        "review",
        {"specific_security"},
    ),
    ("outgoing", "Ask me about the Allianz 360 if lifetime income is on your mind.", "review", {"specific_security"}),
    (
        "outgoing",
        "I joined Corebridge as an agent last spring and I love explaining how annuities work.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Microsoft's 2032 bonds still look reasonable to us for conservative accounts.",
        "review",
        {"specific_security"},
    ),
    ("outgoing", "Grabbed coffee at the Apple store before the seminar this morning.", "approve", set()),
    (
        "outgoing",
        "Nevada families: the ScholarShare 529 isn't yours, but my529 is open to everyone.",
        "review",
        {"specific_security"},
    ),
    # off-channel webmail and insider sources
    (
        "outgoing",
        "Forward the trust papers to my hotmail instead so it stays out of the firm system.",
        "reject",
        {"off_channel"},
    ),
    ("outgoing", "Remember when my Yahoo homepage had the weather and horoscopes? Simpler times.", "approve", set()),
    (
        "inbound",
        "I've seen the internal numbers at my employer and the quarter is a disaster. Sell now.",
        "flag",
        {"mnpi"},
    ),
    (
        "inbound",
        "Scammed by a fake broker? Our recovery experts can get your funds back in days.",
        "flag",
        {"promissory"},
    ),
    # complaints and their neighbours
    (
        "inbound",
        "I told you in May to sell the tech fund. Still holding, still losing. Explain.",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "You sold my mom a variable annuity at 84 and now she can't touch her own money.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Where can I find the form to update my mailing address?", "ok", set()),
    ("inbound", "How long should I keep old bank statements and tax records?", "ok", set()),
    # promised outcomes and accurate guarantees
    ("outgoing", "Become a millionaire in ten years with my method, I guarantee it.", "reject", {"promissory"}),
    ("outgoing", "How to retire a millionaire: spend less than you earn, for a long time.", "approve", set()),
    ("outgoing", "Series EE savings bonds are backed by the U.S. Treasury.", "review", {"guarantee"}),
    (
        "outgoing",
        "What's an HSA? It is a tax-advantaged account paired with a high-deductible health plan.",
        "approve",
        set(),
    ),
]


@pytest.mark.parametrize(("direction", "text", "verdict", "categories"), CASES)
def test_round6_rules(engine: Engine, direction: str, text: str, verdict: str, categories: set[str]) -> None:
    res = engine.screen(text, "x", direction)
    assert res.verdict == verdict, (res.verdict, [(f.rule, f.excerpt) for f in res.findings])
    if verdict in ("approve", "ok"):
        assert res.categories == ["none"]
    else:
        assert categories <= set(res.categories), res.categories

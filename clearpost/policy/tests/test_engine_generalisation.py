"""Behaviour of the baseline rule classes added for generalisation beyond the dev corpus.

Each case names a class of phrasing (not a corpus or probe sentence): the verdict the text must get and,
for risky texts, a rule that must report it; near-misses of the same class must stay harmless.
"""

from __future__ import annotations

import pytest

from clearpost.policy.engine import default_engine
from clearpost.policy.engine.vocabulary import VERDICTS
from clearpost.policy.tests.engines import rules_only

# (direction, text, expected verdict, rule that must fire or None)
RISKY: list[tuple[str, str, str, str]] = [
    # a regulator said to endorse, vouch for or sign off on the firm (2210(e); Advisers Act 208(a))
    ("outgoing", "Our income model carries the SEC's stamp of approval.", "reject", "misleading.regulator_endorse"),
    (
        "outgoing",
        "FINRA has vetted and certified every one of our portfolios.",
        "reject",
        "misleading.regulator_endorse",
    ),
    ("outgoing", "Regulators signed off on our strategy last spring.", "reject", "misleading.regulator_endorse"),
    # a personal promise to make up losses (2150(b))
    (
        "outgoing",
        "Should your balance dip, I'll cut you a check to make up the shortfall.",
        "reject",
        "guarantee.personal_cover",
    ),
    (
        "outgoing",
        "If we're wrong on this allocation, we'll pay the rest ourselves.",
        "reject",
        "guarantee.personal_cover",
    ),
    # never-down claims with the subject in between (2210(d)(1)(A))
    ("outgoing", "Not one household we advise has finished a year in the red.", "reject", "misleading.never_lost"),
    (
        "outgoing",
        "Our conservative model made money every single year since launch.",
        "reject",
        "misleading.never_lost",
    ),
    # no-loss paraphrases (2150(b), 2210(d)(1)(B))
    ("outgoing", "At worst you break even, at best you double up.", "reject", "guarantee.no_loss"),
    ("outgoing", "Your capital? Untouchable in this program.", "reject", "guarantee.no_loss"),
    ("outgoing", "You aren't going to lose a penny with this ladder.", "reject", "guarantee.no_loss"),
    ("outgoing", "There's no way you walk away with less than you put in.", "reject", "guarantee.no_loss"),
    ("outgoing", "8% annually regardless of what the market does.", "reject", "guarantee.figure"),
    ("outgoing", "Income: guaranteed. Principal: protected.", "reject", "guarantee.return_phrase"),
    # promised outcomes (2210(d)(1)(B), (F))
    ("outgoing", "We'll have you retired at 55, no question.", "reject", "promissory.outcome"),
    ("outgoing", "Let us turn your $25k into $75k by 2030.", "reject", "promissory.money_growth"),
    ("outgoing", "We have outperformed the S&P 500 for nine straight years.", "reject", "misleading.always_beat"),
    # apps described by icon or behaviour (17a-4(b)(4); 3110(b)(4))
    (
        "outgoing",
        "Find me on the messaging app with the paper airplane logo, same name.",
        "reject",
        "off_channel.app_described",
    ),
    ("outgoing", "Let's use the chat that auto-deletes after 24 hours.", "reject", "off_channel.app_described"),
    # secrecy cue beside a security (10b-5)
    ("outgoing", "You didn't hear it from me, but watch $QRST closely this month.", "reject", "mnpi.tip"),
    # inbound: misrepresentation, misdirected mail, unrecognised trades, sarcasm (4530(d))
    (
        "inbound",
        "Your rep assured me this fund was as good as cash. It's down a fifth.",
        "complaint",
        "complaint.misrepresented",
    ),
    (
        "inbound",
        "He kept saying it could never lose value, and look at it now.",
        "complaint",
        "complaint.misrepresented",
    ),
    (
        "inbound",
        "Our 1099s keep going to my ex-wife's place even after I called twice.",
        "complaint",
        "complaint.misdirected_mail",
    ),
    (
        "inbound",
        "There's a wire on my wife's statement and she has no idea who made it.",
        "complaint",
        "complaint.account_grievance",
    ),
    ("inbound", "Well done, team. Lost $40,000 in a quarter. Bravo.", "complaint", "complaint.sarcastic_loss"),
    ("inbound", "Who said you could switch my bonds into that annuity?", "complaint", "complaint.grievance"),
    # inbound instructions and timing requests without a listed trade verb (3110(b); Reg BI)
    ("inbound", "Please get me out of the money market fund before Friday.", "flag", "security.instruction"),
    ("inbound", "Could you put $2,000 into the total market index fund for me?", "flag", "security.instruction"),
    ("inbound", "Is this a good time to get into Microsoft?", "flag", "security.instruction"),
]

HARMLESS: list[tuple[str, str, str]] = [
    # fraud warnings naming a channel are warnings, not solicitations
    ("outgoing", "Heads up: our staff will never message you on WhatsApp or by text asking for a code.", "approve"),
    # "get lost" and "losers" outside an insult
    ("outgoing", "Old 401(k)s get lost in job changes all the time. Here's how to track yours down.", "approve"),
    ("outgoing", "Scammers promise to get lost funds back. Don't pay them.", "approve"),
    ("outgoing", "Cutting your losers to offset gains is called tax-loss harvesting.", "review"),
    # everyday advice and idioms
    ("outgoing", "Set a goal and write it down where you'll see it every morning.", "approve"),
    ("outgoing", "The rule of 72 estimates how long it takes to double your money.", "approve"),
    ("outgoing", "It doesn't cost anything to attend, and there's coffee.", "approve"),
    (
        "outgoing",
        "Registered with the SEC. Registration does not imply a certain level of skill or training.",
        "approve",
    ),
    ("outgoing", "Worst-case planning: what happens to your family if you can't work?", "approve"),
    ("outgoing", "Our ghost-story night at the library is Friday; costumes welcome.", "approve"),
    ("inbound", "My dad always said never chase hot tips. Still good advice!", "ok"),
    ("inbound", "The speaker was supposed to start at 7, is it still on?", "ok"),
    ("inbound", "Is there a transfer form I can download? No idea what the process is.", "ok"),
    ("inbound", "Great job on the talk! I lost 10 pounds this year too.", "ok"),
]


@pytest.mark.parametrize(("direction", "text", "verdict", "rule"), RISKY, ids=[c[3] + ":" + c[1][:30] for c in RISKY])
def test_risky_class_is_caught(direction: str, text: str, verdict: str, rule: str) -> None:
    # the rule's own reading; the shipped engine may only go further (its complaint head reads "put $2,000 into
    # ... fund" as a grievance: the learned stage's false alarms are bounded in test_learned.py)
    res = rules_only().screen(text, "linkedin", direction)
    assert res.verdict == verdict, (res.verdict, [(f.rule, f.excerpt) for f in res.findings])
    assert rule in {f.rule for f in res.findings}
    ladder = list(VERDICTS[direction].values())  # lowest first
    assert ladder.index(default_engine().screen(text, "linkedin", direction).verdict) >= ladder.index(verdict)


@pytest.mark.parametrize(("direction", "text", "verdict"), HARMLESS, ids=[c[1][:40] for c in HARMLESS])
def test_near_miss_stays_harmless(direction: str, text: str, verdict: str) -> None:
    # the rules' reading; the learned stage's false alarms on these are bounded in test_learned.py
    res = rules_only().screen(text, "x", direction)
    assert res.verdict == verdict, [(f.rule, f.excerpt) for f in res.findings]


def test_findings_of_new_rules_point_at_the_original_text() -> None:
    text = "FINRA has ｅｎｄｏｒｓｅｄ our model, and I’ll write you a check if it drops."
    res = default_engine().screen(text, "x", "outgoing")
    rules = {f.rule for f in res.findings}
    assert {"misleading.regulator_endorse", "guarantee.personal_cover"} <= rules
    for f in res.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.excerpt

"""The learned stage: it only escalates what the rules let through (approve / ok, and review to reject),
explains itself, is deterministic, and its data file names the training files it was built from."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearpost.policy.engine import Engine, RuleSet, default_engine
from clearpost.policy.engine.evaluation import Record, load_corpus
from clearpost.policy.engine.learned import DATA_FILE, Head, LearnedStage, is_learned, shipped_stage
from clearpost.policy.engine.vocabulary import CATEGORIES, DEFAULT_VERDICT, SEVERITIES
from clearpost.policy.tests.engines import rules_only

REPO = Path(__file__).resolve().parents[3]
# Labelled texts kept in the repository (dev.jsonl lives outside it and may be absent).
CORPORA = (*(f"bench/holdout{n}.jsonl" for n in (2, 3, 4, 5, 6)), "bench/learned_probe.jsonl")


@functools.cache
def _records() -> tuple[Record, ...]:
    return tuple(r for rel in CORPORA for r in load_corpus(REPO / rel))


def _rank(direction: str, verdict: str) -> int:
    ladder = ("approve", "review", "reject") if direction == "outgoing" else ("ok", "flag", "complaint")
    return ladder.index(verdict)


def _learned(findings: list) -> list:
    return [f for f in findings if is_learned(f.rule)]


def test_the_default_engine_and_a_plain_engine_carry_the_shipped_stage_and_none_opts_out() -> None:
    assert default_engine().learned is shipped_stage()
    assert Engine(default_engine().ruleset).learned is shipped_stage()
    assert rules_only().learned is None
    with pytest.raises(TypeError):
        Engine(default_engine().ruleset, learned="yes")  # type: ignore[arg-type]


def test_it_only_escalates_what_the_rules_let_through() -> None:
    escalated = rejected = 0
    for r in _records():
        before = rules_only().screen(r.text, r.network, r.direction)
        after = default_engine().screen(r.text, r.network, r.direction)
        assert _rank(r.direction, after.verdict) >= _rank(r.direction, before.verdict), r.id
        # the rules' findings stay; at most one learned finding joins them
        assert [f for f in after.findings if not is_learned(f.rule)] == before.findings
        assert len(_learned(after.findings)) <= 1
        if after.verdict == before.verdict:
            assert after.to_dict() == before.to_dict()
            continue
        # beyond approve / ok, only the reject head raises a review and the complaint head a flag
        assert before.verdict == DEFAULT_VERDICT[r.direction] or (before.verdict, after.verdict) in {
            ("review", "reject"),
            ("flag", "complaint"),
        }
        escalated += 1
        rejected += before.verdict == "review"
    assert escalated and rejected  # the shipped model does escalate some of these texts, review ones too


def _always() -> LearnedStage:
    """A stage whose heads fire on every text they may raise: reject from review, review from approve, flag
    from ok.  The engine must still leave every other verdict alone."""
    return LearnedStage(
        {
            "outgoing": [
                Head("reject", 100.0, 0.0, {}, 1, frozenset({"review"}), frozenset({"guarantee"})),
                Head("review", 100.0, 0.0, {}, 1, frozenset({"approve"})),
            ],
            "inbound": [Head("flag", 100.0, 0.0, {}, 1, frozenset({"ok"}))],
        },
        {"outgoing": {"misleading": (0.0, {}), "guarantee": (-1.0, {})}, "inbound": {"pii": (0.0, {})}},
    )


@functools.cache
def _always_engine() -> Engine:
    return Engine(default_engine().ruleset, learned=_always())


@pytest.mark.parametrize(
    ("text", "direction", "verdict"),
    [
        ("Guaranteed 12% returns, zero risk!", "outgoing", "reject"),
        ("You lost my retirement money and I want it back. I'm filing a complaint.", "inbound", "complaint"),
        ("Can you sell my Apple shares today?", "inbound", "flag"),
    ],
)
def test_a_stage_that_always_fires_never_changes_a_verdict_it_may_not_raise(
    text: str, direction: str, verdict: str
) -> None:
    plain = rules_only().screen(text, "x", direction)
    assert plain.verdict == verdict
    assert _always_engine().screen(text, "x", direction).to_dict() == plain.to_dict()


def test_a_review_the_reject_head_raises_keeps_the_rules_findings_categories_and_disclosures() -> None:
    text = "Thinking about $NVDA here, up 40% this year for our clients"
    plain = rules_only().screen(text, "x", "outgoing")
    assert plain.verdict == "review"
    res = _always_engine().screen(text, "x", "outgoing")
    assert res.verdict == "reject"
    (f,) = _learned(res.findings)
    assert (f.severity, f.category) == ("reject", "guarantee")  # the head's only allowed category
    assert [x for x in res.findings if x is not f] == plain.findings
    assert res.categories == sorted({*plain.categories, "guarantee"})
    assert res.disclosures == plain.disclosures


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.sampled_from(("outgoing", "inbound")))
def test_escalation_is_the_only_change_on_any_text(text: str, direction: str) -> None:
    plain = rules_only().screen(text, "x", direction)
    res = _always_engine().screen(text, "x", direction)
    raised = {"approve": "review", "review": "reject", "ok": "flag"}.get(plain.verdict)
    if raised is None:
        assert res.to_dict() == plain.to_dict()
        return
    assert res.verdict == raised
    (f,) = _learned(res.findings)
    assert (f.start, f.end, f.excerpt) == (0, len(text), text)
    assert [x for x in res.findings if x is not f] == plain.findings


def test_every_learned_finding_is_valid_and_explained() -> None:
    seen = 0
    for r in _records():
        res = default_engine().screen(r.text, r.network, r.direction)
        for f in _learned(res.findings):
            seen += 1
            head_to = f.rule.rsplit("@", 1)[0].rsplit(".", 1)[1]
            assert f.rule == f"learned.{r.direction}.{head_to}@{shipped_stage().version}"  # names the model
            assert f.severity == head_to == res.verdict
            assert f.severity in SEVERITIES[r.direction][1:]
            assert (f.start, f.end, f.excerpt) == (0, len(r.text), r.text)
            assert f.category in CATEGORIES and f.category != "none"
            assert f.category in res.categories
            if head_to == "complaint":
                assert f.category == "complaint"
            if head_to == "flag":
                assert f.category != "complaint"
            assert "learned model: score " in f.rationale and " >= threshold " in f.rationale
            assert "strongest cues: '" in f.rationale
            figures = re.search(r"score (-?[\d.]+) >= threshold (-?[\d.]+)", f.rationale)
            assert figures, f.rationale
            assert float(figures[1]) >= float(figures[2])
    assert seen


def test_it_is_deterministic() -> None:
    fresh = Engine(default_engine().ruleset, learned=LearnedStage.load())
    for r in _records()[:150]:
        first = default_engine().screen(r.text, r.network, r.direction)
        assert default_engine().screen(r.text, r.network, r.direction) == first
        assert fresh.screen(r.text, r.network, r.direction) == first


def test_the_data_file_is_small_and_names_the_files_it_was_trained_on() -> None:
    assert DATA_FILE.stat().st_size < 3_500_000  # grows with the training vocabulary (2.7 MB on 57,745 texts)
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert data["format"] == 1
    assert [(h["direction"], h["to"], h["from"]) for h in data["heads"]] == [
        ("outgoing", "reject", ["approve", "review"]),
        ("outgoing", "review", ["approve"]),
        ("inbound", "complaint", ["flag", "ok"]),
        ("inbound", "flag", ["ok"]),
    ]
    (reject,) = [h for h in data["heads"] if h["to"] == "reject"]
    assert reject["categories"] and not {"forecast", "specific_security", "none"} & set(reject["categories"])
    paths = [t["path"] for t in data["trained_on"]]
    assert not {f"bench/holdout{n}.jsonl" for n in range(152, 182)} & set(paths)  # the test sets stay unseen
    checked = 0
    for t in data["trained_on"]:
        path = (REPO / t["path"]).resolve()
        if not path.exists():  # dev.jsonl lives beside the repository and may be absent
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest == t["sha256"], f"{t['path']} changed since training: run bench/train_learned.py"
        assert len(load_corpus(path)) == t["records"]
        checked += 1
    assert checked >= 4


def test_it_never_raises_a_category_the_rule_set_does_not_screen_for() -> None:
    """A compliance admin who takes a category out of the firm's rules has decided not to screen for it."""
    data = default_engine().ruleset.to_dict()
    without_pii = RuleSet.from_dict({**data, "rules": [r for r in data["rules"] if r["category"] != "pii"]})
    text = "Thanks for the webinar yesterday, see you at the next one."
    assert _always_engine().screen(text, "x", "inbound").categories == ["pii"]
    assert Engine(without_pii, learned=_always()).screen(text, "x", "inbound").verdict == "ok"


def _harmless_near_misses() -> list[tuple[str, str]]:
    """The harmless texts the rule tests pin (negations, warnings, approved channels, idioms, invalid SSNs)."""
    from clearpost.policy.tests import test_engine_generalisation as gen
    from clearpost.policy.tests import test_engine_robustness as rob
    from clearpost.policy.tests import test_engine_screen as scr

    def params(test: object) -> list:
        return list(test.pytestmark[0].args[1])  # type: ignore[attr-defined]

    texts = [(d, t) for d, t, v in gen.HARMLESS + rob.HARMLESS if v in DEFAULT_VERDICT.values()]
    texts += [("outgoing", t) for t in params(scr.test_negations_warnings_and_quotations_do_not_trigger)]
    texts += [("outgoing", t) for t in params(scr.test_approved_channels_are_fine)]
    texts += [("outgoing", t) for t in params(scr.test_number_like_strings_are_not_pii)]
    texts += [("outgoing", f"Reference {n} on the form.") for n in params(scr.test_invalid_ssns_do_not_fire)]
    texts += [("inbound", t) for t in params(scr.test_benign_inbound_is_ok)]
    return texts


def test_every_head_needs_words_that_point_its_way() -> None:
    # a text scores the bias when the head knows none of its words, and a threshold set by the budget alone may
    # lie below it: the words that push the score up must then weigh min_evidence together
    for heads in shipped_stage().heads.values():
        assert all(h.min_evidence > 0 for h in heads)
    weights = {"soar": 0.6, "double": 0.7, "picnic": -0.5}
    head = Head("review", 2.0, 0.0, weights, 1, frozenset({"approve"}), min_evidence=1.0)
    assert head.score(" zzqx vbnm ") >= head.threshold and not head.fires(" zzqx vbnm ")
    assert not head.fires(" soar picnic ")  # 0.6 of evidence
    assert head.fires(" soar double picnic ")  # 1.3, whatever the picnic takes away
    timid = Head("review", -2.0, 0.0, weights, 1, frozenset({"approve"}), min_evidence=1.0)
    assert not timid.fires(" soar double ")  # evidence, but the score stays below the threshold


def test_a_number_is_never_evidence() -> None:
    # the stage memorised the made-up digits of its training texts; a number only adds to words that point its way
    head = Head(
        "reject",
        0.0,
        1.0,
        {"58": 5.0, "12 58": 5.0, "note": 0.4, "guaranteed": 0.8},
        2,  # word pairs too: "12 58" is a number as well
        frozenset({"approve"}),
        min_evidence=1.0,
    )
    assert head.score(" note 12 58 ") >= head.threshold and not head.fires(" note 12 58 ")
    assert head.fires(" note 12 58 guaranteed ")
    assert not any(
        default_engine().screen(f"Note {n}: see you Friday", "x", "outgoing").verdict != "approve"
        for n in range(1, 2000)
    )


@pytest.mark.parametrize("text", ["", "zzqx vbnm", "é" * 50, "🙂🙂🙂"])
def test_a_text_without_evidence_is_never_escalated(text: str) -> None:
    # unknown words (or none) leave the rules' verdict alone
    for direction in ("outgoing", "inbound"):
        assert not _learned(default_engine().screen(text, "x", direction).findings), (text, direction)


def test_its_false_alarms_on_the_rule_tests_harmless_texts_stay_few() -> None:
    """A bag of words cannot read a negation or an idiom: on the near-misses the rule tests pin as harmless, the
    stage escalates a few (7 of 48 trained on 27,292 texts, 10 on 57,745, where "reference" became a reject cue
    that five invalid-SSN fixtures share; its review head may escalate a tenth of harmless training texts, see
    eval_learned.Params); a retrain that escalates many more has lost precision."""
    texts = _harmless_near_misses()
    assert len(texts) >= 40
    escalated = [
        t
        for d, t in texts
        if rules_only().screen(t, "x", d).verdict == DEFAULT_VERDICT[d]
        and default_engine().screen(t, "x", d).verdict != DEFAULT_VERDICT[d]
    ]
    assert len(escalated) <= len(texts) // 4, escalated


def test_a_match_the_rules_cleared_for_its_context_is_not_overruled() -> None:
    """ "never ... WhatsApp" is a negation the rules read and cleared; a stage that fires on every text still
    leaves it approved, while the same text without the negation is rejected by the rules themselves."""
    cleared = "I will never contact you on WhatsApp about your account."
    assert rules_only().screen(cleared, "x", "outgoing").verdict == "approve"
    assert _always_engine().screen(cleared, "x", "outgoing").verdict == "approve"
    plain = "Contact me on WhatsApp about your account."
    assert rules_only().screen(plain, "x", "outgoing").verdict == "reject"
    harmless = "See you all at the picnic on Saturday."
    assert _always_engine().screen(harmless, "x", "outgoing").verdict == "review"  # nothing cleared: it fires


def _held_stage() -> LearnedStage:
    """A reject head (threshold 2.0, held threshold 1.0) before a review head, on made-up weights."""
    reject = Head(
        "reject",
        0.0,
        2.0,
        {"moon": 1.5, "sure": 1.0},
        1,
        frozenset({"approve", "review"}),
        min_evidence=1.0,
        held_threshold=1.0,
    )
    review = Head("review", 0.0, 1.0, {"moon": 0.5, "soon": 1.0}, 1, frozenset({"approve"}), min_evidence=1.0)
    return LearnedStage({"outgoing": [reject, review]}, {"outgoing": {"promissory": (0.0, {"moon": 1.0})}})


def test_a_text_already_held_for_review_meets_the_reject_heads_held_threshold() -> None:
    stage = _held_stage()
    screened = frozenset({"promissory"})
    # 1.5 is below the reject threshold, and nothing else holds the text: it keeps the rules' approve
    assert stage.escalate("to the moon", " to the moon ", "outgoing", screened) is None
    # the rules hold it for review: 1.5 reaches the held threshold
    held = stage.escalate("to the moon", " to the moon ", "outgoing", screened, "review")
    assert held is not None and held.severity == "reject"
    assert "threshold 1.00 for a text held for review" in held.rationale
    # the review head holds it (0.5 + 1.0): rejected at once
    both = stage.escalate("moon soon", " moon soon ", "outgoing", screened)
    assert both is not None and both.severity == "reject"
    # the review head alone: a review
    soon = stage.escalate("soon", " soon ", "outgoing", screened)
    assert soon is not None and soon.severity == "review"
    assert stage.escalate("to the moon", " to the moon ", "outgoing", screened, "reject") is None


def test_the_shipped_reject_head_has_a_held_threshold_below_its_own() -> None:
    (reject, _review) = shipped_stage().heads["outgoing"]
    assert reject.to == "reject" and reject.held_threshold < reject.threshold
    assert all(h.held_threshold == h.threshold for h in shipped_stage().heads["inbound"])

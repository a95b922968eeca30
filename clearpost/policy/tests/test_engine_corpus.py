"""Regression guard: the dev-corpus metrics stay above the targets of the policy-engine issue."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearpost.policy.engine import default_engine
from clearpost.policy.engine.evaluation import TARGETS, engine_predictor, evaluate, load_corpus

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "dev.jsonl"


@pytest.mark.skipif(not CORPUS.exists(), reason=f"labelled dev corpus not found at {CORPUS}")
def test_dev_corpus_metrics_meet_targets() -> None:
    report = evaluate(load_corpus(CORPUS), engine_predictor(default_engine()))
    low = {k: round(v, 3) for k, v in report.targets.items() if v < TARGETS[k]}
    assert not low, f"below target: {low}"

"""Accuracy measurement for the policy engine against a labelled corpus (corpus/README.md format).

Used by ``bench/eval_policy.py`` and by the regression test that keeps dev-corpus metrics above target.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine import Engine
from .ruleset import RuleSet
from .vocabulary import CATEGORIES, SEVERITIES, VERDICTS

Predictor = Callable[[str, str, str], tuple[str, list[str]]]

# Targets from the policy-engine issue, measured by the owners on held-out texts.
TARGETS: dict[str, float] = {
    "outgoing recall(reject)": 0.95,
    "outgoing recall(review+reject)": 0.97,
    "outgoing precision(approve)": 0.95,
    "outgoing precision(reject)": 0.85,
    "outgoing recall(approve)": 0.80,
    "inbound recall(complaint)": 0.90,
}


@dataclass
class Record:
    id: str
    network: str
    direction: str
    text: str
    verdict: str
    categories: list[str]


@dataclass
class Report:
    n: dict[str, int] = field(default_factory=dict)
    verdict_pr: dict[str, dict[str, tuple[float, float, int]]] = field(default_factory=dict)
    category_pr: dict[str, tuple[float, float, int]] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)
    errors: list[tuple[Record, str, list[str]]] = field(default_factory=list)


def load_corpus(path: str | Path) -> list[Record]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            out.append(
                Record(d["id"], d["network"], d["direction"], d["text"], d["verdict"], list(d["categories"]))
            )
    return out


def _pr(pred: list[bool], gold: list[bool]) -> tuple[float, float, int]:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    np_ = sum(pred)
    ng = sum(gold)
    precision = tp / np_ if np_ else 1.0
    recall = tp / ng if ng else 1.0
    return precision, recall, ng


def evaluate(records: Iterable[Record], predict: Predictor) -> Report:
    recs = list(records)
    preds = [predict(r.text, r.network, r.direction) for r in recs]
    rep = Report()
    for direction in ("outgoing", "inbound"):
        idx = [i for i, r in enumerate(recs) if r.direction == direction]
        rep.n[direction] = len(idx)
        verdicts = list(VERDICTS[direction][s] for s in SEVERITIES[direction])
        verdicts = [v for v in dict.fromkeys(verdicts)]
        rep.verdict_pr[direction] = {}
        for v in verdicts:
            rep.verdict_pr[direction][v] = _pr(
                [preds[i][0] == v for i in idx], [recs[i].verdict == v for i in idx]
            )
    for c in CATEGORIES:
        rep.category_pr[c] = _pr([c in p[1] for p in preds], [c in r.categories for r in recs])
    out_idx = [i for i, r in enumerate(recs) if r.direction == "outgoing"]
    in_idx = [i for i, r in enumerate(recs) if r.direction == "inbound"]
    vo = rep.verdict_pr["outgoing"]
    rep.targets["outgoing recall(reject)"] = vo["reject"][1]
    risky = _pr(
        [preds[i][0] in ("review", "reject") for i in out_idx],
        [recs[i].verdict in ("review", "reject") for i in out_idx],
    )
    rep.targets["outgoing recall(review+reject)"] = risky[1]
    rep.targets["outgoing precision(approve)"] = vo["approve"][0]
    rep.targets["outgoing precision(reject)"] = vo["reject"][0]
    rep.targets["outgoing recall(approve)"] = vo["approve"][1]
    rep.targets["inbound recall(complaint)"] = _pr(
        [preds[i][0] == "complaint" for i in in_idx], [recs[i].verdict == "complaint" for i in in_idx]
    )[1]
    for i, r in enumerate(recs):
        if preds[i][0] != r.verdict:
            rep.errors.append((r, preds[i][0], preds[i][1]))
    return rep


def engine_predictor(engine: Engine) -> Predictor:
    def predict(text: str, network: str, direction: str) -> tuple[str, list[str]]:
        res = engine.screen(text, network, direction)
        return res.verdict, res.categories

    return predict


def keyword_predictor(ruleset: RuleSet) -> Predictor:
    """The naive baseline: lower-cased substring search of each rule's phrases; no normalisation, negation,
    proximity, regexes or detectors."""
    table: dict[str, list[tuple[str, str, str]]] = {"outgoing": [], "inbound": []}
    for r in ruleset.rules:
        for d in r.directions:
            for p in r.phrases:
                table[d].append((p.lower(), r.category, r.severity[d]))
    rank = {d: {s: i for i, s in enumerate(SEVERITIES[d])} for d in SEVERITIES}

    def predict(text: str, network: str, direction: str) -> tuple[str, list[str]]:
        low = text.lower()
        top = 0
        cats: set[str] = set()
        for phrase, cat, sev in table[direction]:
            if phrase in low:
                r = rank[direction][sev]
                if r > 0:
                    cats.add(cat)
                    top = max(top, r)
        verdict = VERDICTS[direction][SEVERITIES[direction][top]]
        return verdict, sorted(cats) or ["none"]

    return predict


def format_report(engine_rep: Report, baseline_rep: Report | None = None) -> str:
    lines: list[str] = []

    def fmt(v: float) -> str:
        return f"{v:5.3f}"

    hdr = "engine P  engine R" + ("   kw P    kw R" if baseline_rep else "")
    for direction in ("outgoing", "inbound"):
        lines.append(f"\n{direction} verdicts (n={engine_rep.n.get(direction, 0)})")
        lines.append(f"  {'verdict':<12} {'n':>4}  {hdr}")
        for v, (p, r, n) in engine_rep.verdict_pr[direction].items():
            row = f"  {v:<12} {n:>4}  {fmt(p):>8}  {fmt(r):>8}"
            if baseline_rep:
                bp, br, _ = baseline_rep.verdict_pr[direction][v]
                row += f"  {fmt(bp):>6}  {fmt(br):>6}"
            lines.append(row)
    lines.append("\ncategories (both directions)")
    lines.append(f"  {'category':<20} {'n':>4}  {hdr}")
    for c, (p, r, n) in engine_rep.category_pr.items():
        row = f"  {c:<20} {n:>4}  {fmt(p):>8}  {fmt(r):>8}"
        if baseline_rep:
            bp, br, _ = baseline_rep.category_pr[c]
            row += f"  {fmt(bp):>6}  {fmt(br):>6}"
        lines.append(row)
    lines.append("\ntargets")
    lines.append(f"  {'metric':<34} {'target':>6}  {'engine':>6}" + ("  keyword" if baseline_rep else ""))
    for k, target in TARGETS.items():
        value = engine_rep.targets[k]
        ok = "ok " if value >= target else "LOW"
        row = f"  {k:<34} {target:>6.2f}  {fmt(value):>6} {ok}"
        if baseline_rep:
            row += f"  {fmt(baseline_rep.targets[k])}"
        lines.append(row)
    return "\n".join(lines)


def report_dict(rep: Report) -> dict[str, Any]:
    return {"n": rep.n, "verdicts": rep.verdict_pr, "categories": rep.category_pr, "targets": rep.targets}

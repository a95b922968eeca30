"""The learned stage: a light model that may escalate what the rules let through (issue #3, item 5).

Logistic heads over the words of the engine's words view (already folded and de-obfuscated), loaded from
``data/learned.json`` (rebuilt by ``bench/train_learned.py``; measured by ``bench/eval_learned.py``):

* outgoing: approve -> review;
* inbound: ok -> complaint (complaint head), else ok -> flag (flag head).

It runs only where the rules said approve / ok and only escalates: it never downgrades and never touches a
text the rules already escalated.  Scoring is one dict look-up per word, so it costs little beside the rules.
Each escalation is explained by a finding naming the score, the threshold and the words that weighed most.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from itertools import pairwise, repeat
from operator import add
from pathlib import Path
from typing import Any

from .results import Finding
from .vocabulary import CATEGORIES, DEFAULT_VERDICT

DATA_FILE = Path(__file__).with_name("data") / "learned.json"
FORMAT = 1

# Why each head escalates and who decides, shown to reviewers with the finding.
_WHY = {
    "review": (
        "Resembles posts that need a principal's review",
        "FINRA 3110 supervision: a principal decides.",
    ),
    "flag": (
        "Resembles messages that need a supervisor's look",
        "FINRA 3110(b): a supervisor reviews the correspondence.",
    ),
    "complaint": (
        "Resembles customer complaints",
        "FINRA 4530(d) and 4513: a supervisor decides whether to record it as a complaint.",
    ),
}
_CUES = 4  # words named in a rationale


def features(words: str, ngram: int) -> list[str]:
    """Words of the words view, then word pairs ("a b") when ``ngram`` is 2; duplicates kept (counts)."""
    toks = words.split()
    if ngram < 2:
        return toks
    return toks + [a + " " + b for a, b in pairwise(toks)]


class Head:
    """One binary logistic model: escalate to ``to`` when the logit reaches ``threshold``."""

    __slots__ = ("bias", "ngram", "threshold", "to", "weights")

    def __init__(self, to: str, bias: float, threshold: float, weights: dict[str, float], ngram: int) -> None:
        self.to = to
        self.bias = bias
        self.threshold = threshold
        self.weights = weights
        self.ngram = ngram

    def score(self, words: str) -> float:
        """The logit: map() over dict.get keeps the per-word loop in C (misses give None, dropped by filter).
        This is the stage's whole cost on a text it lets through."""
        toks = words.split()
        get = self.weights.get
        s = self.bias + sum(filter(None, map(get, toks)))
        if self.ngram > 1 and len(toks) > 1:
            s += sum(filter(None, map(get, map(add, map(add, toks, repeat(" ")), toks[1:]))))
        return s

    def cues(self, words: str, n: int = _CUES) -> list[str]:
        """The ``n`` features that pushed the score up most (weight times count), strongest first."""
        total: dict[str, float] = {}
        get = self.weights.get
        for f in features(words, self.ngram):
            w = get(f)
            if w and w > 0:
                total[f] = total.get(f, 0.0) + w
        return [f for f, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


class LearnedStage:
    """The heads per direction (tried in order) and the category heads that name an escalation's category."""

    def __init__(
        self,
        heads: Mapping[str, list[Head]],
        categories: Mapping[str, Mapping[str, tuple[float, dict[str, float]]]],
        *,
        version: str = "",
    ) -> None:
        self.heads = {d: list(heads.get(d, ())) for d in DEFAULT_VERDICT}
        self.categories = {d: dict(categories.get(d, {})) for d in DEFAULT_VERDICT}
        self.version = version

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LearnedStage:
        if data.get("format") != FORMAT:
            raise ValueError(f"learned stage: unsupported format {data.get('format')!r}; expected {FORMAT}")
        ngram = int(data.get("params", {}).get("ngram", 1))
        heads: dict[str, list[Head]] = {d: [] for d in DEFAULT_VERDICT}
        for h in data["heads"]:
            direction, to = h["direction"], h["to"]
            if direction not in DEFAULT_VERDICT or to not in _WHY:
                raise ValueError(f"learned stage: bad head {direction!r} -> {to!r}")
            weights = {str(k): float(v) for k, v in h["weights"].items()}
            heads[direction].append(Head(to, float(h["bias"]), float(h["threshold"]), weights, ngram))
        cats: dict[str, dict[str, tuple[float, dict[str, float]]]] = {d: {} for d in DEFAULT_VERDICT}
        for direction, per_cat in data.get("categories", {}).items():
            for cat, c in per_cat.items():
                if cat not in CATEGORIES:
                    raise ValueError(f"learned stage: unknown category {cat!r}")
                cats[direction][cat] = (float(c["bias"]), {str(k): float(v) for k, v in c["weights"].items()})
        # Named by the hash of its content, like a rule set: each finding carries it, so a stored result says
        # which model escalated it even after a retrain.
        canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return cls(heads, cats, version=hashlib.sha256(canonical.encode()).hexdigest()[:12])

    @classmethod
    def load(cls, path: str | Path = DATA_FILE) -> LearnedStage:
        with open(path, encoding="utf-8") as fh:
            return cls.from_dict(json.load(fh))

    def escalate(self, text: str, words: str, direction: str, screened: AbstractSet[str]) -> Finding | None:
        """A finding when a head escalates ``text`` (whose words view is ``words``), else None.  The caller
        asks only when the rules' verdict is approve / ok: the stage never lowers a verdict.  ``screened``: the
        categories the active rule set screens for; an escalation in any other category is dropped (the firm
        chose not to screen for it)."""
        for head in self.heads[direction]:
            s = head.score(words)
            if s >= head.threshold:
                category = "complaint" if head.to == "complaint" else self.category(words, direction)
                return self._finding(text, words, direction, head, s, category) if category in screened else None
        return None

    def category(self, words: str, direction: str) -> str:
        """The category whose one-vs-rest head scores highest ("" without category heads: an escalation that
        cannot name its category is dropped, like one in a category the rule set leaves out)."""
        toks = words.split()
        best, best_score = "", float("-inf")
        for cat in sorted(self.categories[direction]):
            bias, weights = self.categories[direction][cat]
            s = bias + sum(filter(None, map(weights.get, toks)))
            if s > best_score:
                best, best_score = cat, s
        return best

    def _finding(self, text: str, words: str, direction: str, head: Head, s: float, category: str) -> Finding:
        cues = ", ".join(f"'{c}'" for c in head.cues(words))
        lead, who = _WHY[head.to]
        rationale = (
            f"{lead} (learned model: score {s:.2f} >= threshold {head.threshold:.2f}"
            f"{'; strongest cues: ' + cues if cues else ''}). {who}"
        )
        rule = f"learned.{direction}.{head.to}@{self.version}" if self.version else f"learned.{direction}.{head.to}"
        return Finding(rule, category, head.to, 0, len(text), text, rationale)


@functools.cache
def shipped_stage() -> LearnedStage:
    """The stage in ``data/learned.json``, loaded once per process."""
    return LearnedStage.load()

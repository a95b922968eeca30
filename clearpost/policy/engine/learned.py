"""The learned stage: a light model that may escalate what the rules let through (issue #3, item 5).

Logistic heads over the words of the engine's words view (already folded and de-obfuscated), loaded from
``data/learned.json`` (rebuilt by ``bench/train_learned.py``; measured by ``bench/eval_learned.py``):

* outgoing: approve or review -> reject (reject head), else approve -> review (review head);
* inbound: ok -> complaint (complaint head), else ok -> flag (flag head).

Each head names the verdicts it may raise (``from``): it runs only where the rules' verdict is one of them
and only escalates, so it never downgrades and never touches a text the rules already rejected.  Scoring is
one dict look-up per word, so it costs little beside the rules.  Each escalation is explained by a finding
naming the score, the threshold and the words that weighed most.
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
from .vocabulary import CATEGORIES, DEFAULT_VERDICT, SEVERITIES, VERDICTS

DATA_FILE = Path(__file__).with_name("data") / "learned.json"
FORMAT = 1
RULE_PREFIX = "learned."  # every finding of the stage: learned.<direction>.<to>@<model>


def is_learned(rule: str) -> bool:
    """Whether a finding's rule id is the learned stage's rather than a rule's."""
    return rule.startswith(RULE_PREFIX)


# Why each head escalates and who decides, shown to reviewers with the finding.
_WHY = {
    "reject": (
        "Resembles posts that must not be published as written",
        "FINRA 2210(d)(1): no promissory, exaggerated or misleading statements; a principal may overrule.",
    ),
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
    """One binary logistic model: escalate a text whose verdict is in ``raises`` to ``to`` when the logit
    reaches ``threshold`` and the words that push it up weigh at least ``min_evidence`` together, naming one
    of ``categories`` (empty: any category the stage knows).  ``held_threshold`` (when set, at most
    ``threshold``) applies instead to a text already held for review: one the rules put above the direction's
    default verdict, or that a later head escalates."""

    __slots__ = (
        "bias",
        "categories",
        "held_threshold",
        "min_evidence",
        "ngram",
        "positive",
        "raises",
        "threshold",
        "to",
        "weights",
    )

    def __init__(
        self,
        to: str,
        bias: float,
        threshold: float,
        weights: dict[str, float],
        ngram: int,
        raises: frozenset[str],
        categories: frozenset[str] = frozenset(),
        min_evidence: float = 0.0,
        held_threshold: float | None = None,
    ) -> None:
        self.to = to
        self.bias = bias
        self.threshold = threshold
        self.held_threshold = threshold if held_threshold is None else min(held_threshold, threshold)
        self.weights = weights
        # has_evidence's table (a C-level sum).  A bare number is never evidence: the stage has memorised the
        # made-up account, phone and SSN digits, ages and years of its training texts (trained up to holdout121,
        # 49 of 3,999 posts "Note N: see you Friday" escalated on N alone, none without numbers as evidence).
        # Numbers still move the score of a text whose words point the head's way.
        self.positive = {f: w for f, w in weights.items() if w > 0 and not f.replace(" ", "").isdigit()}
        self.ngram = ngram
        self.raises = raises
        self.categories = categories
        self.min_evidence = min_evidence

    def score(self, words: str) -> float:
        """The logit: map() over dict.get keeps the per-word loop in C (misses give None, dropped by filter).
        This is the stage's whole cost on a text it lets through."""
        toks = words.split()
        get = self.weights.get
        s = self.bias + sum(filter(None, map(get, toks)))
        if self.ngram > 1 and len(toks) > 1:
            s += sum(filter(None, map(get, map(add, map(add, toks, repeat(" ")), toks[1:]))))
        return s

    def has_evidence(self, feats: list[str]) -> bool:
        """Whether the positive weights of ``feats`` (:func:`features`) reach ``min_evidence``.  The threshold may
        lie below the bias (a text the head knows nothing about scores the bias), so a text escalates only on
        words that point towards ``to``, never for want of words that point away."""
        return sum(filter(None, map(self.positive.get, feats))) >= self.min_evidence

    def fires(self, words: str, held: bool = False) -> bool:
        """Whether the head escalates a text whose words view is ``words`` (``held``: already held for review)."""
        threshold = self.held_threshold if held else self.threshold
        return self.score(words) >= threshold and self.has_evidence(features(words, self.ngram))

    def cues(self, feats: list[str], n: int = _CUES) -> list[str]:
        """The ``n`` of a text's features (:func:`features`) that pushed the score up most (weight times count),
        strongest first."""
        total: dict[str, float] = {}
        get = self.weights.get
        for f in feats:
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
        # (category, bias, weights) in name order, so that a tie goes to the first name whatever the data's order
        self._category_heads = {
            d: [(cat, *categories[d][cat]) for cat in sorted(categories.get(d, {}))] for d in DEFAULT_VERDICT
        }
        # per direction, each word's weights in every category head: one look-up per word scores them all
        self._category_weights = {d: _weights_by_word(self._category_heads[d]) for d in DEFAULT_VERDICT}
        self.version = version
        self._paired = {d: _paired_weights(self.heads[d]) for d in DEFAULT_VERDICT}
        # per direction, the verdicts some head may raise: any other is returned at once, unscored
        self.raises = {d: frozenset().union(*(h.raises for h in self.heads[d])) for d in DEFAULT_VERDICT}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LearnedStage:
        if data.get("format") != FORMAT:
            raise ValueError(f"learned stage: unsupported format {data.get('format')!r}; expected {FORMAT}")
        ngram = int(data.get("params", {}).get("ngram", 1))
        heads: dict[str, list[Head]] = {d: [] for d in DEFAULT_VERDICT}
        for h in data["heads"]:
            direction, to = h["direction"], h["to"]
            raises = frozenset(h.get("from", (DEFAULT_VERDICT.get(direction),)))
            if direction not in DEFAULT_VERDICT or to not in _WHY or to not in VERDICTS[direction]:
                raise ValueError(f"learned stage: bad head {direction!r} -> {to!r}")
            ladder = [VERDICTS[direction][s] for s in SEVERITIES[direction]]  # lowest first
            if not raises or not all(v in ladder and ladder.index(v) < ladder.index(to) for v in raises):
                raise ValueError(f"learned stage: head {direction!r} -> {to!r} cannot raise {sorted(raises)}")
            allowed = frozenset(h.get("categories", ()))
            if not allowed <= set(CATEGORIES):
                raise ValueError(f"learned stage: unknown categories {sorted(allowed - set(CATEGORIES))}")
            weights = {str(k): float(v) for k, v in h["weights"].items()}
            evidence = float(h.get("min_evidence", 0.0))
            held = h.get("held_threshold")
            heads[direction].append(
                Head(
                    to,
                    float(h["bias"]),
                    float(h["threshold"]),
                    weights,
                    ngram,
                    raises,
                    allowed,
                    evidence,
                    None if held is None else float(held),
                )
            )
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

    def escalate(
        self, text: str, words: str, direction: str, screened: AbstractSet[str], verdict: str | None = None
    ) -> Finding | None:
        """A finding when a head escalates ``text`` (whose words view is ``words``) from the rules' ``verdict``
        (default: approve / ok), else None.  Only heads that may raise that verdict are tried, so the stage
        never lowers one.  ``screened``: the categories the active rule set screens for; an escalation in any
        other category is dropped (the firm chose not to screen for it)."""
        if verdict is None:
            verdict = DEFAULT_VERDICT[direction]
        if verdict not in self.raises[direction]:
            return None
        heads = self.heads[direction]
        paired = self._paired[direction]
        toks = words.split()
        scores: tuple[float, ...]
        if paired is not None:  # both heads' logits from one look-up per word (real part: first head)
            z = sum(filter(None, map(paired.get, toks)), 0j)
            scores = (heads[0].bias + z.real, heads[1].bias + z.imag)
        else:
            scores = tuple(head.score(words) for head in heads)
        for i, head in enumerate(heads):
            if verdict not in head.raises:
                continue
            s = scores[i]
            threshold = head.threshold
            if head.held_threshold <= s < threshold and self._held(words, direction, verdict, scores, i + 1):
                threshold = head.held_threshold
            if s >= threshold:
                feats = toks if head.ngram < 2 else features(words, head.ngram)
                if not head.has_evidence(feats):
                    continue
                category = "complaint" if head.to == "complaint" else self.category(toks, direction, head.categories)
                if category not in screened:
                    return None
                return self._finding(text, feats, direction, head, s, threshold, category)
        return None

    def _held(self, words: str, direction: str, verdict: str, scores: tuple[float, ...], later: int) -> bool:
        """Whether a text is already held for review: the rules put it above the default verdict, or a head
        from ``later`` on escalates it."""
        if verdict != DEFAULT_VERDICT[direction]:
            return True
        feats = None
        for head, s in zip(self.heads[direction][later:], scores[later:], strict=True):
            if verdict in head.raises and s >= head.threshold:
                if feats is None:
                    feats = features(words, head.ngram)
                if head.has_evidence(feats):
                    return True
        return False

    def category(self, toks: list[str], direction: str, allowed: AbstractSet[str] = frozenset()) -> str:
        """The category whose one-vs-rest head scores highest on the words ``toks``, among ``allowed`` when
        given ("" without category heads: an escalation that cannot name its category is dropped, like one in
        a category the rule set leaves out)."""
        heads = self._category_heads[direction]
        table = self._category_weights[direction]
        rows = [row for row in map(table.get, toks) if row is not None]
        # each head's weights summed in word order (a column of the words' rows), as sum() over its own weights
        # would: the same floats, added in C rather than one by one
        sums = list(map(sum, zip(*rows, strict=True))) if rows else [0.0] * len(heads)
        best, best_score = "", float("-inf")
        for i, (cat, bias, _weights) in enumerate(heads):
            if allowed and cat not in allowed:
                continue
            s = bias + sums[i]
            if s > best_score:
                best, best_score = cat, s
        return best

    def _finding(
        self, text: str, feats: list[str], direction: str, head: Head, s: float, threshold: float, category: str
    ) -> Finding:
        cues = ", ".join(f"'{c}'" for c in head.cues(feats))
        lead, who = _WHY[head.to]
        held = " for a text held for review" if threshold < head.threshold else ""
        rationale = (
            f"{lead} (learned model: score {s:.2f} >= threshold {threshold:.2f}{held}"
            f"{'; strongest cues: ' + cues if cues else ''}). {who}"
        )
        rule = f"{RULE_PREFIX}{direction}.{head.to}" + (f"@{self.version}" if self.version else "")
        return Finding(rule, category, head.to, 0, len(text), text, rationale)


def _weights_by_word(heads: list[tuple[str, float, dict[str, float]]]) -> dict[str, tuple[float, ...]]:
    """Category heads' weights by word: each word's weight in every head (0.0 where it has none), in head order."""
    n = len(heads)
    rows: dict[str, list[float]] = {}
    for i, (_cat, _bias, weights) in enumerate(heads):
        for word, w in weights.items():
            if w:
                rows.setdefault(word, [0.0] * n)[i] = w
    return {word: tuple(row) for word, row in rows.items()}


def _paired_weights(heads: list[Head]) -> dict[str, complex] | None:
    """Two word heads' weights as one dict of complex numbers (first head real, second imaginary), so that one
    dict look-up per word and one C-level sum() score both: 0.6x the cost of scoring them one by one.  None
    for any other number of heads or with word pairs (scored head by head)."""
    if len(heads) != 2 or any(h.ngram > 1 for h in heads):
        return None
    a, b = heads
    return {w: complex(a.weights.get(w, 0.0), b.weights.get(w, 0.0)) for w in a.weights.keys() | b.weights.keys()}


@functools.cache
def shipped_stage() -> LearnedStage:
    """The stage in ``data/learned.json``, loaded once per process."""
    return LearnedStage.load()

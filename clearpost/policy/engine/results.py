"""Screening results: findings and the result of one screen (both immutable NamedTuples)."""

from __future__ import annotations

from typing import Any, NamedTuple

from . import length as _length


class Finding(NamedTuple):
    """One rule match.  ``start``/``end`` index the original text and ``excerpt == text[start:end]``.

    A NamedTuple: immutable and several times cheaper to build than a frozen dataclass."""

    rule: str
    category: str
    severity: str
    start: int
    end: int
    excerpt: str
    rationale: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
        }


class ScreenResult(NamedTuple):
    """The outcome of screening one text (immutable)."""

    verdict: str
    categories: list[str]
    findings: list[Finding]
    length: _length.LengthReport
    policy_version: str
    disclosures: list[str] = []
    direction: str = "outgoing"

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "categories": list(self.categories),
            "findings": [f.to_dict() for f in self.findings],
            "length": self.length.to_dict(),
            "policy_version": self.policy_version,
            "disclosures": list(self.disclosures),
        }


# --- compiled structures --------------------------------------------------------------------------------

"""A deterministic stand-in for the policy engine, for tests of the post and review workflow.

The workflow must not depend on what the engine happens to flag this week; the engine has its own tests.
Texts containing "guaranteed" are rejected, texts containing "[review]" or "returns" go to review, everything
else is approved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LIMITS = {"x": 280, "twitter": 280, "linkedin": 3000, "mastodon": 500}
FAKE_POLICY_VERSION = "fake-engine-1"
TRIGGERS = (("guaranteed", "promissory", "reject", "Promises a result no one can promise."),
            ("[review]", "other", "review", "Marked for a principal's eyes."),
            ("returns", "performance", "review", "Mentions performance; needs balance."))


@dataclass
class FakeFinding:
    rule: str
    category: str
    severity: str
    start: int
    end: int
    excerpt: str
    rationale: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "category": self.category, "severity": self.severity, "start": self.start,
                "end": self.end, "excerpt": self.excerpt}


@dataclass
class FakeResult:
    verdict: str
    findings: list[FakeFinding] = field(default_factory=list)
    length: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "categories": sorted({f.category for f in self.findings}),
                "findings": [f.to_dict() for f in self.findings], "length": self.length,
                "policy_version": FAKE_POLICY_VERSION}


def fake_screen(text: str, network: str, direction: str = "outgoing") -> FakeResult:
    lowered = text.lower()
    findings = []
    for word, category, severity, rationale in TRIGGERS:
        at = lowered.find(word)
        if at >= 0:
            findings.append(FakeFinding(f"fake.{category}", category, severity, at, at + len(word),
                                        text[at:at + len(word)], rationale))
    severities = {f.severity for f in findings}
    verdict = "reject" if "reject" in severities else "review" if severities else "approve"
    limit = LIMITS.get(network, 280)
    return FakeResult(verdict, findings, {"network": network, "counted": len(text), "limit": limit,
                                          "fits": len(text) <= limit})


def fake_policy_screen(*, text: str, network: str, direction: str = "outgoing") -> dict[str, Any]:
    """Stands in for clearpost.policy.services.policy_screen (same shape, findings with rationale)."""
    result = fake_screen(text, network, direction)
    data = result.to_dict()
    data["findings"] = [{**d, "rationale": f.rationale} for d, f in zip(data["findings"], result.findings,
                                                                         strict=True)]
    return data

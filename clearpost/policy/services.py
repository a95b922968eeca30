"""The Django face of the policy engine: screening as services record it."""

from __future__ import annotations

from typing import Any


def policy_screen(*, text: str, network: str, direction: str = "outgoing") -> dict[str, Any]:
    """Screen a text with the active rule set; the result (with the rule-set version) is stored with whatever
    was screened, so every decision can show the evidence it was based on."""
    from clearpost.policy.engine import screen

    result = screen(text, network, direction)
    data = result.to_dict()
    data["findings"] = [
        {**finding, "rationale": f.rationale} for finding, f in zip(data["findings"], result.findings, strict=True)
    ]
    return data

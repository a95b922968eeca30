from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from clearpost.core.errors import DomainError
from clearpost.policy.models import PolicyRuleSet
from clearpost.policy.services import policy_screen, ruleset_import

router = Router(tags=["policy"])


class FindingOut(Schema):
    rule: str
    category: str
    severity: str
    start: int
    end: int
    excerpt: str
    rationale: str = ""


class LengthOut(Schema):
    network: str
    counted: int
    limit: int
    fits: bool


class ScreeningOut(Schema):
    verdict: str
    categories: list[str]
    findings: list[FindingOut]
    length: LengthOut
    policy_version: str


class CheckIn(Schema):
    text: str = Field(..., min_length=1, max_length=1_000_000)
    network: str = Field("x", pattern="^(x|twitter|linkedin|mastodon)$")
    direction: str = Field("outgoing", pattern="^(outgoing|inbound)$")


class RuleSetOut(Schema):
    version: str
    name: str
    active: bool


class RuleSetIn(Schema):
    name: str = Field("", max_length=120)
    rule_set: dict[str, Any]
    activate: bool = False


@router.post("/check", response=ScreeningOut, summary="Screen a text with the active rule set")
def check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    try:
        return policy_screen(text=payload.text, network=payload.network, direction=payload.direction)
    except ValueError as exc:  # e.g. a text over the size limit
        raise DomainError(str(exc), code="unscreenable_text") from exc


@router.get("/rulesets", response=list[RuleSetOut], summary="Stored rule-set versions")
def rulesets(request: HttpRequest) -> list[RuleSetOut]:
    if not request.user.has_perm("policy.manage_rules"):
        from clearpost.core.errors import NotPermitted

        raise NotPermitted("only compliance admins manage rule sets")
    return [RuleSetOut(version=r.version, name=r.name, active=r.active)
            for r in PolicyRuleSet.objects.order_by("-created_at")[:100]]


@router.post("/rulesets", response={201: RuleSetOut}, summary="Import a rule set (a new version by content hash)")
def import_ruleset(request: HttpRequest, payload: RuleSetIn) -> Status[RuleSetOut]:
    import json

    stored = ruleset_import(actor=request.user, text=json.dumps(payload.rule_set), name=payload.name,
                            activate=payload.activate)
    return Status(201, RuleSetOut(version=stored.version, name=stored.name, active=stored.active))

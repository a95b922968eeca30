from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from clearpost.connectors.choices import Network
from clearpost.entitlements.choices import Level
from clearpost.entitlements.selectors import entitlement_for
from clearpost.entitlements.services import entitlement_request_create

router = Router(tags=["access"])


class EntitlementOut(Schema):
    network: str
    level: str
    features: list[str]
    reasons: list[str]


class AccessRequestIn(Schema):
    network: str = Field(..., pattern="^(x|linkedin|mastodon)$")
    level: str = Field(..., pattern="^(library|compose)$")
    justification: str = Field("", max_length=2000)


class AccessRequestOut(Schema):
    id: int
    network: str
    level: str
    status: str


@router.get("/me", response=list[EntitlementOut], summary="The caller's access per network, and why")
def my_entitlements(request: HttpRequest) -> list[EntitlementOut]:
    out = []
    for network in Network.values:
        e = entitlement_for(advisor=request.user, network=network)
        out.append(EntitlementOut(network=e.network, level=e.level, features=sorted(e.features), reasons=e.reasons))
    return out


@router.post("/requests", response={201: AccessRequestOut}, summary="Ask for a level on a network")
def create_request(request: HttpRequest, payload: AccessRequestIn) -> Status[AccessRequestOut]:
    created = entitlement_request_create(advisor=request.user, network=payload.network, level=Level(payload.level),
                                         justification=payload.justification)
    return Status(201, AccessRequestOut(id=created.pk, network=created.network, level=created.level,
                                        status=created.status))

"""Entitlement decisions. Every grant, refusal, suspension and request is archived (FINRA 3110 supervision of
who may use which network; RN 17-18 approval of accounts before business use)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.archive.services import archive_record_append
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.entitlements.choices import Feature, GrantStatus, Level, RequestStatus
from clearpost.entitlements.models import AdvisorGrant, Cohort, EntitlementRequest
from clearpost.entitlements.selectors import entitlement_for


def entitlement_require(*, advisor: User, network: str, level: Level, feature: str = Feature.POST) -> None:
    """Raise NotPermitted with the reason when the advisor may not act at this level on this network."""
    entitlement = entitlement_for(advisor=advisor, network=network)
    if not entitlement.allows(level, feature):
        raise NotPermitted(f"not allowed: {entitlement.explain(level, feature)}", permission=f"{network}:{level}")


def _require_compliance(actor: User) -> None:
    if not actor.has_perm("policy.manage_rules"):
        raise NotPermitted("only compliance admins decide entitlements", permission="policy.manage_rules")


def _archive(event: EventType, actor: User, advisor: User, network: str, payload: dict) -> None:
    archive_record_append(event_type=event, actor_id=actor.pk, advisor_id=advisor.pk, branch_id=advisor.branch_id,
                          network=network, payload=payload)


@transaction.atomic
def entitlement_set(*, actor: User, advisor: User, network: str, level: Level, reason: str,
                    suspend: bool = False) -> AdvisorGrant:
    """Grant a level above the default, or suspend all access on a network (with a reason, archived)."""
    _require_compliance(actor)
    if not reason.strip():
        raise DomainError("give a reason", code="reason_required")
    now = timezone.now()
    AdvisorGrant.objects.filter(advisor=advisor, network=network).exclude(status=GrantStatus.REVOKED).update(
        status=GrantStatus.REVOKED)
    grant = AdvisorGrant.objects.create(
        advisor=advisor, network=network, level=Level.NONE if suspend else level,
        status=GrantStatus.SUSPENDED if suspend else GrantStatus.ACTIVE, reason=reason.strip(), decided_by=actor,
        decided_at=now)
    _archive(EventType.ENTITLEMENT_CHANGED, actor, advisor, network,
             {"action": "suspended" if suspend else "granted", "level": grant.level, "reason": grant.reason})
    return grant


@transaction.atomic
def cohort_set_members(*, actor: User, cohort_code: str, members: list[User]) -> Cohort:
    _require_compliance(actor)
    cohort = Cohort.objects.select_for_update().get(code=cohort_code)
    cohort.members.set(members)
    archive_record_append(event_type=EventType.ENTITLEMENT_CHANGED, actor_id=actor.pk,
                          payload={"action": "cohort_members", "cohort": cohort.code,
                                   "members": sorted(m.username for m in members), "grants": cohort.grants})
    return cohort


@transaction.atomic
def entitlement_request_create(*, advisor: User, network: str, level: Level, justification: str
                               ) -> EntitlementRequest:
    if not advisor.has_perm("posts.compose_post"):
        raise NotPermitted("only advisors request network access")
    if entitlement_for(advisor=advisor, network=network).allows(level):
        raise DomainError(f"you already have {level} access on {network}", code="already_entitled")
    if EntitlementRequest.objects.filter(advisor=advisor, network=network,
                                         status__in=[RequestStatus.REQUESTED, RequestStatus.ENDORSED]).exists():
        raise DomainError("you already have an open request for this network", code="duplicate_request")
    request = EntitlementRequest.objects.create(advisor=advisor, network=network, level=level,
                                                justification=justification.strip())
    _archive(EventType.ENTITLEMENT_REQUESTED, advisor, advisor, network,
             {"request": request.pk, "level": level, "justification": request.justification})
    return request


@transaction.atomic
def entitlement_request_endorse(*, supervisor: User, request_id: int) -> EntitlementRequest:
    request = EntitlementRequest.objects.select_for_update().select_related("advisor").get(pk=request_id)
    if not supervisor.has_perm("accounts.supervise_branch") or not supervisor.supervised_units.filter(
            pk=request.advisor.branch_id).exists():
        raise NotPermitted("only the advisor's branch supervisor may endorse this request")
    if request.status != RequestStatus.REQUESTED:
        raise DomainError(f"this request is {request.get_status_display().lower()}", code="request_closed")
    request.status = RequestStatus.ENDORSED
    request.endorsed_by = supervisor
    request.endorsed_at = timezone.now()
    request.save(update_fields=["status", "endorsed_by", "endorsed_at"])
    _archive(EventType.ENTITLEMENT_ENDORSED, supervisor, request.advisor, request.network, {"request": request.pk})
    return request


@transaction.atomic
def entitlement_request_decide(*, actor: User, request_id: int, grant: bool, reason: str) -> EntitlementRequest:
    _require_compliance(actor)
    request = EntitlementRequest.objects.select_for_update().select_related("advisor").get(pk=request_id)
    if request.status != RequestStatus.ENDORSED:
        raise DomainError("a request is decided only after the supervisor endorses it", code="not_endorsed")
    if not grant and not reason.strip():
        raise DomainError("give the advisor a reason for the refusal", code="reason_required")
    request.status = RequestStatus.GRANTED if grant else RequestStatus.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.reason = reason.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    if grant:
        entitlement_set(actor=actor, advisor=request.advisor, network=request.network, level=Level(request.level),
                        reason=reason.strip() or f"request {request.pk} granted")
    _archive(EventType.ENTITLEMENT_GRANTED if grant else EventType.ENTITLEMENT_REFUSED, actor, request.advisor,
             request.network, {"request": request.pk, "level": request.level, "reason": request.reason})
    return request

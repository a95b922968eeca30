"""Supervision use cases (FINRA 3110, 4530, 4513). Every action on an item or a complaint is archived in the
same transaction: that record is the evidence of review a regulator is shown."""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.archive.services import archive_record_append
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.supervision.choices import (
    THIRTY_DAY_PROBLEMS,
    AlertKind,
    ComplaintStatus,
    ItemAction,
    ItemKind,
    ItemStatus,
    ProblemCode,
    ProductCode,
)
from clearpost.supervision.models import ComplaintCase, SamplingDraw, SamplingPolicy, SupervisionItem

REVIEW_WITHIN = {ItemKind.INBOUND: timedelta(hours=24), ItemKind.SAMPLED_POST: timedelta(days=3),
                 ItemKind.ALERT: timedelta(hours=24)}


def _supervisor_for(advisor: User) -> User | None:
    """The least-loaded supervisor of the advisor's branch (then of its region)."""
    branch = advisor.branch
    for unit in (branch, branch.parent if branch else None):
        if unit is None:
            continue
        candidate = (unit.supervisors.filter(is_active=True)
                     .annotate(load=Count("supervision_queue", filter=Q(supervision_queue__status=ItemStatus.OPEN)))
                     .order_by("load", "pk").first())
        if candidate is not None:
            return candidate
    return None


def _archive(event: EventType, actor_id: int | None, item: SupervisionItem, payload: dict[str, Any]) -> None:
    archive_record_append(event_type=event, actor_id=actor_id, advisor_id=item.advisor_id, branch_id=item.branch_id,
                          network=item.network, post_id=item.post_id,
                          payload={"item": item.pk, "kind": item.kind, **payload})


@transaction.atomic
def supervision_item_open(
    *, kind: ItemKind, advisor: User, text: str = "", network: str = "", verdict: str = "",
    findings: list[dict[str, Any]] | None = None, interaction_ref: str = "", thread: list[dict[str, Any]] | None = None,
    post_id: int | None = None, alert_kind: AlertKind | str = "",
) -> SupervisionItem:
    """Open an item in the queue of the supervisor responsible for the advisor's branch. Idempotent per
    captured interaction, so a capture cycle that runs twice opens one item."""
    if interaction_ref:
        existing = SupervisionItem.objects.filter(kind=kind, interaction_ref=interaction_ref).first()
        if existing is not None:
            return existing
    supervisor = _supervisor_for(advisor)
    item = SupervisionItem.objects.create(
        kind=kind, advisor=advisor, branch=advisor.branch, assigned_to=supervisor, network=network, text=text,
        verdict=verdict, findings=findings or [], interaction_ref=interaction_ref, thread=thread or [],
        post_id=post_id, alert_kind=alert_kind, due_at=timezone.now() + REVIEW_WITHIN[ItemKind(kind)],
    )
    _archive(EventType.SUPERVISION_ITEM_OPENED, None, item,
             {"assigned_to": supervisor.username if supervisor else None, "verdict": verdict, "text": text,
              "findings": findings or [], "interaction": interaction_ref, "alert": str(alert_kind)})
    return item


def _may_supervise(actor: User, item: SupervisionItem) -> bool:
    if actor.has_perm("policy.manage_rules"):  # compliance sees every branch
        return True
    return actor.has_perm("accounts.supervise_branch") and (
        item.assigned_to_id == actor.pk or actor.supervised_units.filter(pk=item.branch_id).exists())


@transaction.atomic
def supervision_item_act(*, item_id: int, actor: User, action: ItemAction, note: str = "") -> SupervisionItem:
    """Close an item with what the supervisor did. Closing without an action is impossible (a database
    constraint backs this check)."""
    item = SupervisionItem.objects.select_for_update().select_related("advisor").get(pk=item_id)
    if not _may_supervise(actor, item):
        raise NotPermitted("only the advisor's supervisor or compliance may act on this item")
    if item.status != ItemStatus.OPEN:
        raise DomainError("this item is already closed", code="item_closed")
    try:
        action = ItemAction(action)
    except ValueError:
        raise DomainError(f"unknown action {action!r}", code="unknown_action") from None
    if action in {ItemAction.REVIEWED, ItemAction.ESCALATED, ItemAction.ADVISOR_ASKED_OFFLINE} and not note.strip():
        raise DomainError("add a note saying what you reviewed or asked", code="note_required")
    item.status = ItemStatus.CLOSED
    item.action = action
    item.note = note.strip()
    item.closed_by = actor
    item.closed_at = timezone.now()
    item.save(update_fields=["status", "action", "note", "closed_by", "closed_at"])
    _archive(EventType.SUPERVISION_ITEM_CLOSED, actor.pk, item,
             {"action": str(action), "note": item.note, "reviewer": actor.username,
              "closed_at": item.closed_at.isoformat()})
    return item


def _report_due(received_at: datetime, problem: str) -> datetime | None:
    return received_at + timedelta(days=30) if problem in THIRTY_DAY_PROBLEMS else None


@transaction.atomic
def complaint_open(
    *, actor: User, advisor: User, customer_name: str, allegation: str, received_at: datetime | None = None,
    problem_code: str = ProblemCode.OTHER, product_code: str = ProductCode.OTHER, amount: Decimal | None = None,
    customer_reference: str = "", from_item_id: int | None = None,
) -> ComplaintCase:
    """Open a complaint case; from a queue item it takes the item's text and date of receipt (the deadline
    clock starts when the complaint arrived, not when someone got to it)."""
    item = None
    if from_item_id is not None:
        item = SupervisionItem.objects.select_for_update().get(pk=from_item_id)
        if not _may_supervise(actor, item):
            raise NotPermitted("only the advisor's supervisor or compliance may open this complaint")
        received_at = received_at or item.created_at
        allegation = allegation or item.text
        advisor = item.advisor
    elif not actor.has_perm("supervision.manage_complaints"):
        raise NotPermitted("only compliance opens complaints by hand", permission="supervision.manage_complaints")
    if not customer_name.strip() or not allegation.strip():
        raise DomainError("a complaint needs the customer and the allegation", code="complaint_incomplete")
    if problem_code not in ProblemCode.values or product_code not in ProductCode.values:
        raise DomainError("unknown problem or product code", code="bad_code")
    if amount is not None and amount < 0:
        raise DomainError("the amount cannot be negative", code="bad_amount")
    received_at = received_at or timezone.now()
    case = ComplaintCase.objects.create(
        received_at=received_at, customer_name=customer_name.strip(), customer_reference=customer_reference.strip(),
        advisor=advisor, branch=advisor.branch, product_code=product_code, problem_code=problem_code,
        allegation=allegation.strip(), amount=amount, report_due_at=_report_due(received_at, problem_code),
        source_item=item, opened_by=actor,
    )
    archive_record_append(
        event_type=EventType.COMPLAINT_OPENED, actor_id=actor.pk, advisor_id=advisor.pk, branch_id=advisor.branch_id,
        network=item.network if item else "",
        payload={"complaint": case.pk, "customer": case.customer_name, "allegation": case.allegation,
                 "problem_code": problem_code, "product_code": product_code,
                 "amount": str(amount) if amount is not None else None, "received_at": received_at.isoformat(),
                 "report_due_at": case.report_due_at.isoformat() if case.report_due_at else None,
                 "from_item": item.pk if item else None},
    )
    if item is not None and item.status == ItemStatus.OPEN:
        supervision_item_act(item_id=item.pk, actor=actor, action=ItemAction.COMPLAINT_OPENED,
                             note=f"complaint case {case.pk} opened")
    return case


@transaction.atomic
def complaint_update(*, case_id: int, actor: User, status: str, resolution: str = "") -> ComplaintCase:
    if not actor.has_perm("supervision.manage_complaints"):
        raise NotPermitted("only compliance updates complaint cases", permission="supervision.manage_complaints")
    case = ComplaintCase.objects.select_for_update().get(pk=case_id)
    if status not in ComplaintStatus.values:
        raise DomainError(f"unknown status {status!r}", code="bad_status")
    if status in {ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED} and not (resolution or case.resolution).strip():
        raise DomainError("describe the resolution", code="resolution_required")
    previous = case.status
    case.status = status
    if resolution.strip():
        case.resolution = resolution.strip()
    if status == ComplaintStatus.RESOLVED and case.resolved_at is None:
        case.resolved_at = timezone.now()
    case.save(update_fields=["status", "resolution", "resolved_at"])
    archive_record_append(event_type=EventType.COMPLAINT_UPDATED, actor_id=actor.pk, advisor_id=case.advisor_id,
                          branch_id=case.branch_id, payload={"complaint": case.pk, "from": previous, "to": status,
                                                             "resolution": case.resolution})
    return case


def sampling_draw(*, day: date, actor_id: int | None = None) -> SamplingDraw:
    """Draw the day's sample of published posts by risk tier. The seed is derived from the policy's seed and
    the day, so the same day always draws the same posts (reproducible for an examiner)."""
    from clearpost.posts.choices import ContentKind, PostStatus
    from clearpost.posts.models import Post

    existing = SamplingDraw.objects.filter(day=day).first()
    if existing is not None:
        return existing
    policy = SamplingPolicy.objects.order_by("-pk").first() or SamplingPolicy.objects.create()
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    posts = list(Post.objects.filter(status=PostStatus.PUBLISHED, deliveries__published_at__gte=start,
                                     deliveries__published_at__lt=start + timedelta(days=1))
                 .select_related("author", "current_version").distinct().order_by("pk"))
    flagged = set(SupervisionItem.objects.filter(
        created_at__gte=start - timedelta(days=policy.recent_flag_days), kind=ItemKind.INBOUND)
        .values_list("advisor_id", flat=True))
    seed = f"{policy.seed}:{day.isoformat()}"
    rng = random.Random(int(hashlib.sha256(seed.encode()).hexdigest(), 16))
    chosen = []
    for post in posts:
        rate = policy.standard_rate
        if (start - post.author.date_joined).days < policy.new_advisor_days:
            rate = max(rate, policy.new_advisor_rate)
        if post.author_id in flagged:
            rate = max(rate, policy.recent_flag_rate)
        if post.kind != ContentKind.COMPOSED or post.review_tasks.filter(automatic=True).exists():
            rate = max(rate, policy.skipped_preapproval_rate)
        if rng.random() < rate:
            chosen.append(post)
    with transaction.atomic():
        draw = SamplingDraw.objects.create(day=day, seed=seed, population=len(posts), sampled=len(chosen))
        for post in chosen:
            supervision_item_open(kind=ItemKind.SAMPLED_POST, advisor=post.author, network=post.network,
                                  text=post.current_version.text if post.current_version else "", post_id=post.pk,
                                  interaction_ref=f"sample:{day.isoformat()}:{post.pk}")
        archive_record_append(event_type=EventType.SAMPLING_DRAWN, actor_id=actor_id,
                              payload={"day": day.isoformat(), "seed": seed, "population": len(posts),
                                       "sampled": [p.pk for p in chosen],
                                       "rates": {"standard": policy.standard_rate,
                                                 "new_advisor": policy.new_advisor_rate,
                                                 "recent_flag": policy.recent_flag_rate,
                                                 "skipped_preapproval": policy.skipped_preapproval_rate}})
    return draw


def alert_raise(*, kind: AlertKind, advisor: User, message: str, ref: str = "") -> SupervisionItem:
    """An alert is a supervision item of kind alert: it reaches the right supervisor and needs an action."""
    return supervision_item_open(kind=ItemKind.ALERT, advisor=advisor, text=message, alert_kind=kind,
                                 interaction_ref=ref)

"""Publishing: the outbox. A delivery is claimed with a conditional update (exactly one worker wins), sent
outside any transaction, and its outcome recorded and archived in a second transaction. An answer that may
or may not have reached the network leaves the delivery `unknown`; it is reconciled against the account's
recent posts before any retry, so nothing is published twice and nothing is dropped."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from clearpost.archive.services import archive_record_append
from clearpost.connectors.base import ConnectorError, PublishResult
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.registry import connector_for
from clearpost.core.events import EventType
from clearpost.posts.choices import PostStatus
from clearpost.posts.lifecycle import post_transition
from clearpost.posts.models import Post
from clearpost.publishing.choices import AttemptOutcome, DeliveryStatus
from clearpost.publishing.models import Delivery, DeliveryAttempt
from clearpost.review.choices import ReviewStatus
from clearpost.review.models import ReviewTask

log = logging.getLogger(__name__)


def _enqueue(delivery_id: int) -> None:
    from clearpost.publishing.tasks import publish_delivery_task

    publish_delivery_task.enqueue(delivery_id)


@transaction.atomic
def deliveries_schedule_for_post(*, post_id: int, actor_id: int | None) -> list[Delivery]:
    """Write the outbox rows in the approval's transaction and enqueue the sends once it commits."""
    post = Post.objects.select_related("current_version").get(pk=post_id)
    if post.account_id is None or post.current_version is None:
        return []
    post_transition(post_id=post.pk, to=PostStatus.SCHEDULED, actor_id=actor_id)
    delivery, _ = Delivery.objects.get_or_create(
        version=post.current_version, account_id=post.account_id,
        defaults={"post": post, "next_attempt_at": post.scheduled_for or timezone.now()},
    )
    transaction.on_commit(partial(_enqueue, delivery.pk))
    return [delivery]


@dataclass(frozen=True)
class Claim:
    delivery: Delivery
    reconcile_first: bool


def _send_time_problem(delivery: Delivery) -> str | None:
    """The checks repeated at the moment of sending: this exact version approved by a principal other than the
    author, the post still current and the account still linked."""
    post = delivery.post
    if post.current_version_id != delivery.version_id:
        return "the post was edited after approval"
    if post.status not in {PostStatus.SCHEDULED, PostStatus.PUBLISHING}:
        return f"the post is {post.get_status_display().lower()}"
    approved = ReviewTask.objects.filter(
        post_id=post.pk, version_id=delivery.version_id, status=ReviewStatus.APPROVED,
        version_hash=delivery.version.content_hash,
    ).exclude(decided_by_id=post.author_id)
    if not approved.exists():
        return "no principal approved this exact version"
    if delivery.account.status != AccountStatus.ACTIVE:
        return "the account is no longer linked"
    return None


def delivery_claim(*, delivery_id: int, worker_id: str, now: datetime | None = None) -> Claim | None:
    """Claim a due delivery. Returns None when another worker holds it or nothing is due."""
    now = now or timezone.now()
    lease = now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    with transaction.atomic():
        current = Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        claimable = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.UNKNOWN], next_attempt_at__lte=now) | Q(
            status=DeliveryStatus.SENDING, lease_until__lt=now
        )
        won = (
            Delivery.objects.filter(claimable, pk=delivery_id)
            .update(status=DeliveryStatus.SENDING, claimed_by=worker_id, lease_until=lease,
                    attempts=F("attempts") + 1, updated_at=now)
        )
        if won != 1:
            return None
        delivery = Delivery.objects.select_related("post", "version", "account", "post__author").get(pk=delivery_id)
        problem = _send_time_problem(delivery)
        if problem:
            _hold(delivery, problem, now)
            return None
        if delivery.post.status == PostStatus.SCHEDULED:
            post_transition(post_id=delivery.post_id, to=PostStatus.PUBLISHING, actor_id=None)
        # A delivery found `sending` with an expired lease died mid-send: treat it as ambiguous.
        return Claim(delivery, reconcile_first=current in {DeliveryStatus.UNKNOWN, DeliveryStatus.SENDING})


def _hold(delivery: Delivery, problem: str, now: datetime) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.HELD, last_error=problem, lease_until=None)
    DeliveryAttempt.objects.create(delivery=delivery, number=delivery.attempts, started_at=now, finished_at=now,
                                   outcome=AttemptOutcome.HELD, error=problem)
    _archive(delivery, EventType.DELIVERY_FAILED, {"outcome": "held", "reason": problem})


def _archive(delivery: Delivery, event: EventType, payload: dict) -> None:
    post = delivery.post
    archive_record_append(
        event_type=event, actor_id=None, advisor_id=post.author_id, branch_id=post.author.branch_id,
        network=post.network, account_id=delivery.account_id, post_id=post.pk,
        payload={"delivery": delivery.pk, "version_hash": delivery.version.content_hash,
                 "attempt": delivery.attempts, **payload},
    )


def _backoff(attempt: int, retry_after: float | None) -> timedelta:
    # Exponential with full jitter, never sooner than the reset time the network announced.
    base = min(300.0, 2.0 ** attempt)
    delay = random.uniform(base / 2, base)
    if retry_after is not None:
        delay = max(delay, retry_after + 0.5)
    return timedelta(seconds=delay)


def delivery_publish(*, delivery_id: int, worker_id: str) -> DeliveryStatus | None:
    """Claim, send and record one delivery. Safe to call any number of times for the same delivery."""
    claim = delivery_claim(delivery_id=delivery_id, worker_id=worker_id)
    if claim is None:
        return None
    delivery = claim.delivery
    connector = connector_for(delivery.account.network)
    token = delivery.account.access_token
    started = timezone.now()
    result: PublishResult | None = None
    error: ConnectorError | None = None
    reconciled = False
    try:
        if claim.reconcile_first:
            result = connector.find_recent(access_token=token, handle=delivery.account.handle,
                                           text=delivery.version.text)
            reconciled = result is not None
        if result is None:
            result = connector.publish(access_token=token, handle=delivery.account.handle,
                                       text=delivery.version.text, idempotency_key=f"clearpost-delivery-{delivery.pk}")
    except ConnectorError as exc:
        error = exc
    return _record_outcome(delivery, worker_id, started, result, error, reconciled)


@transaction.atomic
def _record_outcome(
    delivery: Delivery, worker_id: str, started: datetime, result: PublishResult | None,
    error: ConnectorError | None, reconciled: bool,
) -> DeliveryStatus | None:
    now = timezone.now()
    # Only the claimant may record; a lease that expired and was re-claimed belongs to someone else now.
    locked = Delivery.objects.select_for_update().filter(pk=delivery.pk, claimed_by=worker_id,
                                                         status=DeliveryStatus.SENDING).first()
    if locked is None:
        log.warning("delivery %s: lease lost before recording the outcome", delivery.pk)
        return None
    number = locked.attempts
    if result is not None:
        outcome = AttemptOutcome.RECONCILED if reconciled else AttemptOutcome.PUBLISHED
        DeliveryAttempt.objects.create(delivery=locked, number=number, started_at=started, finished_at=now,
                                       outcome=outcome, http_status=result.status, response=result.raw)
        Delivery.objects.filter(pk=locked.pk).update(
            status=DeliveryStatus.PUBLISHED, external_id=result.external_id, external_url=result.url,
            published_at=now, lease_until=None, last_error="", updated_at=now)
        _archive(delivery, EventType.DELIVERY_PUBLISHED,
                 {"outcome": str(outcome), "external_id": result.external_id, "url": result.url,
                  "network_response": result.raw})
        post_transition(post_id=delivery.post_id, to=PostStatus.PUBLISHED, actor_id=None,
                        details={"external_id": result.external_id, "url": result.url})
        return DeliveryStatus.PUBLISHED
    assert error is not None
    exhausted = number >= settings.PUBLISH_MAX_ATTEMPTS
    if error.permanent or exhausted:
        outcome, status = AttemptOutcome.PERMANENT, DeliveryStatus.FAILED
    elif error.ambiguous:
        outcome, status = AttemptOutcome.AMBIGUOUS, DeliveryStatus.UNKNOWN
    else:
        outcome, status = AttemptOutcome.TRANSIENT, DeliveryStatus.PENDING
    DeliveryAttempt.objects.create(delivery=locked, number=number, started_at=started, finished_at=now,
                                   outcome=outcome, http_status=error.status,
                                   response=error.response if isinstance(error.response, dict) else {},
                                   error=error.message)
    next_at = now + _backoff(number, error.retry_after)
    Delivery.objects.filter(pk=locked.pk).update(status=status, last_error=error.message, lease_until=None,
                                                 next_attempt_at=next_at, updated_at=now)
    _archive(delivery, EventType.DELIVERY_FAILED if status == DeliveryStatus.FAILED else EventType.DELIVERY_ATTEMPTED,
             {"outcome": str(outcome), "error": error.message, "http_status": error.status,
              "network_response": error.response if isinstance(error.response, dict) else None})
    if status == DeliveryStatus.FAILED:
        post_transition(post_id=delivery.post_id, to=PostStatus.FAILED, actor_id=None, reason=error.message)
    else:
        post_transition(post_id=delivery.post_id, to=PostStatus.SCHEDULED, actor_id=None,
                        reason=f"retry after: {error.message}")
        transaction.on_commit(partial(_enqueue_later, locked.pk, next_at))
    return status


def _enqueue_later(delivery_id: int, when: datetime) -> None:
    from clearpost.publishing.tasks import publish_delivery_task

    publish_delivery_task.using(run_after=when).enqueue(delivery_id)


def deliveries_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Deliveries that should be sent now: due ones, and ones whose worker died holding the lease."""
    now = now or timezone.now()
    due = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.UNKNOWN], next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, lease_until__lt=now
    )
    return list(Delivery.objects.filter(due).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])

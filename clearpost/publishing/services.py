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
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from clearpost.accounts.choices import Role
from clearpost.accounts.models import User
from clearpost.archive.services import archive_record_append
from clearpost.connectors.base import ConnectorError, PublishResult
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.registry import connector_for
from clearpost.connectors.services import account_access_token
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.posts.choices import PostStatus
from clearpost.posts.lifecycle import can_transition, post_transition
from clearpost.posts.models import Post
from clearpost.publishing.choices import AttemptOutcome, DeliveryStatus
from clearpost.publishing.gates import gate_acquire, gate_release, window_end
from clearpost.publishing.models import Delivery, DeliveryAttempt

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
    # A send-time problem found on a delivery whose last send may have reached the network: look first, then
    # hold only if the post is not there (holding a post that is on the network would hide it).
    hold: tuple[str, bool] | None = None


def _send_time_problem(delivery: Delivery) -> tuple[str, bool] | None:
    """The checks repeated at the moment of sending, with whether the advisor's supervisor must hear of it:
    the post still current and scheduled, this exact version approved (by a registered principal other than
    the author, or automatically under the firm's recorded policy), the account still linked, the advisor still
    trained and entitled (FINRA 3110), and a library item still valid."""
    from clearpost.library.selectors import share_send_time_problem
    from clearpost.posts.services import require_entitled_for
    from clearpost.review.selectors import approval_problem

    post = delivery.post
    if post.current_version_id != delivery.version_id:
        return "the post was edited after approval", False
    if post.status not in {PostStatus.SCHEDULED, PostStatus.PUBLISHING}:
        return f"the post is {post.get_status_display().lower()}", False
    problem = approval_problem(post_id=post.pk, version_id=delivery.version_id,
                               version_hash=delivery.version.content_hash)
    if problem:
        return problem, False
    if delivery.account.status != AccountStatus.ACTIVE:
        return "the account is no longer linked", False
    try:
        require_entitled_for(advisor=post.author, network=post.network, kind=post.kind)
    except NotPermitted as exc:
        return exc.message, True
    problem = share_send_time_problem(post.pk)
    if problem:
        return problem, False
    return None


def _claimable(now: datetime) -> Q:
    return Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.UNKNOWN], next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, lease_until__lt=now
    )


def delivery_claim(*, delivery_id: int, worker_id: str, now: datetime | None = None) -> Claim | None:
    """Claim a due delivery and its account's gate. Returns None when another worker holds either, when the
    account is inside an announced rate-limit window (the delivery is deferred to its end), or nothing is due.
    PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` so workers never queue behind each other's rows; SQLite
    (one writer at a time): the conditional update alone decides, and exactly one worker sees one row changed."""
    now = now or timezone.now()
    lease = now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    deferred_until: datetime | None = None
    with transaction.atomic():
        rows = Delivery.objects.filter(_claimable(now), pk=delivery_id)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        found = rows.values_list("status", "account_id").first()
        if found is None:
            return None
        current, account_id = found
        deferred_until = gate_acquire(account_id=account_id, holder=worker_id, now=now, until=lease)
        if deferred_until is None:
            won = Delivery.objects.filter(_claimable(now), pk=delivery_id).update(
                status=DeliveryStatus.SENDING, claimed_by=worker_id, lease_until=lease,
                attempts=F("attempts") + 1, updated_at=now)
            if won != 1:
                gate_release(account_id=account_id, holder=worker_id, not_before=None)
                return None
            delivery = Delivery.objects.select_related("post", "version", "account", "post__author").get(
                pk=delivery_id)
            problem = _send_time_problem(delivery)
            ambiguous = current in {DeliveryStatus.UNKNOWN, DeliveryStatus.SENDING}
            if problem and ambiguous:
                return Claim(delivery, reconcile_first=True, hold=problem)
            if problem:
                gate_release(account_id=account_id, holder=worker_id, not_before=None)
                _hold(delivery, *problem, now)
                return None
            if delivery.post.status == PostStatus.SCHEDULED:
                post_transition(post_id=delivery.post_id, to=PostStatus.PUBLISHING, actor_id=None)
            # A delivery found `sending` with an expired lease died mid-send: treat it as ambiguous.
            return Claim(delivery, reconcile_first=current in {DeliveryStatus.UNKNOWN, DeliveryStatus.SENDING})
    # The account is busy or inside a window: move the delivery to then (a dead `sending` one becomes unknown).
    Delivery.objects.filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.UNKNOWN]).update(
        next_attempt_at=deferred_until, updated_at=now)
    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING, lease_until__lt=now).update(
        status=DeliveryStatus.UNKNOWN, next_attempt_at=deferred_until, lease_until=None, updated_at=now)
    _enqueue_later(delivery_id, deferred_until + timedelta(milliseconds=random.randint(0, 300)))
    return None


def _hold(delivery: Delivery, problem: str, tell_supervisor: bool, now: datetime) -> None:
    """Hold, never drop: the delivery stays visible with its reason, the advisor is told, and when the advisor
    lost the right to publish their supervisor gets an alert."""
    from clearpost.review.choices import NotificationKind
    from clearpost.review.notifications import notification_send
    from clearpost.supervision.choices import AlertKind
    from clearpost.supervision.services import alert_raise

    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.HELD, last_error=problem, lease_until=None)
    DeliveryAttempt.objects.create(delivery=delivery, number=delivery.attempts, started_at=now, finished_at=now,
                                   outcome=AttemptOutcome.HELD, error=problem)
    _archive(delivery, EventType.DELIVERY_FAILED, {"outcome": "held", "reason": problem})
    post = delivery.post
    notification_send(recipient_id=post.author_id, kind=NotificationKind.DECISION,
                      title=f"Post {post.pk} was held, not published", body=problem, url=f"/posts/{post.pk}/",
                      post_id=post.pk)
    if tell_supervisor:
        alert_raise(kind=AlertKind.LAPSED_TRAINING_SCHEDULED, advisor=post.author,
                    message=f"A scheduled post ({post.pk}) was held at send time: {problem}",
                    ref=f"held:{delivery.pk}")


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


def idempotency_key(delivery: Delivery) -> str:
    """Stable across retries of one delivery, distinct across databases (ids alone repeat after a restore)."""
    return f"clearpost-{delivery.pk}-{delivery.version.content_hash[:16]}"


def delivery_publish(*, delivery_id: int, worker_id: str) -> DeliveryStatus | None:
    """Claim, send and record one delivery. Safe to call any number of times for the same delivery."""
    claim = delivery_claim(delivery_id=delivery_id, worker_id=worker_id)
    if claim is None:
        return None
    delivery = claim.delivery
    connector = connector_for(delivery.account.network)
    started = timezone.now()
    result: PublishResult | None = None
    error: ConnectorError | None = None
    reconciled = confirmed_absent = False
    if claim.hold is not None:
        return _reconcile_then_hold(claim, connector, worker_id, started)
    try:
        token = account_access_token(account=delivery.account)
        if claim.reconcile_first:
            result = connector.find_recent(access_token=token, handle=delivery.account.handle,
                                           text=delivery.version.text)
            reconciled = result is not None
            confirmed_absent = result is None
        if result is None:
            result = connector.publish(access_token=token, handle=delivery.account.handle,
                                       text=delivery.version.text, idempotency_key=idempotency_key(delivery))
    except ConnectorError as exc:
        error = exc
    except Exception as exc:  # never leave a lease dangling: the send may have happened
        log.exception("delivery %s: unexpected error while sending", delivery.pk)
        error = ConnectorError(f"unexpected error: {exc!r}", permanent=False, ambiguous=True)
    if error is not None and not error.ambiguous and claim.reconcile_first and not confirmed_absent:
        error.ambiguous = True  # still unreconciled: the next try must look before sending
    return _record_outcome(delivery, worker_id, started, result, error, reconciled,
                           window_end(connector.blocked_until, error.retry_after if error else None))


def _reconcile_then_hold(claim: Claim, connector: Any, worker_id: str, started: datetime) -> DeliveryStatus | None:
    delivery = claim.delivery
    assert claim.hold is not None
    _move_post(delivery.post_id, PostStatus.PUBLISHING)
    try:
        token = account_access_token(account=delivery.account)
        found = connector.find_recent(access_token=token, handle=delivery.account.handle, text=delivery.version.text)
    except ConnectorError as exc:
        exc.ambiguous = True  # still unknown: look again next time
        return _record_outcome(delivery, worker_id, started, None, exc, False,
                               window_end(connector.blocked_until, exc.retry_after))
    if found is not None:  # it reached the network after all: record the truth
        return _record_outcome(delivery, worker_id, started, found, None, True,
                               window_end(connector.blocked_until, None))
    with transaction.atomic():
        gate_release(account_id=delivery.account_id, holder=worker_id,
                     not_before=window_end(connector.blocked_until, None))
        _hold(delivery, *claim.hold, timezone.now())
    return DeliveryStatus.HELD


@transaction.atomic
def _record_outcome(
    delivery: Delivery, worker_id: str, started: datetime, result: PublishResult | None,
    error: ConnectorError | None, reconciled: bool, not_before: datetime | None = None,
) -> DeliveryStatus | None:
    now = timezone.now()
    gate_release(account_id=delivery.account_id, holder=worker_id, not_before=not_before)
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
        _move_post(delivery.post_id, PostStatus.PUBLISHED, external_id=result.external_id, url=result.url)
        return DeliveryStatus.PUBLISHED
    assert error is not None
    # Refusals inside a rate-limit window are not failures of the post: they never exhaust its attempts.
    counted = locked.attempt_log.exclude(outcome__in=[AttemptOutcome.RATE_LIMITED, AttemptOutcome.HELD]).count()
    exhausted = not error.rate_limited and counted + 1 >= settings.PUBLISH_MAX_ATTEMPTS
    if error.permanent or exhausted:
        outcome, status = AttemptOutcome.PERMANENT, DeliveryStatus.FAILED
    elif error.rate_limited:
        outcome = AttemptOutcome.RATE_LIMITED
        status = DeliveryStatus.UNKNOWN if error.ambiguous else DeliveryStatus.PENDING
    elif error.ambiguous:
        outcome, status = AttemptOutcome.AMBIGUOUS, DeliveryStatus.UNKNOWN
    else:
        outcome, status = AttemptOutcome.TRANSIENT, DeliveryStatus.PENDING
    response = error.response if isinstance(error.response, dict) else {}
    DeliveryAttempt.objects.create(delivery=locked, number=number, started_at=started, finished_at=now,
                                   outcome=outcome, http_status=error.status, response=response,
                                   error=error.message)
    if error.rate_limited:
        next_at = max(not_before or now, now) + timedelta(milliseconds=random.randint(50, 500))
    else:
        next_at = now + _backoff(counted + 1, error.retry_after)
        if not_before is not None:
            next_at = max(next_at, not_before)
    message = error.message if status != DeliveryStatus.FAILED or not exhausted else (
        f"gave up after {counted + 1} attempts: {error.message}")
    Delivery.objects.filter(pk=locked.pk).update(status=status, last_error=message, lease_until=None,
                                                 next_attempt_at=next_at, updated_at=now)
    _archive(delivery, EventType.DELIVERY_FAILED if status == DeliveryStatus.FAILED else EventType.DELIVERY_ATTEMPTED,
             {"outcome": str(outcome), "error": message, "http_status": error.status,
              "network_response": response or None})
    if status == DeliveryStatus.FAILED:
        _move_post(delivery.post_id, PostStatus.FAILED, reason=message)
    else:
        _move_post(delivery.post_id, PostStatus.SCHEDULED, reason=f"retry after: {error.message}")
        transaction.on_commit(partial(_enqueue_later, locked.pk, next_at))
    return status


def _move_post(post_id: int, to: PostStatus, **details: Any) -> None:
    """Move the post along with its delivery when the lifecycle allows it. A post edited or withdrawn while a
    send was in doubt stays where its author put it; the delivery row and its archive records say what
    happened on the network."""
    current = Post.objects.filter(pk=post_id).values_list("status", flat=True).first()
    if current and can_transition(current, to):
        reason = details.pop("reason", "")
        post_transition(post_id=post_id, to=to, actor_id=None, reason=reason, details=details or None)


def _enqueue_later(delivery_id: int, when: datetime) -> None:
    from clearpost.publishing.tasks import publish_delivery_task

    # A backend that cannot defer (the immediate one, in some tests) leaves the retry to the scheduler's sweep:
    # the delivery row is the truth, the task only a nudge.
    if publish_delivery_task.get_backend().supports_defer:
        publish_delivery_task.using(run_after=when).enqueue(delivery_id)


def deliveries_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Deliveries that should be sent now: due ones, and ones whose worker died holding the lease."""
    now = now or timezone.now()
    due = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.UNKNOWN], next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, lease_until__lt=now
    )
    return list(Delivery.objects.filter(due).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def _may_withdraw(actor: User, delivery: Delivery) -> bool:
    return actor.pk == delivery.post.author_id or actor.groups.filter(name=Role.COMPLIANCE_ADMIN).exists()


def delivery_withdraw(*, delivery_id: int, actor: User, reason: str) -> Delivery:
    """Withdraw a published post: delete it on the network, record the attempt and archive the deletion with
    the network's answer. The archive keeps the post itself (SEC 17a-4: records are never erased); only the
    network copy goes. A failed deletion is recorded and reported, never hidden."""
    delivery = Delivery.objects.select_related("post", "post__author", "version", "account").get(pk=delivery_id)
    if not _may_withdraw(actor, delivery):
        raise NotPermitted("only the author or a compliance admin may withdraw a published post")
    if delivery.status != DeliveryStatus.PUBLISHED or not delivery.external_id:
        raise DomainError(f"only a published delivery can be withdrawn (this one is {delivery.status})",
                          code="not_published")
    holder = f"withdraw:{actor.pk}:{delivery.pk}"
    now = timezone.now()
    with transaction.atomic():
        wait = gate_acquire(account_id=delivery.account_id, holder=holder, now=now,
                            until=now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS))
    if wait is not None:
        raise DomainError(f"the network is busy or rate-limited for this account until {wait:%H:%M:%S}; "
                          "try again then", code="rate_limited")
    connector = connector_for(delivery.account.network)
    raw: dict = {}
    error: ConnectorError | None = None
    try:
        raw = connector.delete(access_token=account_access_token(account=delivery.account),
                               external_id=delivery.external_id)
    except ConnectorError as exc:
        error = exc
    with transaction.atomic():
        gate_release(account_id=delivery.account_id, holder=holder,
                     not_before=window_end(connector.blocked_until, error.retry_after if error else None))
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        finished = timezone.now()
        number = locked.attempts + 1
        Delivery.objects.filter(pk=locked.pk).update(attempts=number)
        if error is not None:
            response = error.response if isinstance(error.response, dict) else {}
            DeliveryAttempt.objects.create(delivery=locked, number=number, started_at=now, finished_at=finished,
                                           outcome=AttemptOutcome.DELETE_FAILED, http_status=error.status,
                                           response=response, error=error.message)
            _archive(delivery, EventType.DELIVERY_ATTEMPTED,
                     {"outcome": "delete_failed", "reason": reason, "error": error.message,
                      "withdrawn_by": actor.pk, "network_response": response or None})
        else:
            DeliveryAttempt.objects.create(delivery=locked, number=number, started_at=now, finished_at=finished,
                                           outcome=AttemptOutcome.DELETED, response=raw)
            Delivery.objects.filter(pk=locked.pk).update(status=DeliveryStatus.WITHDRAWN, withdrawn_at=finished,
                                                         updated_at=finished)
            _archive(delivery, EventType.DELIVERY_WITHDRAWN,
                     {"outcome": "deleted", "reason": reason, "external_id": delivery.external_id,
                      "withdrawn_by": actor.pk, "network_response": raw})
            post_transition(post_id=delivery.post_id, to=PostStatus.WITHDRAWN, actor_id=actor.pk,
                            reason=reason or "withdrawn after publication")
    if error is not None:
        # Outside the atomic block, so the failed attempt stays recorded.
        raise DomainError(f"the network did not delete the post: {error.message}", code="delete_failed")
    delivery.refresh_from_db()
    return delivery

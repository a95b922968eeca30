"""Publishing: the outbox. Deliveries are claimed with a conditional update (exactly one worker wins each), sent
outside any transaction, and their outcomes recorded and archived in a second transaction; a worker may claim,
send and record many at once (`clearpost publisher`). An answer that may or may not have reached the network
leaves the delivery `unknown`; it is reconciled against the account's recent posts before any retry, so nothing
is published twice and nothing is dropped."""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from clearpost.accounts.choices import Role
from clearpost.accounts.models import User
from clearpost.archive.services import Entry, archive_head_lock, archive_records_append_many
from clearpost.connectors.base import ConnectorError, PublishResult
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.registry import connector_for
from clearpost.connectors.services import account_access_token
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.library.selectors import share_send_time_problems
from clearpost.posts.choices import PostStatus
from clearpost.posts.lifecycle import Move, post_transition, post_transition_many
from clearpost.posts.models import Post
from clearpost.publishing.choices import AttemptOutcome, DeliveryStatus
from clearpost.publishing.gates import (
    gate_acquire,
    gate_open,
    gate_release,
    gate_retry_at,
    gate_window_note,
    gates_release,
    gates_take,
    window_end,
)
from clearpost.publishing.models import AccountGate, Delivery, DeliveryAttempt

log = logging.getLogger(__name__)


def _enqueue(delivery_id: int) -> None:
    from clearpost.publishing.tasks import publish_delivery_task

    if settings.PUBLISH_TASKS:  # else `clearpost publisher` processes poll the outbox themselves
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


@transaction.atomic
def deliveries_schedule_for_posts(*, post_ids: Sequence[int], actor_id: int | None,
                                  archive: list[Entry] | None = None) -> list[Delivery]:
    """`deliveries_schedule_for_post` for a batch of approved posts (a fan-out's automatic shares): the same
    transitions, outbox rows and enqueues, one statement each. The transition records go to `archive` when the
    caller appends its batch itself."""
    from clearpost.posts.lifecycle import Move, post_transition_many

    posts = list(Post.objects.filter(pk__in=list(post_ids), account__isnull=False, current_version__isnull=False)
                 .order_by("pk").values_list("pk", "current_version_id", "account_id", "scheduled_for"))
    if not posts:
        return []
    post_transition_many(to=PostStatus.SCHEDULED, moves=[Move(row[0], actor_id) for row in posts], archive=archive)
    now = timezone.now()
    existing = set(Delivery.objects.filter(version_id__in=[row[1] for row in posts])
                   .values_list("version_id", "account_id"))
    Delivery.objects.bulk_create([
        Delivery(post_id=pk, version_id=version_id, account_id=account_id, next_attempt_at=when or now)
        for pk, version_id, account_id, when in posts if (version_id, account_id) not in existing])
    deliveries = list(Delivery.objects.filter(version_id__in=[row[1] for row in posts]).order_by("pk"))
    ids = [d.pk for d in deliveries]
    transaction.on_commit(lambda: [_enqueue(pk) for pk in ids])
    return deliveries


@dataclass(frozen=True)
class Claim:
    delivery: Delivery
    holder: str
    # The last send may have reached the network (`unknown`, or `sending` with an expired lease: its worker died
    # mid-send): look at the account's recent posts before any resend.
    reconcile_first: bool
    # A send-time problem found on a delivery whose last send may have reached the network: look first, then
    # hold only if the post is not there (holding a post that is on the network would hide it).
    hold: tuple[str, bool] | None = None


@dataclass
class Sent:
    """What one send found out, for its claimant to record."""

    claim: Claim
    started: datetime
    result: PublishResult | None = None
    error: ConnectorError | None = None
    reconciled: bool = False
    not_before: datetime | None = None
    # Why no call was made although one was due (the claim's lease ran short): tried again, never counted.
    not_sent: str = ""


def _send_time_problems(deliveries: list[Delivery]) -> dict[int, tuple[str, bool]]:
    """The checks repeated at the moment of sending, for a batch, with whether the advisor's supervisor must hear
    of it: the post still current and scheduled, this exact version approved (by a registered principal other
    than the author, or automatically under the firm's recorded policy), the account still linked, the advisor
    still trained and entitled (FINRA 3110), and a library item still valid. Each check is read for the whole
    batch at once; the first that fails is the delivery's problem."""
    from clearpost.posts.services import entitlement_refusals
    from clearpost.review.selectors import approval_problems

    approvals = approval_problems([(d.post_id, d.version_id, d.version.content_hash) for d in deliveries])
    refusals = entitlement_refusals([(d.post.author, d.post.network, d.post.kind) for d in deliveries])
    shares = share_send_time_problems([d.post_id for d in deliveries])
    problems: dict[int, tuple[str, bool]] = {}
    for position, delivery in enumerate(deliveries):
        post = delivery.post
        if post.current_version_id != delivery.version_id:
            problems[delivery.pk] = "the post was edited after approval", False
        elif post.status not in {PostStatus.SCHEDULED, PostStatus.PUBLISHING}:
            problems[delivery.pk] = f"the post is {post.get_status_display().lower()}", False
        elif approval := approvals[delivery.version_id]:
            problems[delivery.pk] = approval, False
        elif delivery.account.status != AccountStatus.ACTIVE:
            problems[delivery.pk] = "the account is no longer linked", False
        elif position in refusals:
            problems[delivery.pk] = refusals[position].message, True
        elif share := shares.get(delivery.post_id):
            problems[delivery.pk] = share, False
    return problems


def _claimable(now: datetime) -> Q:
    return Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.UNKNOWN], next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, lease_until__lt=now
    )


def _due(now: datetime, limit: int, delivery_id: int | None) -> list[Delivery]:
    """Due deliveries whose account is neither busy nor inside an announced window, with everything the send-time
    checks read: in doubt and abandoned ones first (they are reconciled), then pending ones, oldest first. One
    status at a time, so each is a range of the (status, next_attempt_at) index, never a scan of every delivery
    ever sent. The picks lock and fetch ids only; one query then reads the picked rows with their post, author,
    version and account (compiling that join three times cost the publisher more than running it)."""
    closed = AccountGate.objects.exclude(gate_open(now)).filter(account_id=OuterRef("account_id"))
    keys = Delivery.objects.filter(~Exists(closed))
    if delivery_id is not None:
        keys = keys.filter(pk=delivery_id)
    if connection.features.has_select_for_update_skip_locked:
        keys = keys.select_for_update(skip_locked=True, of=("self",))
    ids: list[int] = []
    for due in (Q(status=DeliveryStatus.UNKNOWN, next_attempt_at__lte=now),
                Q(status=DeliveryStatus.SENDING, lease_until__lt=now),
                Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)):
        ids += keys.filter(due).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit - len(ids)]
        if len(ids) >= limit:
            break
    if not ids:
        return []
    rows = Delivery.objects.select_related("post", "post__author", "version", "account").in_bulk(ids)
    return [rows[pk] for pk in ids]


def deliveries_claim(*, holder: str, limit: int, delivery_id: int | None = None,
                     now: datetime | None = None) -> list[Claim]:
    """Claim up to `limit` due deliveries (or just `delivery_id`), at most one per account, each with its
    account's gate, in one transaction. PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`, so workers never queue
    behind each other's rows; SQLite (one writer at a time): the conditional update alone decides. The send-time
    checks run here: a delivery that fails them is held, unless its last send is in doubt (then it is looked for
    first). A single delivery whose account is busy or inside a window is deferred to then."""
    claims: list[Claim] = []
    with transaction.atomic():
        # The clock is read once the transaction holds its locks (SQLite may queue at BEGIN): a lease computed
        # before a wait would be partly spent before the send even starts.
        now = now or timezone.now()
        lease = now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
        first_per_account: dict[int, Delivery] = {}
        for delivery in _due(now, limit * 2, delivery_id):
            first_per_account.setdefault(delivery.account_id, delivery)
        picked = list(first_per_account.values())[:limit]
        won = gates_take(account_ids=[d.account_id for d in picked], holder=holder, now=now, until=lease)
        rows = [d for d in picked if d.account_id in won]
        ids = [d.pk for d in rows]
        changed = Delivery.objects.filter(_claimable(now), pk__in=ids).update(
            status=DeliveryStatus.SENDING, claimed_by=holder, lease_until=lease, attempts=F("attempts") + 1,
            updated_at=now) if ids else 0
        if changed != len(ids):  # cannot happen under the row locks / the single writer; never assume it
            mine = set(Delivery.objects.filter(pk__in=ids, claimed_by=holder, lease_until=lease)
                       .values_list("pk", flat=True))
            rows = [d for d in rows if d.pk in mine]
        free = [d.account_id for d in picked if d.account_id in won and d not in rows]
        problems = _send_time_problems(rows)
        held: list[tuple[Delivery, tuple[str, bool]]] = []
        for delivery in rows:
            in_doubt = delivery.status in {DeliveryStatus.UNKNOWN, DeliveryStatus.SENDING}
            delivery.status, delivery.claimed_by, delivery.lease_until = DeliveryStatus.SENDING, holder, lease
            delivery.attempts += 1
            problem = problems.get(delivery.pk)
            if problem and not in_doubt:
                held.append((delivery, problem))
            else:
                claims.append(Claim(delivery, holder, reconcile_first=in_doubt, hold=problem))
        # Everything that appends to the archive comes last: its head row lock is held until this transaction
        # commits, and every other publisher's claim and record waits for it. It is taken before any post's row
        # lock, the order recording uses: the other order deadlocked two publishers whose batches met.
        moving = [c for c in claims if c.delivery.post.status != PostStatus.PUBLISHING]
        if held or moving:
            archive_head_lock()
        for claim in _posts_publishing(moving):
            post = Post.objects.get(pk=claim.delivery.post_id)
            held.append((claim.delivery, (f"the post is {post.get_status_display().lower()}", False)))
            claims.remove(claim)
        for delivery, problem in held:
            _hold(delivery, *problem, now)
        gates_release(holder=holder, account_ids=free + [d.account_id for d, _ in held])
    if delivery_id is not None and not claims:
        _defer_if_gated(delivery_id, now)
    return claims


def _posts_publishing(claims: list[Claim]) -> list[Claim]:
    """Move the claims' posts to publishing under their row locks; returns the claims to hold instead. The checks
    read the posts without those locks: a post that left `scheduled` since (withdrawn, edited) is held, not sent,
    unless its last send is in doubt (then it is looked for first, as with any other problem)."""
    moved = set(post_transition_many(to=PostStatus.PUBLISHING, skip_illegal=True,
                                     moves=[Move(c.delivery.post_id, None) for c in claims]))
    return [c for c in claims if c.delivery.post_id not in moved and not c.reconcile_first]


def _defer_if_gated(delivery_id: int, now: datetime) -> None:
    """A due delivery whose account is busy or inside a window moves to then (a dead `sending` one becomes
    unknown), with a task to try again."""
    account_id = Delivery.objects.filter(_claimable(now), pk=delivery_id).values_list("account_id", flat=True).first()
    until = gate_retry_at(account_id=account_id, now=now) if account_id is not None else None
    if until is None:
        return  # not due, or claimed by someone else, or the gate has just opened (the sweep will find it)
    Delivery.objects.filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.UNKNOWN]).update(
        next_attempt_at=until, updated_at=now)
    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING, lease_until__lt=now).update(
        status=DeliveryStatus.UNKNOWN, next_attempt_at=until, lease_until=None, updated_at=now)
    _enqueue_later(delivery_id, until + timedelta(milliseconds=random.randint(0, 300)))


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


def _entry(delivery: Delivery, event: EventType, payload: dict) -> Entry:
    post = delivery.post
    return Entry(event_type=event, actor_id=None, advisor_id=post.author_id, branch_id=post.author.branch_id,
                 network=post.network, account_id=delivery.account_id, post_id=post.pk,
                 payload={"delivery": delivery.pk, "version_hash": delivery.version.content_hash,
                          "attempt": delivery.attempts, **payload})


def _archive(delivery: Delivery, event: EventType, payload: dict) -> None:
    archive_records_append_many([_entry(delivery, event, payload)])


def _backoff(attempt: int, retry_after: float | None) -> timedelta:
    # Exponential with full jitter, never sooner than the reset time the network announced.
    base = min(float(settings.PUBLISH_BACKOFF_MAX_SECONDS), 2.0 ** attempt)
    delay = random.uniform(base / 2, base)
    if retry_after is not None:
        delay = max(delay, retry_after + 0.5)
    return timedelta(seconds=delay)


def idempotency_key(delivery: Delivery) -> str:
    """Stable across retries of one delivery, distinct across databases (ids alone repeat after a restore)."""
    return f"clearpost-{delivery.pk}-{delivery.version.content_hash[:16]}"


def _room_for_a_call(sent: Sent) -> bool:
    """A call starts only if it can end, and a window its answer announces be noted, well inside the claim's
    lease: once the lease runs out another worker may take the account, and it must know of that window."""
    assert sent.claim.delivery.lease_until is not None
    left = (sent.claim.delivery.lease_until - timezone.now()).total_seconds()
    if left >= 2 * settings.CONNECTOR_TIMEOUT_SECONDS + 0.5:
        return True
    sent.not_sent = f"not sent: only {max(0.0, left):.1f}s of the claim's lease was left for the call"
    return False


def _note_window(account_id: int, not_before: datetime) -> None:
    # At once, not when the send is recorded: recording may come after the lease, when others may call.
    try:
        gate_window_note(account_id=account_id, not_before=not_before)
    except Exception:
        log.exception("account %s: noting a rate-limit window failed; its send's record notes it", account_id)


def delivery_send(claim: Claim) -> Sent:
    """The network side of one claimed delivery: look first when the last send is in doubt, then publish. It
    changes no delivery state (its claimant records the outcome), so a worker may run many at once in threads;
    it only notes at once any rate-limit window the network announced."""
    delivery = claim.delivery
    connector = connector_for(delivery.account.network)
    sent = Sent(claim, started=timezone.now())
    confirmed_absent = False
    try:
        token = account_access_token(account=delivery.account)
        if claim.reconcile_first and _room_for_a_call(sent):
            sent.result = connector.find_recent(access_token=token, handle=delivery.account.handle,
                                                text=delivery.version.text)
            sent.reconciled = sent.result is not None
            confirmed_absent = sent.result is None
        if sent.result is None and claim.hold is None and not sent.not_sent and _room_for_a_call(sent):
            sent.result = connector.publish(access_token=token, handle=delivery.account.handle,
                                            text=delivery.version.text, idempotency_key=idempotency_key(delivery),
                                            network_user_id=delivery.account.external_id)
    except ConnectorError as exc:
        sent.error = exc
    except Exception as exc:  # never leave a lease dangling: the send may have happened
        log.exception("delivery %s: unexpected error while sending", delivery.pk)
        sent.error = ConnectorError(f"unexpected error: {exc!r}", permanent=False, ambiguous=True)
    if sent.error is not None and claim.reconcile_first and not confirmed_absent:
        sent.error.ambiguous = True  # still unreconciled: the next try must look before sending
    sent.not_before = window_end(connector.blocked_until, sent.error.retry_after if sent.error else None)
    if sent.not_before is not None:
        _note_window(delivery.account_id, sent.not_before)
    return sent


def delivery_publish(*, delivery_id: int, worker_id: str) -> DeliveryStatus | None:
    """Claim, send and record one delivery. Safe to call any number of times for the same delivery."""
    claims = deliveries_claim(holder=worker_id, limit=1, delivery_id=delivery_id)
    if not claims:
        return None
    (status,) = deliveries_record([delivery_send(claims[0])])
    return status


@transaction.atomic
def deliveries_record(sends: Sequence[Sent]) -> list[DeliveryStatus | None]:
    """Record several sends in one transaction (one commit however many): each one's attempt with the network's
    answer, its delivery's new state, its archive record and its post's move; and free the gates, remembering any
    window the networks announced. Only the claimant records: a lease that expired and was re-claimed belongs to
    someone else now, and its new claimant reconciles."""
    by_holder: dict[str, list[int]] = {}
    windows: dict[int, datetime] = {}
    for sent in sends:
        by_holder.setdefault(sent.claim.holder, []).append(sent.claim.delivery.account_id)
        if sent.not_before is not None:
            windows[sent.claim.delivery.account_id] = sent.not_before
    for holder, account_ids in by_holder.items():
        gates_release(holder=holder, account_ids=account_ids,
                      windows={a: windows[a] for a in account_ids if a in windows})
    current = {row[0]: row[1:] for row in Delivery.objects.select_for_update().filter(
        pk__in=[s.claim.delivery.pk for s in sends]).values_list("pk", "status", "claimed_by")}
    batch = _Batch()
    statuses: list[DeliveryStatus | None] = []
    for sent in sends:
        delivery = sent.claim.delivery
        if current.get(delivery.pk) != (DeliveryStatus.SENDING, sent.claim.holder):
            log.warning("delivery %s: lease lost before recording the outcome", delivery.pk)
            statuses.append(None)
        else:
            statuses.append(_record_one(sent, batch))
    # One small update a row: `bulk_update` builds a CASE per field and row, and compiling those cost more CPU
    # than everything else a publisher does per delivery.
    for delivery in batch.published:
        Delivery.objects.filter(pk=delivery.pk).update(**{name: getattr(delivery, name) for name in _PUBLISHED_FIELDS})
    DeliveryAttempt.objects.bulk_create(batch.attempts)
    # The archive last (its head row lock is held until commit, and every publisher needs it), and before any
    # post's row lock, as in claims: the deliveries' records, then their posts' moves, in one append.
    if batch.entries:
        archive_head_lock()
        for to, moves in batch.moves.items():
            # A post edited or withdrawn while a send was in doubt stays where its author put it; the delivery
            # row and its archive records say what happened on the network.
            post_transition_many(to=to, moves=moves, archive=batch.entries, skip_illegal=True)
        archive_records_append_many(batch.entries)
    return statuses


# Attempts that say nothing against the post: refusals inside a window, holds, and claims that sent nothing.
UNCOUNTED = [AttemptOutcome.RATE_LIMITED, AttemptOutcome.HELD, AttemptOutcome.NOT_SENT]

_PUBLISHED_FIELDS = ["status", "external_id", "external_url", "published_at", "lease_until", "last_error",
                     "updated_at"]


@dataclass
class _Batch:
    published: list[Delivery] = field(default_factory=list)
    attempts: list[DeliveryAttempt] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    moves: dict[PostStatus, list[Move]] = field(default_factory=dict)

    def move(self, post_id: int, to: PostStatus, reason: str = "", **details: Any) -> None:
        self.moves.setdefault(to, []).append(Move(post_id, None, reason, details or None))


def _record_one(sent: Sent, batch: _Batch) -> DeliveryStatus:
    delivery, result, error = sent.claim.delivery, sent.result, sent.error
    now = timezone.now()
    if sent.not_sent and result is None and error is None:
        return _record_not_sent(sent, batch, now)
    if result is None and error is None:
        assert sent.claim.hold is not None  # looked, and the post is not on the network: hold it
        _hold(delivery, *sent.claim.hold, now)
        return DeliveryStatus.HELD
    if result is not None:
        outcome = AttemptOutcome.RECONCILED if sent.reconciled else AttemptOutcome.PUBLISHED
        batch.attempts.append(DeliveryAttempt(delivery=delivery, number=delivery.attempts, started_at=sent.started,
                                              finished_at=now, outcome=outcome, http_status=result.status,
                                              response=result.raw))
        delivery.status, delivery.published_at, delivery.lease_until = DeliveryStatus.PUBLISHED, now, None
        delivery.external_id, delivery.external_url, delivery.last_error, delivery.updated_at = (
            result.external_id, result.url, "", now)
        batch.published.append(delivery)
        batch.entries.append(_entry(delivery, EventType.DELIVERY_PUBLISHED, {
            "outcome": str(outcome), "external_id": result.external_id, "url": result.url,
            "network_response": result.raw}))
        batch.move(delivery.post_id, PostStatus.PUBLISHED, external_id=result.external_id, url=result.url)
        return DeliveryStatus.PUBLISHED
    assert error is not None
    # Refusals inside a rate-limit window are not failures of the post: they never exhaust its attempts.
    counted = delivery.attempt_log.exclude(outcome__in=UNCOUNTED).count()
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
    batch.attempts.append(DeliveryAttempt(delivery=delivery, number=delivery.attempts, started_at=sent.started,
                                          finished_at=now, outcome=outcome, http_status=error.status,
                                          response=response, error=error.message))
    if error.rate_limited:
        next_at = max(sent.not_before or now, now) + timedelta(milliseconds=random.randint(50, 500))
    else:
        next_at = now + _backoff(counted + 1, error.retry_after)
        if sent.not_before is not None:
            next_at = max(next_at, sent.not_before)
    message = error.message if status != DeliveryStatus.FAILED or not exhausted else (
        f"gave up after {counted + 1} attempts: {error.message}")
    Delivery.objects.filter(pk=delivery.pk).update(status=status, last_error=message, lease_until=None,
                                                   next_attempt_at=next_at, updated_at=now)
    event = EventType.DELIVERY_FAILED if status == DeliveryStatus.FAILED else EventType.DELIVERY_ATTEMPTED
    batch.entries.append(_entry(delivery, event, {"outcome": str(outcome), "error": message,
                                                  "http_status": error.status, "network_response": response or None}))
    if status == DeliveryStatus.FAILED:
        batch.move(delivery.post_id, PostStatus.FAILED, message)
    else:
        batch.move(delivery.post_id, PostStatus.SCHEDULED, f"retry after: {error.message}")
        transaction.on_commit(partial(_enqueue_later, delivery.pk, next_at))
    return status


def _record_not_sent(sent: Sent, batch: _Batch, now: datetime) -> DeliveryStatus:
    """Nothing reached the network on this claim: due again at once (still in doubt if it was)."""
    delivery = sent.claim.delivery
    status = DeliveryStatus.UNKNOWN if sent.claim.reconcile_first else DeliveryStatus.PENDING
    next_at = max(sent.not_before or now, now) + timedelta(milliseconds=random.randint(0, 200))
    batch.attempts.append(DeliveryAttempt(delivery=delivery, number=delivery.attempts, started_at=sent.started,
                                          finished_at=now, outcome=AttemptOutcome.NOT_SENT, error=sent.not_sent))
    Delivery.objects.filter(pk=delivery.pk).update(status=status, last_error=sent.not_sent, lease_until=None,
                                                   next_attempt_at=next_at, updated_at=now)
    batch.entries.append(_entry(delivery, EventType.DELIVERY_ATTEMPTED, {"outcome": str(AttemptOutcome.NOT_SENT),
                                                                         "error": sent.not_sent}))
    batch.move(delivery.post_id, PostStatus.SCHEDULED, sent.not_sent)
    transaction.on_commit(partial(_enqueue_later, delivery.pk, next_at))
    return status


def _enqueue_later(delivery_id: int, when: datetime) -> None:
    from clearpost.publishing.tasks import publish_delivery_task

    # Publishers poll the outbox themselves. A backend that cannot defer (the immediate one, in some tests)
    # leaves the retry to the scheduler's sweep: the delivery row is the truth, the task only a nudge.
    if settings.PUBLISH_TASKS and publish_delivery_task.get_backend().supports_defer:
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

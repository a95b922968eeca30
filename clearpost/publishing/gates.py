"""Per-account gate: at most one worker talks to a network for an account at a time, and nobody calls before
the end of a rate-limit window the network announced (kept in the database, so every worker knows)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from clearpost.publishing.models import AccountGate


def _cooldown() -> timedelta:
    return timedelta(seconds=settings.CONNECTOR_COOLDOWN_SECONDS)


def _free(now: datetime) -> Q:
    """No live holder. A holder that died (its lease ran out, never released) may have heard a rate-limit window
    it had no time to note, or sent a call the network answers later: its gate stays closed a cool-down longer."""
    return Q(busy_until__isnull=True) | Q(busy_until__lt=now - _cooldown())


def _ready(now: datetime) -> Q:
    """No window the network announced is still running."""
    return Q(not_before__isnull=True) | Q(not_before__lte=now)


def gate_open(now: datetime) -> Q:
    return _free(now) & _ready(now)


def gate_retry_at(*, account_id: int, now: datetime) -> datetime | None:
    """When a closed gate is worth trying again (None when it is open)."""
    gate = AccountGate.objects.filter(account_id=account_id).first()
    if gate is None:
        return None
    if gate.not_before is not None and gate.not_before > now:
        return gate.not_before  # an announced window: nothing before its end
    if gate.busy_until is None or gate.busy_until < now - _cooldown():
        return None
    # Busy with another call, which usually ends within a second; a dead holder's gate opens a cool-down after
    # its lease.
    return min(gate.busy_until + _cooldown(), now + timedelta(milliseconds=500))


def gate_acquire(*, account_id: int, holder: str, now: datetime, until: datetime) -> datetime | None:
    """Take the account's gate. Returns None when taken, else the earliest time worth trying again."""
    AccountGate.objects.get_or_create(account_id=account_id)
    mine = (_free(now) | Q(busy_by=holder)) & _ready(now)
    if AccountGate.objects.filter(mine, account_id=account_id).update(busy_by=holder, busy_until=until) == 1:
        return None
    return gate_retry_at(account_id=account_id, now=now) or now + timedelta(milliseconds=500)


def gates_take(*, account_ids: list[int], holder: str, now: datetime, until: datetime) -> set[int]:
    """Take the open gates among several accounts at once; returns the accounts taken. PostgreSQL locks them with
    SKIP LOCKED, so two workers taking overlapping sets never wait on (or deadlock with) each other; SQLite has
    one writer at a time, so the conditional update alone decides."""
    if not account_ids:
        return set()
    # Only the missing gates: inserting over a gate another worker holds waits for that worker's commit.
    known = set(AccountGate.objects.filter(account_id__in=account_ids).values_list("account_id", flat=True))
    AccountGate.objects.bulk_create([AccountGate(account_id=a) for a in account_ids if a not in known],
                                    ignore_conflicts=True)
    gates = AccountGate.objects.filter(gate_open(now), account_id__in=account_ids)
    if connection.features.has_select_for_update_skip_locked:
        gates = AccountGate.objects.filter(pk__in=list(
            gates.select_for_update(skip_locked=True).values_list("pk", flat=True)))
    gates.update(busy_by=holder, busy_until=until)
    return set(AccountGate.objects.filter(account_id__in=account_ids, busy_by=holder)
               .values_list("account_id", flat=True))


def gates_release(*, holder: str, account_ids: Iterable[int], windows: dict[int, datetime] | None = None) -> None:
    """Free the holder's gates and remember the windows the networks announced. A window is written even if
    another holder took the gate meanwhile: it is a fact about the network, not about this worker."""
    for account_id, not_before in (windows or {}).items():
        gate_window_note(account_id=account_id, not_before=not_before)
    ids = list(account_ids)
    if ids:
        AccountGate.objects.filter(account_id__in=ids, busy_by=holder).update(busy_by="", busy_until=None)


def gate_window_note(*, account_id: int, not_before: datetime) -> None:
    """Remember a window the network announced; a later end never shrinks to an earlier one."""
    AccountGate.objects.filter(account_id=account_id).filter(
        Q(not_before__isnull=True) | Q(not_before__lt=not_before)).update(not_before=not_before)


def gate_release(*, account_id: int, holder: str, not_before: datetime | None) -> None:
    gates_release(holder=holder, account_ids=[account_id],
                  windows={account_id: not_before} if not_before is not None else None)


def window_end(blocked_until: float, retry_after: float | None) -> datetime | None:
    """The later of the window the connector saw and a retry-after, as an aware datetime (None if past)."""
    now = timezone.now()
    candidates = []
    if blocked_until:
        candidates.append(datetime.fromtimestamp(blocked_until, tz=now.tzinfo))
    if retry_after:
        candidates.append(now + timedelta(seconds=retry_after))
    end = max(candidates) if candidates else None
    # A small margin: the network's clock and ours round differently.
    return end + timedelta(milliseconds=50) if end and end > now else None

"""Per-account gate: at most one worker talks to a network for an account at a time, and nobody calls before
the end of a rate-limit window the network announced (kept in the database, so every worker knows)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from clearpost.publishing.models import AccountGate


def gate_acquire(*, account_id: int, holder: str, now: datetime, until: datetime) -> datetime | None:
    """Take the account's gate. Returns None when taken, else the earliest time worth trying again."""
    AccountGate.objects.get_or_create(account_id=account_id)
    free = Q(busy_until__isnull=True) | Q(busy_until__lt=now) | Q(busy_by=holder)
    ready = Q(not_before__isnull=True) | Q(not_before__lte=now)
    if AccountGate.objects.filter(free, ready, account_id=account_id).update(busy_by=holder, busy_until=until) == 1:
        return None
    gate = AccountGate.objects.get(account_id=account_id)
    if gate.not_before is not None and gate.not_before > now:
        return gate.not_before  # an announced window: nothing before its end
    # Busy with another call, which usually ends within a second; a dead holder's lease ends at busy_until.
    soon = now + timedelta(milliseconds=500)
    return min(gate.busy_until, soon) if gate.busy_until is not None and gate.busy_until > now else soon


def gate_release(*, account_id: int, holder: str, not_before: datetime | None) -> None:
    """Free the gate and remember the announced window. The window is written even if another holder took the
    gate meanwhile: it is a fact about the network, not about this worker."""
    if not_before is not None:
        AccountGate.objects.filter(account_id=account_id).filter(
            Q(not_before__isnull=True) | Q(not_before__lt=not_before)).update(not_before=not_before)
    AccountGate.objects.filter(account_id=account_id, busy_by=holder).update(busy_by="", busy_until=None)


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

"""Market background work. The fan-out of a fired event is safe to run twice: the event row is claimed with a
conditional update, and every row it writes has a unique constraint."""

from __future__ import annotations

from django_tasks import task


@task()
def fan_out_market_event_task(event_id: int) -> int:
    """Unlock the items linked to the event's rule and notify (or auto-share for) the eligible advisors."""
    from clearpost.library.services import market_event_fan_out

    return market_event_fan_out(event_id=event_id).suggestions


@task()
def sweep_market_events_task() -> int:
    """Re-enqueue fan-outs that never ran (a worker died, or the enqueue was lost): the event row is the truth."""
    from datetime import timedelta

    from django.utils import timezone

    from clearpost.markets.models import MarketEvent

    stale = list(MarketEvent.objects.filter(fanned_out_at__isnull=True, fired_at__lt=timezone.now() - timedelta(
        minutes=1)).values_list("pk", flat=True)[:100])
    for event_id in stale:
        fan_out_market_event_task.enqueue(event_id)
    return len(stale)

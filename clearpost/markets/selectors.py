"""Market reads, for compliance's dashboard and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from clearpost.markets.models import EventRule, Instrument, MarketEvent, RejectedTick


def instrument_list() -> QuerySet[Instrument]:
    return Instrument.objects.order_by("symbol")


def event_rule_list() -> QuerySet[EventRule]:
    return EventRule.objects.select_related("instrument").order_by("name")


def market_event_list(*, limit: int = 50) -> list[MarketEvent]:
    return list(MarketEvent.objects.select_related("rule", "instrument").order_by("-fired_at")[:limit])


def rejected_tick_list(*, limit: int = 50) -> list[RejectedTick]:
    return list(RejectedTick.objects.order_by("-created_at", "-pk")[:limit])

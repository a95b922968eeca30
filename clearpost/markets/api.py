"""The market-data API a vendor pushes to (mounted by the API app under /api/market; bearer-token auth from the API
app applies). Pushing needs `markets.push_ticks`; a refused tick answers 422 with the reason and is logged."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from clearpost.core.errors import NotPermitted
from clearpost.markets.choices import TickSource
from clearpost.markets.models import MarketEvent
from clearpost.markets.selectors import instrument_list, market_event_list
from clearpost.markets.services import may_push_ticks, tick_record, ticks_load


class TickIn(Schema):
    symbol: str = Field(..., min_length=1, max_length=20)
    value: str | float = Field(..., description="The level, e.g. \"46620.10\"")
    at: datetime | None = Field(None, description="ISO 8601; default: the time of receipt")


class EventOut(Schema):
    id: int
    rule: str
    session_date: str
    fired_at: datetime
    figures: dict[str, str]


class TickOut(Schema):
    id: int
    symbol: str
    value: str
    at: datetime
    events: list[EventOut]


class BatchOut(Schema):
    ticks: int
    events: list[EventOut]


class InstrumentOut(Schema):
    symbol: str
    name: str
    last_value: str | None
    last_at: datetime | None
    previous_close: str | None


def _event(e: MarketEvent) -> EventOut:
    return EventOut(id=e.pk, rule=e.rule.name, session_date=e.session_date.isoformat(), fired_at=e.fired_at,
                    figures={k: str(v) for k, v in e.figures.items()})


def _require_reader(request: HttpRequest) -> None:
    if not may_push_ticks(request.user):  # type: ignore[arg-type]
        raise NotPermitted("market data is for compliance and market-data integrations",
                           permission="markets.push_ticks")


def build_router() -> Router:
    """A fresh router (the API app mounts `router`; tests mount their own copy on a test API)."""
    router = Router(tags=["market"])

    @router.post("/ticks", response={201: TickOut}, summary="Push one tick")
    def push_tick(request: HttpRequest, payload: TickIn) -> Status[TickOut]:
        result = tick_record(symbol=payload.symbol, value=payload.value, at=payload.at, source=TickSource.API,
                             actor=request.user)  # type: ignore[arg-type]
        tick = result.tick
        return Status(201, TickOut(id=tick.pk, symbol=payload.symbol, value=str(tick.value), at=tick.at,
                            events=[_event(e) for e in result.events]))

    @router.post("/ticks/batch", response={201: BatchOut}, summary="Push ticks, all or nothing")
    def push_batch(request: HttpRequest, payload: list[TickIn]) -> Status[BatchOut]:
        rows = [(i + 1, {"symbol": t.symbol, "value": t.value, "at": t.at}) for i, t in enumerate(payload)]
        result = ticks_load(rows=rows, source=TickSource.API, actor=request.user)  # type: ignore[arg-type]
        return Status(201, BatchOut(ticks=result.ticks, events=[_event(e) for e in result.events]))

    @router.get("/instruments", response=list[InstrumentOut])
    def instruments(request: HttpRequest) -> list[InstrumentOut]:
        _require_reader(request)
        return [InstrumentOut(symbol=i.symbol, name=i.name, last_value=str(i.last_value) if i.last_value else None,
                              last_at=i.last_at,
                              previous_close=str(i.previous_close) if i.previous_close else None)
                for i in instrument_list()]

    @router.get("/events", response=list[EventOut])
    def events(request: HttpRequest) -> list[EventOut]:
        _require_reader(request)
        return [_event(e) for e in market_event_list()]

    return router


router = build_router()

"""Market data use cases: record a tick (CLI, API, replay), load a CSV all-or-nothing, manage event rules, and fire
events. A bad tick is refused with a clear message and logged as a RejectedTick; it never changes any other row.

A fired event is archived in the tick's transaction; its fan-out (unlocks, suggestions, auto-shares) runs in a
background task enqueued once the transaction commits."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from clearpost.accounts.models import User
from clearpost.archive.services import archive_record_append
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.markets.choices import RuleKind, TickSource
from clearpost.markets.models import EventRule, Instrument, MarketEvent, RejectedTick, Tick

# A tick stamped further ahead than this is a clock or feed error, not a market observation.
MAX_FUTURE = timedelta(days=1)
MAX_VALUE = Decimal("1e9")


class BadTick(DomainError):
    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message, code="bad_tick")
        self.line = line


@dataclass
class TickResult:
    tick: Tick
    events: list[MarketEvent] = field(default_factory=list)


def may_manage_markets(user: User | None) -> bool:
    return bool(user is not None and (user.has_perm("markets.manage_markets") or user.has_perm("policy.manage_rules")))


def may_push_ticks(user: User | None) -> bool:
    return bool(user is not None and (user.has_perm("markets.push_ticks") or may_manage_markets(user)))


# --- parsing and checking ----------------------------------------------------------------------------------------


def parse_value(raw: Any) -> Decimal:
    """A positive, finite number; anything else is an impossible level for an index."""
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise BadTick(f"{raw!r} is not a number") from exc
    if value.is_nan() or value.is_infinite() or (isinstance(raw, float) and not math.isfinite(raw)):
        raise BadTick(f"{raw!r} is not a finite number")
    if value >= MAX_VALUE:
        raise BadTick(f"{raw} is not a possible level: too large")
    if value > 0:
        value = value.quantize(Decimal("0.0001"))  # the stored precision: what rounds to zero is zero
    if value <= 0:
        raise BadTick(f"{raw} is not a possible level: values must be positive")
    return value


def parse_at(raw: Any, *, default: datetime | None = None) -> datetime:
    """An ISO 8601 date-time; a naive one is read in the firm's time zone (settings.TIME_ZONE)."""
    if raw is None or raw == "":
        if default is None:
            raise BadTick("the tick has no time")
        return default
    if isinstance(raw, datetime):
        moment = raw
    else:
        moment = parse_datetime(str(raw).strip())
        if moment is None:
            raise BadTick(f"{raw!r} is not an ISO 8601 date-time")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@dataclass
class _State:
    """An instrument's running state, so a whole file can be checked in memory before anything is written."""

    last_value: Decimal | None
    last_at: datetime | None
    max_jump_pct: Decimal

    @classmethod
    def of(cls, instrument: Instrument) -> _State:
        return cls(instrument.last_value, instrument.last_at, instrument.max_jump_pct)


def _problem(state: _State, value: Decimal, at: datetime, now: datetime) -> str | None:
    if at > now + MAX_FUTURE:
        return f"the time {at.isoformat()} is in the future"
    if state.last_at is not None and at <= state.last_at:
        return (f"out of order: {at.isoformat()} is not after the last accepted tick "
                f"({state.last_at.isoformat()})")
    if state.last_value is not None:
        jump = abs(value - state.last_value) / state.last_value * 100
        if jump > state.max_jump_pct:
            return (f"{value} is {jump:.1f}% away from the last tick ({state.last_value}); the sane bound is "
                    f"{state.max_jump_pct}%")
    return None


def _reject(*, symbol: str, raw_value: Any, raw_at: Any, source: str, reason: str, line: int | None = None) -> None:
    RejectedTick.objects.create(symbol=str(symbol)[:40], raw_value=str(raw_value)[:64],
                                raw_at="" if raw_at is None else str(raw_at)[:64], source=source, line=line,
                                reason=reason)


# --- applying ----------------------------------------------------------------------------------------------------


def _session(instrument: Instrument, at: datetime) -> date:
    return at.astimezone(ZoneInfo(instrument.timezone)).date()


def _apply(instrument: Instrument, value: Decimal, at: datetime, source: str) -> TickResult:
    """Append the tick, roll the session state, evaluate the instrument's rules. Caller holds the row lock."""
    tick = Tick.objects.create(instrument=instrument, at=at, value=value, source=source)
    previous_value = instrument.last_value
    session = _session(instrument, at)
    if instrument.session_date != session:
        # A new session: the last value of the earlier one is its close, the reference for "on the day".
        instrument.previous_close = instrument.last_value
        instrument.session_open = value
        instrument.session_date = session
    instrument.last_value, instrument.last_at = value, at
    instrument.save(update_fields=["last_value", "last_at", "session_date", "session_open", "previous_close"])
    events = [e for rule in instrument.rules.filter(active=True).order_by("pk")
              if (e := _evaluate(rule, instrument, tick, previous_value)) is not None]
    return TickResult(tick, events)


def _figures(instrument: Instrument, value: Decimal) -> dict[str, Any]:
    reference = instrument.previous_close or instrument.session_open or value
    change = value - reference
    pct = change / reference * 100 if reference else Decimal(0)
    return {
        "index_name": instrument.name, "index_symbol": instrument.symbol,
        "index_points": f"{abs(change):,.2f}", "index_pct": f"{abs(pct):.2f}%", "index_level": f"{value:,.2f}",
        "direction": "up" if change >= 0 else "down", "change": f"{change:.2f}", "change_pct": f"{pct:.4f}",
        "reference": f"{reference:.2f}",
    }


def rule_condition_met(kind: str, threshold: Decimal, *, value: Decimal, reference: Decimal,
                       previous: Decimal | None) -> bool:
    """The rule table as a pure function (tested without a database)."""
    change = value - reference
    pct = change / reference * 100 if reference else Decimal(0)
    if kind == RuleKind.POINTS_UP:
        return change >= threshold
    if kind == RuleKind.POINTS_DOWN:
        return -change >= threshold
    if kind == RuleKind.PCT_UP:
        return pct >= threshold
    if kind == RuleKind.PCT_DOWN:
        return -pct >= threshold
    if kind == RuleKind.CROSS_ABOVE:
        return previous is not None and previous < threshold <= value
    if kind == RuleKind.CROSS_BELOW:
        return previous is not None and previous > threshold >= value
    raise ValueError(f"unknown rule kind {kind!r}")


def _window_key(rule: EventRule, session: date, at: datetime) -> str:
    if not rule.cooldown_minutes:
        return session.isoformat()
    bucket = int(at.timestamp() // (rule.cooldown_minutes * 60))
    return f"{session.isoformat()}/{bucket}"


def _evaluate(rule: EventRule, instrument: Instrument, tick: Tick, previous: Decimal | None) -> MarketEvent | None:
    reference = instrument.previous_close or instrument.session_open or tick.value
    if not rule_condition_met(rule.kind, rule.threshold, value=tick.value, reference=reference, previous=previous):
        return None
    session = instrument.session_date or _session(instrument, tick.at)
    key = _window_key(rule, session, tick.at)
    if rule.cooldown_minutes and MarketEvent.objects.filter(
            rule=rule, tick__at__gt=tick.at - timedelta(minutes=rule.cooldown_minutes)).exists():
        return None
    if MarketEvent.objects.filter(rule=rule, window_key=key).exists():
        return None
    figures = _figures(instrument, tick.value)
    try:
        with transaction.atomic():
            event = MarketEvent.objects.create(rule=rule, instrument=instrument, tick=tick, window_key=key,
                                               session_date=session, fired_at=timezone.now(), figures=figures)
    except IntegrityError:
        return None  # another worker fired it first: once is the point
    archive_record_append(
        event_type=EventType.MARKET_EVENT_FIRED, actor_id=None,
        payload={"event": event.pk, "rule": rule.pk, "rule_name": rule.name, "kind": rule.kind,
                 "threshold": str(rule.threshold), "window_key": key, "tick_at": tick.at.isoformat(),
                 "tick_value": str(tick.value), "figures": figures, "unlock_minutes": rule.unlock_minutes},
    )
    transaction.on_commit(partial(_enqueue_fan_out, event.pk))
    return event


def _enqueue_fan_out(event_id: int) -> None:
    from clearpost.markets.tasks import fan_out_market_event_task

    fan_out_market_event_task.enqueue(event_id)


# --- use cases ---------------------------------------------------------------------------------------------------


def tick_record(*, symbol: str, value: Any, at: Any = None, source: str = TickSource.CLI,
                actor: User | None = None) -> TickResult:
    """Record one tick. Refused ticks raise BadTick after a RejectedTick row is written (outside the refused
    transaction, so the log survives the refusal). `actor` None means a trusted local process (CLI, replay)."""
    if actor is not None and not may_push_ticks(actor):
        raise NotPermitted("only market-data integrations may push ticks", permission="markets.push_ticks")
    now = timezone.now()
    try:
        with transaction.atomic():
            parsed_value = parse_value(value)
            parsed_at = parse_at(at, default=now)
            instrument = Instrument.objects.select_for_update().filter(symbol=str(symbol).strip()).first()
            if instrument is None:
                raise BadTick(f"unknown instrument {symbol!r}")
            problem = _problem(_State.of(instrument), parsed_value, parsed_at, now)
            if problem:
                raise BadTick(f"{instrument.symbol}: {problem}")
            return _apply(instrument, parsed_value, parsed_at, source)
    except BadTick as exc:
        _reject(symbol=symbol, raw_value=value, raw_at=at, source=source, reason=exc.message)
        raise


@dataclass
class LoadResult:
    ticks: int
    events: list[MarketEvent]


def _rows_from_csv(text: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"symbol", "at", "value"} - {(f or "").strip() for f in reader.fieldnames or []}
    if missing:
        raise BadTick(f"line 1: the header must name symbol, at and value (missing: {', '.join(sorted(missing))})",
                      line=1)
    rows = []
    for row in reader:
        clean = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        if not any(clean.values()):
            continue
        rows.append((reader.line_num, clean))
    return rows


def ticks_load(*, rows: list[tuple[int, dict[str, Any]]], source: str = TickSource.CSV,
               actor: User | None = None, dry_run: bool = False) -> LoadResult:
    """All or nothing: every row is checked in order against the database and the rows before it; if any row is
    bad, each bad row is logged with its line number and nothing is applied."""
    if actor is not None and not may_push_ticks(actor):
        raise NotPermitted("only market-data integrations may push ticks", permission="markets.push_ticks")
    now = timezone.now()
    instruments = {i.symbol: i for i in Instrument.objects.all()}
    states = {symbol: _State.of(i) for symbol, i in instruments.items()}
    parsed: list[tuple[str, Decimal, datetime]] = []
    errors: list[tuple[int, dict[str, Any], str]] = []
    for line, row in rows:
        symbol = str(row.get("symbol", "")).strip()
        try:
            if symbol not in instruments:
                raise BadTick(f"unknown instrument {symbol!r}")
            value = parse_value(row.get("value", ""))
            at = parse_at(row.get("at") or None)
            state = states[symbol]
            problem = _problem(state, value, at, now)
            if problem:
                raise BadTick(problem)
            state.last_value, state.last_at = value, at
            parsed.append((symbol, value, at))
        except BadTick as exc:
            errors.append((line, row, exc.message))
    if errors:
        for line, row, reason in errors:
            _reject(symbol=row.get("symbol", ""), raw_value=row.get("value", ""), raw_at=row.get("at", ""),
                    source=source, reason=reason, line=line)
        shown = "; ".join(f"line {line}: {reason}" for line, _, reason in errors[:10])
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        raise BadTick(f"{len(errors)} bad line(s), nothing was loaded — {shown}{more}", line=errors[0][0])
    if dry_run:
        return LoadResult(len(parsed), [])
    events: list[MarketEvent] = []
    with transaction.atomic():
        locked = {i.symbol: i for i in Instrument.objects.select_for_update().filter(
            symbol__in={s for s, _, _ in parsed})}
        for symbol, value, at in parsed:
            instrument = locked[symbol]
            problem = _problem(_State.of(instrument), value, at, now)
            if problem:  # a concurrent writer got in between the check and the lock
                raise BadTick(f"{symbol}: {problem}; nothing was loaded")
            events.extend(_apply(instrument, value, at, source).events)
        archive_record_append(event_type=EventType.MARKET_TICKS_LOADED, actor_id=actor.pk if actor else None,
                              payload={"source": source, "ticks": len(parsed),
                                       "symbols": sorted({s for s, _, _ in parsed}),
                                       "events": [e.pk for e in events]})
    return LoadResult(len(parsed), events)


def ticks_load_csv(*, text: str, source: str = TickSource.CSV, actor: User | None = None,
                   dry_run: bool = False) -> LoadResult:
    try:
        rows = _rows_from_csv(text)
    except BadTick as exc:
        _reject(symbol="", raw_value="", raw_at="", source=source, reason=exc.message, line=1)
        raise
    return ticks_load(rows=rows, source=source, actor=actor, dry_run=dry_run)


@transaction.atomic
def instrument_save(*, actor: User | None, symbol: str, name: str, tz: str = "America/New_York",
                    max_jump_pct: Decimal | int = 10) -> Instrument:
    if actor is not None and not may_manage_markets(actor):
        raise NotPermitted("only compliance admins manage instruments", permission="markets.manage_markets")
    symbol = symbol.strip()
    if not symbol or not name.strip():
        raise DomainError("an instrument needs a symbol and a name", code="invalid_instrument")
    try:
        ZoneInfo(tz)
    except Exception as exc:
        raise DomainError(f"unknown time zone {tz!r}", code="invalid_instrument") from exc
    instrument, _ = Instrument.objects.update_or_create(
        symbol=symbol, defaults={"name": name.strip(), "timezone": tz, "max_jump_pct": Decimal(max_jump_pct)})
    return instrument


@transaction.atomic
def event_rule_create(*, actor: User | None, name: str, symbol: str, kind: str, threshold: Decimal | int | str,
                      cooldown_minutes: int = 0, unlock_minutes: int = 8 * 60) -> EventRule:
    """Compliance defines the market conditions that unlock linked library items; archived as configuration."""
    if actor is not None and not may_manage_markets(actor):
        raise NotPermitted("only compliance admins manage event rules", permission="markets.manage_markets")
    instrument = Instrument.objects.filter(symbol=symbol).first()
    if instrument is None:
        raise DomainError(f"unknown instrument {symbol!r}", code="unknown_instrument")
    if kind not in RuleKind.values:
        raise DomainError(f"unknown rule kind {kind!r}", code="invalid_rule")
    try:
        limit = Decimal(str(threshold))
    except InvalidOperation as exc:
        raise DomainError("the threshold must be a number", code="invalid_rule") from exc
    if not limit.is_finite() or limit <= 0:
        raise DomainError("the threshold must be a positive number", code="invalid_rule")
    if not name.strip() or unlock_minutes < 1 or cooldown_minutes < 0:
        raise DomainError("a rule needs a name and an unlock window of at least a minute", code="invalid_rule")
    rule = EventRule.objects.create(name=name.strip(), instrument=instrument, kind=kind, threshold=limit,
                                    cooldown_minutes=cooldown_minutes, unlock_minutes=unlock_minutes,
                                    created_by=actor)
    archive_record_append(event_type=EventType.MARKET_RULE_CHANGED, actor_id=actor.pk if actor else None,
                          payload={"action": "created", "rule": rule.pk, "name": rule.name, "symbol": symbol,
                                   "kind": kind, "threshold": str(limit), "cooldown_minutes": cooldown_minutes,
                                   "unlock_minutes": unlock_minutes})
    return rule


@transaction.atomic
def event_rule_set_active(*, actor: User, rule_id: int, active: bool) -> EventRule:
    if not may_manage_markets(actor):
        raise NotPermitted("only compliance admins manage event rules", permission="markets.manage_markets")
    rule = EventRule.objects.select_for_update().get(pk=rule_id)
    if rule.active != active:
        rule.active = active
        rule.save(update_fields=["active"])
        archive_record_append(event_type=EventType.MARKET_RULE_CHANGED, actor_id=actor.pk,
                              payload={"action": "activated" if active else "deactivated", "rule": rule.pk})
    return rule

"""`clearpost market …`: instruments, event rules, ticks by hand, CSV loads and replays of a past day.

    clearpost market instrument ^DJI "Dow Jones Industrial Average"
    clearpost market rule "Dow up 150 points" ^DJI points_up 150 [--unlock-minutes 480] [--cooldown-minutes 0]
    clearpost market tick ^DJI 42150.25 [--at 2026-11-26T10:31:00-05:00]
    clearpost market load FILE.csv [--dry-run]
    clearpost market replay FILE.csv --speed 60 [--rebase-to-today]
"""

from __future__ import annotations

import csv
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clearpost.core.errors import DomainError
from clearpost.markets.choices import RuleKind, TickSource
from clearpost.markets.models import MarketEvent
from clearpost.markets.services import (
    BadTick,
    event_rule_create,
    instrument_save,
    parse_at,
    tick_record,
    ticks_load_csv,
)

DEMO_DAY = Path(__file__).resolve().parents[2] / "data" / "djia-150-point-day.csv"


class Command(BaseCommand):
    help = "Market data: instruments, event rules, ticks, CSV loads and replays."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        inst = sub.add_parser("instrument", help="create or update an instrument")
        inst.add_argument("symbol")
        inst.add_argument("name")
        inst.add_argument("--timezone", default="America/New_York")
        inst.add_argument("--max-jump-pct", type=float, default=10.0)
        rule = sub.add_parser("rule", help="create an event rule")
        rule.add_argument("name")
        rule.add_argument("symbol")
        rule.add_argument("kind", choices=RuleKind.values)
        rule.add_argument("threshold")
        rule.add_argument("--cooldown-minutes", type=int, default=0)
        rule.add_argument("--unlock-minutes", type=int, default=8 * 60)
        tick = sub.add_parser("tick", help="record one tick")
        tick.add_argument("symbol")
        tick.add_argument("value")
        tick.add_argument("--at", default=None, help="ISO 8601 time (default: now)")
        load = sub.add_parser("load", help="load a CSV (symbol,at,value) all or nothing")
        load.add_argument("file")
        load.add_argument("--dry-run", action="store_true")
        replay = sub.add_parser("replay", help="replay a past day's CSV at a given speed")
        replay.add_argument("file", nargs="?", default=str(DEMO_DAY))
        replay.add_argument("--speed", type=float, default=60.0, help="60 = one market minute per second; 0 = flat out")
        replay.add_argument("--rebase-to-today", action="store_true",
                            help="move the file's days so its last day is today (times of day kept)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _instrument(self, *, symbol: str, name: str, timezone: str, max_jump_pct: float, **_: Any) -> None:
        instrument = instrument_save(actor=None, symbol=symbol, name=name, tz=timezone, max_jump_pct=max_jump_pct)
        self.stdout.write(f"instrument {instrument}")

    def _rule(self, *, name: str, symbol: str, kind: str, threshold: str, cooldown_minutes: int,
              unlock_minutes: int, **_: Any) -> None:
        rule = event_rule_create(actor=None, name=name, symbol=symbol, kind=kind, threshold=threshold,
                                 cooldown_minutes=cooldown_minutes, unlock_minutes=unlock_minutes)
        self.stdout.write(f"rule {rule.pk}: {rule}")

    def _tick(self, *, symbol: str, value: str, at: str | None, **_: Any) -> None:
        result = tick_record(symbol=symbol, value=value, at=at, source=TickSource.CLI)
        self.stdout.write(f"{result.tick.instrument.symbol} {result.tick.value} at {result.tick.at.isoformat()}")
        self._report(result.events)

    def _load(self, *, file: str, dry_run: bool, **_: Any) -> None:
        result = ticks_load_csv(text=Path(file).read_text(encoding="utf-8"), dry_run=dry_run)
        self.stdout.write(f"{result.ticks} ticks {'checked (dry run)' if dry_run else 'loaded'}")
        self._report(result.events)

    def _replay(self, *, file: str, speed: float, rebase_to_today: bool, **_: Any) -> None:
        with open(file, encoding="utf-8", newline="") as handle:
            rows = [(r["symbol"].strip(), parse_at(r["at"].strip()), r["value"].strip())
                    for r in csv.DictReader(handle) if r.get("symbol")]
        if not rows:
            raise CommandError(f"{file} has no ticks")
        shift = timedelta(0)
        if rebase_to_today:
            last_day = max(at for _, at, _ in rows).astimezone(timezone.get_current_timezone()).date()
            shift = timedelta(days=(timezone.localdate() - last_day).days)
        accepted = refused = 0
        previous: datetime | None = None
        for symbol, at, value in rows:
            if speed > 0 and previous is not None:
                time.sleep(max(0.0, (at - previous).total_seconds() / speed))
            previous = at
            try:
                result = tick_record(symbol=symbol, value=value, at=at + shift, source=TickSource.REPLAY)
            except BadTick as exc:
                refused += 1
                self.stderr.write(f"refused: {exc.message}")
                continue
            accepted += 1
            self._report(result.events)
        self.stdout.write(f"replay done: {accepted} ticks accepted, {refused} refused")

    def _report(self, events: list[MarketEvent]) -> None:
        for event in events:
            f = event.figures
            self.stdout.write(self.style.SUCCESS(
                f"event fired: {event.rule.name} — {f['index_name']} {f['direction']} {f['index_points']} points "
                f"({f['index_pct']}) at {f['index_level']}"))

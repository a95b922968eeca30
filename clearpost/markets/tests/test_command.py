from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from clearpost.markets.models import EventRule, Instrument, MarketEvent, RejectedTick, Tick

pytestmark = pytest.mark.django_db
DEMO_DAY = Path(__file__).resolve().parents[1] / "data" / "djia-150-point-day.csv"


def _run(*args: str) -> str:
    out = StringIO()
    call_command("market", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_instrument_rule_and_ticks_from_the_command_line() -> None:
    _run("instrument", "^DJI", "Dow Jones Industrial Average")
    _run("rule", "Dow up 150 points", "^DJI", "points_up", "150", "--unlock-minutes", "120")
    assert EventRule.objects.get().unlock_minutes == 120
    _run("tick", "^DJI", "46448.27", "--at", "2025-11-24T16:00:00-05:00")
    out = _run("tick", "^DJI", "46600.00", "--at", "2025-11-25T10:00:00-05:00")
    assert "event fired: Dow up 150 points" in out and "151.73 points" in out
    assert Instrument.objects.get().last_value == 46600


def test_a_bad_tick_fails_the_command_with_the_reason() -> None:
    _run("instrument", "^DJI", "Dow Jones Industrial Average")
    with pytest.raises(CommandError, match="positive"):
        _run("tick", "^DJI", "-1")
    with pytest.raises(CommandError, match="unknown instrument"):
        _run("tick", "^NOPE", "1")
    assert RejectedTick.objects.count() == 2 and not Tick.objects.exists()


def test_load_dry_run_changes_nothing_and_load_applies(tmp_path: Path) -> None:
    _run("instrument", "^DJI", "Dow Jones Industrial Average")
    assert "28 ticks checked (dry run)" in _run("load", str(DEMO_DAY), "--dry-run")
    assert not Tick.objects.exists()
    assert "28 ticks loaded" in _run("load", str(DEMO_DAY))
    bad = tmp_path / "bad.csv"
    bad.write_text("symbol,at,value\n^DJI,2026-01-02T10:00:00-05:00,0\n")
    with pytest.raises(CommandError, match="line 2"):
        _run("load", str(bad))


def test_replay_with_rebase_plays_the_day_as_today() -> None:
    _run("instrument", "^DJI", "Dow Jones Industrial Average")
    _run("rule", "Dow up 150 points", "^DJI", "points_up", "150")
    out = _run("replay", str(DEMO_DAY), "--speed", "0", "--rebase-to-today")
    assert "replay done: 28 ticks accepted, 0 refused" in out
    from django.utils import timezone

    assert MarketEvent.objects.get().session_date == timezone.localdate()

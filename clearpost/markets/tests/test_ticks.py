from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearpost.archive.models import ArchiveRecord
from clearpost.core.errors import NotPermitted
from clearpost.markets.choices import RuleKind
from clearpost.markets.models import EventRule, Instrument, MarketEvent, RejectedTick, Tick
from clearpost.markets.services import (
    BadTick,
    event_rule_create,
    instrument_save,
    parse_value,
    rule_condition_met,
    tick_record,
    ticks_load_csv,
)

pytestmark = pytest.mark.django_db
DEMO_DAY = Path(__file__).resolve().parents[1] / "data" / "djia-150-point-day.csv"


@pytest.fixture
def dow() -> Instrument:
    return instrument_save(actor=None, symbol="^DJI", name="Dow Jones Industrial Average")


def test_a_tick_is_recorded_and_rolls_the_session(dow: Instrument) -> None:
    tick_record(symbol="^DJI", value="46448.27", at="2025-11-24T16:00:00-05:00")
    result = tick_record(symbol="^DJI", value=46460.67, at="2025-11-25T09:30:00-05:00")
    dow.refresh_from_db()
    assert result.tick.value == Decimal("46460.6700")
    assert dow.previous_close == Decimal("46448.27") and str(dow.session_date) == "2025-11-25"


@pytest.mark.parametrize(("symbol", "value", "at", "message"), [
    ("^XYZ", "100", None, "unknown instrument"),
    ("^DJI", "-5", None, "positive"),
    ("^DJI", "0", None, "positive"),
    ("^DJI", "nan", None, "finite"),
    ("^DJI", "inf", None, "finite"),
    ("^DJI", "abc", None, "not a number"),
    ("^DJI", "46000", "not-a-time", "ISO 8601"),
    ("^DJI", "46000", "2025-11-25T09:00:00-05:00", "out of order"),
    ("^DJI", "60000", None, "sane bound"),
])
def test_bad_ticks_are_refused_logged_and_never_applied(dow: Instrument, symbol: str, value: str, at: str | None,
                                                        message: str) -> None:
    tick_record(symbol="^DJI", value="46448.27", at="2025-11-25T10:00:00-05:00")
    with pytest.raises(BadTick, match=message):
        tick_record(symbol=symbol, value=value, at=at)
    assert Tick.objects.count() == 1
    dow.refresh_from_db()
    assert dow.last_value == Decimal("46448.27")
    rejected = RejectedTick.objects.get()
    assert message.split()[0].lower() in rejected.reason.lower() and rejected.raw_value == value


def test_a_tick_at_the_same_time_is_out_of_order(dow: Instrument) -> None:
    tick_record(symbol="^DJI", value="46448.27", at="2025-11-25T10:00:00-05:00")
    with pytest.raises(BadTick, match="out of order"):
        tick_record(symbol="^DJI", value="46450", at="2025-11-25T10:00:00-05:00")


def test_csv_load_is_all_or_nothing_with_line_numbers(dow: Instrument) -> None:
    text = ("symbol,at,value\n^DJI,2025-11-25T09:30:00-05:00,46460.67\n^DJI,2025-11-25T09:45:00-05:00,-1\n"
            "^DJI,2025-11-25T09:20:00-05:00,46470\n^FOO,2025-11-25T10:00:00-05:00,1\n")
    with pytest.raises(BadTick) as caught:
        ticks_load_csv(text=text)
    message = caught.value.message
    assert "3 bad line(s), nothing was loaded" in message
    assert "line 3:" in message and "line 4: out of order" in message and "line 5: unknown instrument" in message
    assert not Tick.objects.exists()
    assert sorted(RejectedTick.objects.values_list("line", flat=True)) == [3, 4, 5]


def test_csv_header_is_checked(dow: Instrument) -> None:
    with pytest.raises(BadTick, match="header"):
        ticks_load_csv(text="sym,when,price\n^DJI,2025-11-25T09:30:00-05:00,1\n")


def test_the_demo_day_fires_the_150_point_rule_once(dow: Instrument) -> None:
    rule = event_rule_create(actor=None, name="Dow up 150 points", symbol="^DJI", kind="points_up", threshold=150)
    result = ticks_load_csv(text=DEMO_DAY.read_text())
    assert result.ticks == 28
    event = MarketEvent.objects.get()
    assert [e.pk for e in result.events] == [event.pk]
    assert event.rule == rule and str(event.session_date) == "2025-11-25"
    assert event.figures["index_points"] == "158.60" and event.figures["direction"] == "up"
    assert event.figures["index_level"] == "46,606.87"
    assert ArchiveRecord.objects.filter(event_type="market.event_fired").count() == 1


def test_cool_down_by_minutes(dow: Instrument) -> None:
    event_rule_create(actor=None, name="Crosses 46,500", symbol="^DJI", kind="cross_above", threshold=46500,
                      cooldown_minutes=60)
    for at, value in [("2025-11-25T09:30:00-05:00", 46400), ("2025-11-25T09:40:00-05:00", 46510),
                      ("2025-11-25T09:50:00-05:00", 46490), ("2025-11-25T10:00:00-05:00", 46520),
                      ("2025-11-25T11:30:00-05:00", 46480), ("2025-11-25T11:45:00-05:00", 46530)]:
        tick_record(symbol="^DJI", value=value, at=at)
    fired = list(MarketEvent.objects.order_by("fired_at").values_list("tick__value", flat=True))
    assert fired == [Decimal("46510"), Decimal("46530")]


def test_rule_creation_is_checked_and_archived(dow: Instrument, advisor, compliance) -> None:
    with pytest.raises(NotPermitted):
        event_rule_create(actor=advisor, name="x", symbol="^DJI", kind="points_up", threshold=1)
    with pytest.raises(Exception, match="positive"):
        event_rule_create(actor=compliance, name="x", symbol="^DJI", kind="points_up", threshold=-3)
    event_rule_create(actor=compliance, name="Down 2%", symbol="^DJI", kind="pct_down", threshold="2")
    assert EventRule.objects.get().kind == RuleKind.PCT_DOWN
    assert ArchiveRecord.objects.filter(event_type="market.rule_changed").exists()


def test_pushing_ticks_needs_the_permission(dow: Instrument, advisor) -> None:
    with pytest.raises(NotPermitted):
        tick_record(symbol="^DJI", value=1, actor=advisor)


@pytest.mark.parametrize(("kind", "threshold", "value", "reference", "previous", "expected"), [
    ("points_up", 150, 46600, 46448, None, True),
    ("points_up", 150, 46597, 46448, None, False),
    ("points_down", 150, 46298, 46448, None, True),
    ("pct_up", 1, 101, 100, None, True),
    ("pct_down", 2, 98.5, 100, None, False),
    ("pct_down", 2, 98, 100, None, True),
    ("cross_above", 100, 100, 100, 99, True),
    ("cross_above", 100, 101, 100, 100, False),
    ("cross_below", 100, 99, 100, 101, True),
])
def test_rule_table(kind: str, threshold: int, value: float, reference: float, previous: float | None,
                    expected: bool) -> None:
    def d(x: float | None) -> Decimal | None:
        return None if x is None else Decimal(str(x))

    assert rule_condition_met(kind, Decimal(threshold), value=d(value), reference=d(reference),
                              previous=d(previous)) is expected


@given(st.one_of(st.text(max_size=12), st.floats(allow_nan=True, allow_infinity=True), st.integers()))
def test_parse_value_accepts_only_positive_finite_numbers(raw: object) -> None:
    try:
        value = parse_value(raw)
    except BadTick:
        return
    assert value.is_finite() and value > 0

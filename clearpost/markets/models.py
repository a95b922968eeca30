from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from clearpost.markets.choices import RuleKind, TickSource


class Instrument(models.Model):
    """A market instrument (an index such as the Dow Jones Industrial Average, "^DJI"). The last tick and the
    session state live on the row so that a tick is checked and rules are evaluated under one row lock."""

    symbol = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    timezone = models.CharField(max_length=64, default="America/New_York",
                                help_text="The exchange's time zone: decides which session (day) a tick belongs to.")
    max_jump_pct = models.DecimalField(max_digits=6, decimal_places=2, default=10,
                                       help_text="A tick moving further than this from the last one is refused.")
    last_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    last_at = models.DateTimeField(null=True, blank=True)
    session_date = models.DateField(null=True, blank=True)
    session_open = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    previous_close = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["symbol"]
        permissions = [("manage_markets", "Can manage instruments and event rules"),
                       ("push_ticks", "Can push market ticks (data vendors)")]
        constraints = [models.CheckConstraint(condition=Q(max_jump_pct__gt=0), name="instrument_jump_bound_positive")]

    def __str__(self) -> str:
        return f"{self.name} ({self.symbol})"


class Tick(models.Model):
    """One accepted observation of an instrument's level. Ticks are only appended, in time order."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="ticks")
    at = models.DateTimeField()
    value = models.DecimalField(max_digits=14, decimal_places=4)
    source = models.CharField(max_length=16, choices=TickSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "at"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "at"], name="one_tick_per_instrument_and_time"),
            models.CheckConstraint(condition=Q(value__gt=0), name="tick_value_positive"),
        ]


class RejectedTick(models.Model):
    """A refused tick and why, kept for the data vendor and for operations (never applied, even in part)."""

    symbol = models.CharField(max_length=40)
    raw_value = models.CharField(max_length=64)
    raw_at = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=16, choices=TickSource.choices)
    line = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]


class EventRule(models.Model):
    """A market condition compliance links library items to ("Dow up at least 150 points on the day"). A rule
    fires at most once per session day, or once per cool-down window when one is set."""

    name = models.CharField(max_length=120)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="rules")
    kind = models.CharField(max_length=16, choices=RuleKind.choices)
    threshold = models.DecimalField(max_digits=14, decimal_places=4)
    cooldown_minutes = models.PositiveIntegerField(default=0, help_text="0: at most once per session day.")
    unlock_minutes = models.PositiveIntegerField(default=8 * 60,
                                                 help_text="How long linked items stay shareable after the event.")
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gt=0), name="event_rule_threshold_positive"),
            models.CheckConstraint(condition=Q(unlock_minutes__gte=1), name="event_rule_unlock_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class MarketEvent(models.Model):
    """A rule that fired. The unique window key is what makes an event fire once per day or cool-down window,
    however many ticks (or workers) see the condition."""

    rule = models.ForeignKey(EventRule, on_delete=models.PROTECT, related_name="events")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="events")
    tick = models.ForeignKey(Tick, on_delete=models.PROTECT, related_name="events")
    window_key = models.CharField(max_length=40)
    session_date = models.DateField()
    fired_at = models.DateTimeField()
    figures = models.JSONField(default=dict, help_text="index_name, index_points, index_pct, index_level, …")
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-fired_at"]
        constraints = [models.UniqueConstraint(fields=["rule", "window_key"], name="one_event_per_rule_window")]

    def __str__(self) -> str:
        return f"{self.rule} on {self.session_date}"

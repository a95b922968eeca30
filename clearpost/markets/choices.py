from django.db import models


class RuleKind(models.TextChoices):
    """What an event rule watches. Day changes are measured from the previous session's close (or the day's first
    tick when no earlier session is known)."""

    POINTS_UP = "points_up", "Up at least N points on the day"
    POINTS_DOWN = "points_down", "Down at least N points on the day"
    PCT_UP = "pct_up", "Up at least N% on the day"
    PCT_DOWN = "pct_down", "Down at least N% on the day"
    CROSS_ABOVE = "cross_above", "Crosses above a level"
    CROSS_BELOW = "cross_below", "Crosses below a level"


class TickSource(models.TextChoices):
    CSV = "csv", "CSV file"
    CLI = "cli", "Command line"
    API = "api", "Vendor API"
    REPLAY = "replay", "Replay of a past day"

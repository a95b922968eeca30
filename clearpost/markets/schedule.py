"""The markets app's periodic job: make sure every fired event is fanned out."""

from __future__ import annotations

from clearpost.core.schedule import PeriodicJob
from clearpost.markets.tasks import sweep_market_events_task

JOBS = [PeriodicJob("markets.sweep_events", 60, sweep_market_events_task.enqueue)]

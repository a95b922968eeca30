"""The periodic jobs the scheduler runs. Each enqueues an idempotent task; running one twice is harmless."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: float
    enqueue: Callable[[], object]


def _sweep_deliveries() -> object:
    from clearpost.publishing.tasks import sweep_deliveries_task

    return sweep_deliveries_task.enqueue()


PERIODIC_JOBS: list[PeriodicJob] = [
    PeriodicJob("publishing.sweep", 5.0, _sweep_deliveries),
]

"""The periodic jobs the scheduler runs. Each app may declare `JOBS: list[PeriodicJob]` in its own
`schedule.py`; every job enqueues an idempotent task, so running one twice is harmless."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: float
    enqueue: Callable[[], object]


def periodic_jobs() -> list[PeriodicJob]:
    jobs: list[PeriodicJob] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("clearpost."):
            continue
        try:
            module = import_module(f"{config.name}.schedule")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.schedule":
                raise
            continue
        jobs.extend(getattr(module, "JOBS", []))
    return jobs

from __future__ import annotations

from clearpost.core.schedule import PeriodicJob


def _sweep() -> object:
    from clearpost.publishing.tasks import sweep_deliveries_task

    return sweep_deliveries_task.enqueue()


JOBS = [PeriodicJob("publishing.sweep", 5.0, _sweep)]

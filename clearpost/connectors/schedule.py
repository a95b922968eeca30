from __future__ import annotations

from clearpost.core.schedule import PeriodicJob


def _profiles() -> object:
    from clearpost.connectors.tasks import check_profiles_task

    return check_profiles_task.enqueue()


JOBS = [PeriodicJob("connectors.profiles", 3600.0, _profiles)]

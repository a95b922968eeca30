from __future__ import annotations

from clearpost.core.schedule import PeriodicJob


def _remind() -> object:
    from clearpost.training.tasks import remind_expiring_training_task

    return remind_expiring_training_task.enqueue()


JOBS = [PeriodicJob("training.expiry_reminders", 3600.0, _remind)]

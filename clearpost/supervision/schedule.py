from __future__ import annotations

from clearpost.core.schedule import PeriodicJob


def _sample() -> object:
    from clearpost.supervision.tasks import draw_daily_sample_task

    return draw_daily_sample_task.enqueue()


def _remind() -> object:
    from clearpost.supervision.tasks import remind_complaint_deadlines_task

    return remind_complaint_deadlines_task.enqueue()


def _digest() -> object:
    from clearpost.supervision.tasks import send_supervision_digest_task

    return send_supervision_digest_task.enqueue()


JOBS = [
    PeriodicJob("supervision.sample", 3600.0, _sample),
    PeriodicJob("supervision.complaint_reminders", 3600.0, _remind),
    PeriodicJob("supervision.digest", 86400.0, _digest),
]

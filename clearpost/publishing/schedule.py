from __future__ import annotations

from django.conf import settings

from clearpost.core.schedule import PeriodicJob


def _sweep() -> object:
    from clearpost.publishing.tasks import sweep_deliveries_task

    return sweep_deliveries_task.enqueue()


def _capture() -> object:
    from clearpost.publishing.tasks import capture_interactions_task

    return capture_interactions_task.enqueue()


def _metrics() -> object:
    from clearpost.publishing.tasks import refresh_metrics_task

    return refresh_metrics_task.enqueue()


JOBS = [
    PeriodicJob("publishing.sweep", 5.0, _sweep),
    PeriodicJob("publishing.capture", float(settings.CAPTURE_INTERVAL_SECONDS), _capture),
    PeriodicJob("publishing.metrics", float(getattr(settings, "METRICS_INTERVAL_SECONDS", 900)), _metrics),
]

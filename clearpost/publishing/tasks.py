from __future__ import annotations

import os
import socket

from django.conf import settings
from django_tasks import task

from clearpost.publishing.services import deliveries_due, delivery_publish

WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"


@task(queue_name="publishing")
def publish_delivery_task(delivery_id: int) -> str | None:
    status = delivery_publish(delivery_id=delivery_id, worker_id=f"{WORKER_ID}:{delivery_id}")
    return str(status) if status else None


@task()
def sweep_deliveries_task() -> int:
    """Re-enqueue deliveries that are due or whose worker died; the claim makes duplicates harmless. (Publishers
    find them on their own: with CLEARPOST_PUBLISH_TASKS=0 there is nothing to do.)"""
    if not settings.PUBLISH_TASKS:
        return 0
    ids = deliveries_due()
    for delivery_id in ids:
        publish_delivery_task.enqueue(delivery_id)
    return len(ids)


@task()
def capture_interactions_task() -> dict[str, int]:
    """Poll every linked account once; gaps are recorded as alerts by the service."""
    from clearpost.publishing.capture import capture_all

    results = capture_all()
    return {status: sum(r.status == status for r in results) for status in ("ok", "deferred", "gap")}


@task()
def refresh_metrics_task() -> int:
    from clearpost.publishing.metrics import metrics_refresh_recent

    return metrics_refresh_recent()

from __future__ import annotations

import os
import socket

from django_tasks import task

from clearpost.publishing.services import deliveries_due, delivery_publish

WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"


@task(queue_name="publishing")
def publish_delivery_task(delivery_id: int) -> str | None:
    status = delivery_publish(delivery_id=delivery_id, worker_id=f"{WORKER_ID}:{delivery_id}")
    return str(status) if status else None


@task()
def sweep_deliveries_task() -> int:
    """Re-enqueue deliveries that are due or whose worker died; the claim makes duplicates harmless."""
    ids = deliveries_due()
    for delivery_id in ids:
        publish_delivery_task.enqueue(delivery_id)
    return len(ids)

"""Background work for review: escalation, principals' digests, queue-depth snapshots. Each task is safe to
run twice (escalation moves a task one level with a conditional update; digests and snapshots are periodic
summaries)."""

from __future__ import annotations

from django_tasks import task

from clearpost.review.services import queue_depth_snapshot, review_digest_send, review_tasks_escalate


@task()
def escalate_reviews_task() -> dict[str, int]:
    return review_tasks_escalate()


@task()
def send_review_digest_task() -> int:
    return review_digest_send()


@task()
def snapshot_review_queue_task() -> int:
    return queue_depth_snapshot().open_count

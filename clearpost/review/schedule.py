"""Periodic review jobs: escalate overdue reviews every minute, snapshot queue depth every five minutes for
analytics, and send principals a digest of their queue every hour. Intervals are settings (README)."""

from __future__ import annotations

from django.conf import settings

from clearpost.core.schedule import PeriodicJob


def _escalate() -> object:
    from clearpost.review.tasks import escalate_reviews_task

    return escalate_reviews_task.enqueue()


def _digest() -> object:
    from clearpost.review.tasks import send_review_digest_task

    return send_review_digest_task.enqueue()


def _snapshot() -> object:
    from clearpost.review.tasks import snapshot_review_queue_task

    return snapshot_review_queue_task.enqueue()


JOBS = [
    PeriodicJob("review.escalate", float(getattr(settings, "REVIEW_ESCALATE_EVERY_SECONDS", 60)), _escalate),
    PeriodicJob("review.snapshot", float(getattr(settings, "REVIEW_SNAPSHOT_EVERY_SECONDS", 300)), _snapshot),
    PeriodicJob("review.digest", float(getattr(settings, "REVIEW_DIGEST_EVERY_SECONDS", 3600)), _digest),
]

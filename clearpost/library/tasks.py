"""Library background work; each task takes ids only and is safe to run twice (rows are claimed)."""

from __future__ import annotations

from django_tasks import task

from clearpost.library.services import (
    campaigns_launch_due,
    library_items_expire,
    share_queued_process_many,
    suggestion_emails_send,
)


@task()
def send_suggestion_emails_task(suggestion_ids: list[int]) -> int:
    return suggestion_emails_send(suggestion_ids=suggestion_ids)


@task()
def process_auto_shares_task(share_ids: list[int]) -> int:
    """Submit queued automatic shares (advisors who opted in) as one batch; each is claimed before it is
    submitted, and one that fails a check fails alone."""
    return len(share_queued_process_many(share_ids=share_ids))


@task()
def launch_due_campaigns_task() -> int:
    return campaigns_launch_due()


@task()
def expire_library_items_task() -> int:
    return library_items_expire()

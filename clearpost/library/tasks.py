"""Library background work; each task takes ids only and is safe to run twice (rows are claimed)."""

from __future__ import annotations

from django_tasks import task

from clearpost.library.services import (
    campaigns_launch_due,
    library_items_expire,
    share_queued_process,
    suggestion_emails_send,
)


@task()
def send_suggestion_emails_task(suggestion_ids: list[int]) -> int:
    return suggestion_emails_send(suggestion_ids=suggestion_ids)


@task()
def process_auto_shares_task(share_ids: list[int]) -> int:
    """Submit queued automatic shares (advisors who opted in); each is claimed before it is submitted."""
    return sum(1 for share_id in share_ids if share_queued_process(share_id=share_id) is not None)


@task()
def launch_due_campaigns_task() -> int:
    return campaigns_launch_due()


@task()
def expire_library_items_task() -> int:
    return library_items_expire()

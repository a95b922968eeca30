"""Review decisions. Four-eyes always: no one decides on their own post, and an approval is checked against
the principal's registration (FINRA 2210(b)(1))."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from clearpost.accounts.models import PrincipalRegistration, User
from clearpost.archive.services import archive_record_append
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.posts.choices import PostStatus
from clearpost.posts.lifecycle import post_transition
from clearpost.posts.models import Post
from clearpost.review.choices import ReviewStatus
from clearpost.review.models import ReviewTask


@transaction.atomic
def review_task_open(*, post_id: int) -> ReviewTask:
    post = Post.objects.select_related("current_version", "author").get(pk=post_id)
    version = post.current_version
    assert version is not None
    task = ReviewTask.objects.create(post=post, version=version, version_hash=version.content_hash)
    archive_record_append(
        event_type=EventType.REVIEW_ASSIGNED, actor_id=None, advisor_id=post.author_id,
        branch_id=post.author.branch_id, network=post.network, account_id=post.account_id, post_id=post.pk,
        payload={"review_task": task.pk, "version": version.number, "version_hash": version.content_hash},
    )
    return task


def review_tasks_void_for_post(*, post_id: int, reason: str) -> int:
    """Void open reviews of a post whose text changed or that was withdrawn; the decision no longer applies."""
    return ReviewTask.objects.filter(post_id=post_id, status=ReviewStatus.OPEN).update(
        status=ReviewStatus.VOIDED, reason=reason
    )


def _lock_open_task(task_id: int, reviewer: User) -> ReviewTask:
    if not reviewer.has_perm("review.review_post"):
        raise NotPermitted("only registered principals may review posts", permission="review.review_post")
    task = ReviewTask.objects.select_for_update().select_related("post", "post__author", "version").get(pk=task_id)
    if task.status != ReviewStatus.OPEN:
        raise DomainError(f"this review is already {task.get_status_display().lower()}", code="review_closed")
    if task.post.author_id == reviewer.pk:
        raise NotPermitted("four-eyes rule: you cannot review your own post")
    if task.post.current_version_id != task.version_id:
        raise DomainError("the post changed since this review was opened", code="stale_version")
    return task


def _decide(task: ReviewTask, reviewer: User, status: ReviewStatus, reason: str, event: EventType) -> None:
    task.status = status
    task.decided_by = reviewer
    task.decided_at = timezone.now()
    task.reason = reason
    task.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    post = task.post
    archive_record_append(
        event_type=event, actor_id=reviewer.pk, advisor_id=post.author_id, branch_id=post.author.branch_id,
        network=post.network, account_id=post.account_id, post_id=post.pk,
        payload={
            "review_task": task.pk,
            "action": str(status),
            "reviewer": reviewer.username,
            "version": task.version.number,
            "version_hash": task.version_hash,
            "reason": reason,
            "decided_at": task.decided_at.isoformat(),
        },
    )


@transaction.atomic
def review_task_approve(*, task_id: int, reviewer: User, note: str = "") -> ReviewTask:
    from clearpost.publishing.services import deliveries_schedule_for_post

    task = _lock_open_task(task_id, reviewer)
    registered = PrincipalRegistration.objects.filter(user=reviewer, active=True)
    if not any(r.covers(task.post.network) for r in registered):
        raise NotPermitted(f"your registration does not cover approving {task.post.get_network_display()} posts")
    _decide(task, reviewer, ReviewStatus.APPROVED, note, EventType.REVIEW_APPROVED)
    post_transition(post_id=task.post_id, to=PostStatus.APPROVED, actor_id=reviewer.pk,
                    details={"version_hash": task.version_hash})
    deliveries_schedule_for_post(post_id=task.post_id, actor_id=reviewer.pk)
    return task


@transaction.atomic
def review_task_reject(*, task_id: int, reviewer: User, reason: str) -> ReviewTask:
    if not reason.strip():
        raise DomainError("give the advisor a reason for the rejection", code="reason_required")
    task = _lock_open_task(task_id, reviewer)
    _decide(task, reviewer, ReviewStatus.REJECTED, reason.strip(), EventType.REVIEW_REJECTED)
    post_transition(post_id=task.post_id, to=PostStatus.REJECTED, actor_id=reviewer.pk, reason=reason.strip())
    return task


@transaction.atomic
def review_task_request_changes(*, task_id: int, reviewer: User, reason: str) -> ReviewTask:
    if not reason.strip():
        raise DomainError("say what should change", code="reason_required")
    task = _lock_open_task(task_id, reviewer)
    _decide(task, reviewer, ReviewStatus.CHANGES_REQUESTED, reason.strip(), EventType.REVIEW_CHANGES_REQUESTED)
    post_transition(post_id=task.post_id, to=PostStatus.CHANGES_REQUESTED, actor_id=reviewer.pk,
                    reason=reason.strip())
    return task

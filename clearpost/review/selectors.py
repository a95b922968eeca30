from __future__ import annotations

from django.db.models import QuerySet

from clearpost.accounts.models import User
from clearpost.review.choices import ReviewStatus
from clearpost.review.models import ReviewTask


def review_queue(*, reviewer: User) -> QuerySet[ReviewTask]:
    """Open reviews the principal may decide: never their own posts."""
    if not reviewer.has_perm("review.review_post"):
        return ReviewTask.objects.none()
    return (
        ReviewTask.objects.filter(status=ReviewStatus.OPEN)
        .exclude(post__author=reviewer)
        .select_related("post", "post__author", "post__account", "version")
        .order_by("created_at")
    )


def review_task_get(*, task_id: int, reviewer: User) -> ReviewTask | None:
    return (
        ReviewTask.objects.filter(pk=task_id)
        .select_related("post", "post__author", "post__account", "version", "decided_by")
        .first()
        if reviewer.has_perm("review.review_post")
        else None
    )

"""The post lifecycle: one table of allowed transitions, and the one function that moves a post.

Every move locks the post row, checks the table, updates, and archives in the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from clearpost.archive.services import archive_record_append
from clearpost.core.errors import IllegalTransition
from clearpost.core.events import EventType
from clearpost.posts.choices import PostStatus as S
from clearpost.posts.models import Post

TRANSITIONS: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.IN_REVIEW, S.APPROVED, S.REJECTED, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset({S.APPROVED, S.CHANGES_REQUESTED, S.REJECTED, S.WITHDRAWN, S.DRAFT}),
    S.CHANGES_REQUESTED: frozenset({S.DRAFT, S.WITHDRAWN}),
    # rejected -> in_review only through a compliance admin's archived override of the engine's verdict.
    S.REJECTED: frozenset({S.DRAFT, S.WITHDRAWN, S.IN_REVIEW}),
    S.APPROVED: frozenset({S.SCHEDULED, S.WITHDRAWN, S.DRAFT}),
    S.SCHEDULED: frozenset({S.PUBLISHING, S.WITHDRAWN, S.DRAFT}),
    S.PUBLISHING: frozenset({S.PUBLISHED, S.FAILED, S.SCHEDULED}),
    S.FAILED: frozenset({S.SCHEDULED, S.WITHDRAWN, S.DRAFT}),
    S.PUBLISHED: frozenset({S.WITHDRAWN}),
    S.WITHDRAWN: frozenset(),
}

# Statuses in which the author may still change the text (each edit makes a new version).
EDITABLE: frozenset[S] = frozenset({S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.REJECTED, S.APPROVED, S.SCHEDULED,
                                    S.FAILED})


def can_transition(current: str, target: str) -> bool:
    return S(target) in TRANSITIONS[S(current)]


@transaction.atomic
def post_transition(
    *, post_id: int, to: S, actor_id: int | None, reason: str = "", details: dict[str, Any] | None = None
) -> Post:
    post = Post.objects.select_for_update(of=("self",)).select_related("author").get(pk=post_id)
    if not can_transition(post.status, to):
        raise IllegalTransition(f"a post cannot go from {post.get_status_display()} to {S(to).label}")
    previous = post.status
    post.status = to
    post.save(update_fields=["status", "updated_at"])
    archive_record_append(
        event_type=EventType.POST_TRANSITIONED,
        actor_id=actor_id,
        advisor_id=post.author_id,
        branch_id=post.author.branch_id,
        network=post.network,
        account_id=post.account_id,
        post_id=post.pk,
        payload={"from": previous, "to": str(to), "reason": reason, **(details or {})},
    )
    return post

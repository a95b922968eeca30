"""The post lifecycle: one table of allowed transitions, and the one function that moves a post.

Every move locks the post row, checks the table, updates, and archives in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from clearpost.archive.services import Entry, archive_head_lock, archive_record_append, archive_records_append_many
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


@dataclass(frozen=True)
class Move:
    """One post's part in a batch transition: who moves it, and what its history record says."""

    post_id: int
    actor_id: int | None
    reason: str = ""
    details: dict[str, Any] | None = None


@transaction.atomic
def post_transition_many(*, to: S, moves: Sequence[Move], archive: list[Entry] | None = None,
                         skip_illegal: bool = False) -> list[int]:
    """`post_transition` for a batch moving to the same status: the same table check and the same history record
    per post, with one locking read and one update; returns the posts moved. All or nothing: one illegal move
    raises before any row changes, unless `skip_illegal` leaves those posts where they are (the caller reads
    why). The records go to `archive` when the caller appends its batch itself, else they are appended here.

    Lock order: appending here, the archive head is locked before the posts, the order publishers' claims use. A
    caller that collects the records appends them later and keeps that order itself: it holds the head before
    moving posts another transaction may lock. (The batch of automatic shares moves only posts it created in its
    own transaction, which no other transaction can see: it takes the head once, to append, just before commit,
    so publishers wait for it as briefly as possible.)"""
    if not moves:
        return []
    if archive is None:
        archive_head_lock()
    ids = [m.post_id for m in moves]
    rows = {pk: rest for pk, *rest in Post.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
            .values_list("pk", "status", "author_id", "author__branch_id", "network", "account_id")}
    for post_id in ids:
        if post_id not in rows:
            raise Post.DoesNotExist(f"no post {post_id}")
        if not can_transition(rows[post_id][0], to) and not skip_illegal:
            raise IllegalTransition(f"a post cannot go from {S(rows[post_id][0]).label} to {S(to).label}")
    moves = [m for m in moves if can_transition(rows[m.post_id][0], to)]
    ids = [m.post_id for m in moves]
    if not ids:
        return []
    Post.objects.filter(pk__in=ids).update(status=to, updated_at=timezone.now())
    entries = archive if archive is not None else []
    for move in moves:
        previous, author_id, branch_id, network, account_id = rows[move.post_id]
        entries.append(Entry(
            event_type=EventType.POST_TRANSITIONED, actor_id=move.actor_id, advisor_id=author_id,
            branch_id=branch_id, network=network, account_id=account_id, post_id=move.post_id,
            payload={"from": previous, "to": str(to), "reason": move.reason, **(move.details or {})}))
    if archive is None:
        archive_records_append_many(entries)
    return ids

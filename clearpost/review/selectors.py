"""Review reads, scoped to what the acting principal may see, without N+1 queries."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Substr
from django.utils import timezone

from clearpost.accounts.models import PrincipalRegistration, User
from clearpost.posts.models import PostVersion
from clearpost.review.choices import ReviewPurpose, ReviewStatus
from clearpost.review.models import QueueDepthSnapshot, ReviewComment, ReviewTask, VerdictOverride


def reviewer_networks(reviewer: User) -> list[str] | None:
    """Networks the principal's registrations cover; None means all of them."""
    covered: set[str] = set()
    for networks in PrincipalRegistration.objects.filter(user=reviewer, active=True).values_list("networks",
                                                                                               flat=True):
        if not networks:
            return None
        covered.update(networks)
    return sorted(covered)


def _scope(reviewer: User) -> Q:
    if reviewer.branch_id is None:
        return Q()
    return Q(branch_id=reviewer.branch_id) | Q(assigned_to=reviewer)


def review_queue(*, reviewer: User) -> QuerySet[ReviewTask]:
    """Open reviews the principal may decide: their branch's and their own assignments, never their own posts,
    earliest due first."""
    if not reviewer.has_perm("review.review_post"):
        return ReviewTask.objects.none()
    return (
        ReviewTask.objects.filter(_scope(reviewer), status=ReviewStatus.OPEN)
        .exclude(author=reviewer)
        .select_related("post", "post__author", "post__account", "version", "assigned_to", "claimed_by")
        .order_by("due_at", "pk")
    )


def _scoped_parts(reviewer: User) -> list[QuerySet[ReviewTask]]:
    """The principal's scope as index-friendly parts: their branch (index review_task_branch_due) and what was
    assigned to them from elsewhere (index review_task_outside). An OR of the two defeats both indexes on a
    100,000-row queue. Never their own posts (four-eyes): the branch index carries the author for that."""
    open_ = ReviewTask.objects.filter(status=ReviewStatus.OPEN).exclude(author=reviewer)
    if reviewer.branch_id is None:
        return [open_]
    return [open_.filter(branch_id=reviewer.branch_id),
            open_.filter(assigned_to=reviewer, assigned_outside_branch=True)]


# Counts stop at this many: the page says "1,000+", and a count never walks a whole 100,000-row queue.
QUEUE_COUNT_CAP = 1000


def _first(rows: QuerySet[ReviewTask], cap: int) -> QuerySet[ReviewTask]:
    """The first cap + 1 rows by due time: an index range scan that stops there."""
    return rows.order_by("due_at").values("due_at")[:cap + 1]


def review_queue_counts(*, reviewer: User, now: datetime | None = None, cap: int = QUEUE_COUNT_CAP
                        ) -> dict[str, int]:
    """Open, assigned-to-me, overdue and soon-due (15 minutes) counts over the principal's scope, each exact up to
    `cap`; a value above `cap` means "more than cap". Bounded index scans, cheap enough for every page view
    whatever the queue's size. The counts are read off the first cap + 1 reviews by due time (open reviews always
    have one): overdue ones come first, so that count is exact; the soon-due one is too unless the window ends
    inside the next 15 minutes, and only then is it counted apart."""
    now = now or timezone.now()
    counts = {"total": 0, "mine": 0, "overdue": 0, "soon": 0, "cap": cap}
    if not reviewer.has_perm("review.review_post"):
        return counts
    soon = now + timedelta(minutes=15)
    for part in _scoped_parts(reviewer):
        row = _first(part, cap).aggregate(total=Count("*"), overdue=Count("due_at", filter=Q(due_at__lt=now)),
                                          soon=Count("due_at", filter=Q(due_at__gte=now, due_at__lt=soon)),
                                          last=Max("due_at"))
        if row["total"] > cap and (row["last"] is None or row["last"] < soon):
            row["soon"] = _first(part.filter(due_at__gte=now, due_at__lt=soon), cap).count()
        for key in ("total", "overdue", "soon"):
            counts[key] += row[key]
    counts["mine"] = _first(ReviewTask.objects.filter(status=ReviewStatus.OPEN, assigned_to=reviewer), cap).count()
    for key in ("total", "mine", "overdue", "soon"):
        counts[key] = min(counts[key], cap + 1)
    return counts


def review_queue_list(*, reviewer: User, mine_only: bool = False, limit: int = 50) -> list[ReviewTask]:
    """Like review_queue()[:limit] (same rows, same order), read as index range scans and merged."""
    if not reviewer.has_perm("review.review_post"):
        return []
    rows: list[ReviewTask] = []
    for part in _scoped_parts(reviewer):
        if mine_only:
            part = part.filter(assigned_to=reviewer)
        rows += list(part.select_related("post", "post__author", "post__account", "version", "assigned_to",
                                         "claimed_by", "branch", "decided_by").order_by("due_at", "pk")[:limit])
    rows.sort(key=lambda t: (t.due_at is None, t.due_at, t.pk))
    return rows[:limit]


def review_queue_neighbours(*, reviewer: User, task: ReviewTask) -> tuple[int | None, int | None]:
    """The reviews just before and after this one in the principal's queue order (j/k on the review screen).
    Each side is a range on the due time read from this task outward (an OR of "later, or as late with a higher
    id" would walk the queue from its far end), stopping at the first row."""
    if task.due_at is None:
        return None, None
    before: list[tuple[Any, int]] = []
    following: list[tuple[Any, int]] = []
    for part in _scoped_parts(reviewer):
        following += list(part.filter(due_at__gte=task.due_at).exclude(due_at=task.due_at, pk__lte=task.pk)
                          .order_by("due_at", "pk").values_list("due_at", "pk")[:1])
        before += list(part.filter(due_at__lte=task.due_at).exclude(due_at=task.due_at, pk__gte=task.pk)
                       .order_by("-due_at", "-pk").values_list("due_at", "pk")[:1])
    return (max(before)[1] if before else None, min(following)[1] if following else None)


def _display_names(user_ids: set[int]) -> dict[int, str]:
    return {pk: display or username for pk, display, username in
            User.objects.filter(pk__in=user_ids).values_list("pk", "display_name", "username")}


def review_queue_page(*, reviewer: User, mine_only: bool = False, limit: int = 50) -> list[dict[str, Any]]:
    """The queue page's rows as plain values (no model instances, no JSON decoding of whole screenings):
    earliest due first, at most `limit`. Two index range scans joined to the version only, merged; the people's
    names come in one more small query. (Joining the three user columns as well costs PostgreSQL more to plan
    than to run: about 2 ms a page.)"""
    if not reviewer.has_perm("review.review_post"):
        return []
    rows: list[dict[str, Any]] = []
    for part in _scoped_parts(reviewer):
        if mine_only:
            part = part.filter(assigned_to=reviewer)
        rows += list(part.order_by("due_at", "pk").annotate(
            verdict=KeyTextTransform("verdict", "version__screening"), excerpt=Substr("version__text", 1, 100),
        ).values("pk", "post_id", "due_at", "escalation_level", "purpose", "network", "verdict", "excerpt",
                 "author_id", "assigned_to_id", "claimed_by_id")[:limit])
    rows.sort(key=lambda r: (r["due_at"] is None, r["due_at"], r["pk"]))
    rows = rows[:limit]
    names = _display_names({r[k] for r in rows for k in ("author_id", "assigned_to_id", "claimed_by_id") if r[k]})
    for row in rows:
        row["advisor"] = names.get(row["author_id"], "")
        row["assignee"] = names.get(row["assigned_to_id"])
        row["claimer"] = names.get(row["claimed_by_id"])
        # Formatted here once: fifty `date` filters per page cost more than the queries.
        due = timezone.localtime(row["due_at"]) if row["due_at"] else None
        row["due_iso"] = due.isoformat() if due else ""
        row["due_label"] = due.strftime("%b %-d, %H:%M") if due else "—"
        row["truncated"] = len(row["excerpt"] or "") >= 100
    return rows


def review_breaching(*, reviewer: User, within_minutes: int = 15, now: datetime | None = None
                     ) -> QuerySet[ReviewTask]:
    """What is overdue or about to breach its SLA, for the principal (or firm-wide for head office)."""
    now = now or timezone.now()
    return review_queue(reviewer=reviewer).filter(due_at__lt=now + timedelta(minutes=within_minutes))


def review_task_get(*, task_id: int, reviewer: User) -> ReviewTask | None:
    """A review the principal may see: in scope and not their own post. The reviewer, claimer and assignee come
    in one small query rather than three more joins (PostgreSQL spends longer planning those than running them)."""
    if not reviewer.has_perm("review.review_post"):
        return None
    task = (
        ReviewTask.objects.filter(_scope(reviewer), pk=task_id).exclude(author=reviewer)
        .select_related("post", "post__author", "post__account", "version")
        .first()
    )
    if task is not None:
        fields = ("assigned_to", "claimed_by", "decided_by")
        # The reviewer is usually the claimer: no need to read them again.
        users = {reviewer.pk: reviewer}
        missing = {getattr(task, f"{f}_id") for f in fields} - {None, reviewer.pk}
        if missing:
            users.update(User.objects.in_bulk(missing))
        for field in fields:
            if getattr(task, f"{field}_id") is not None:
                setattr(task, field, users[getattr(task, f"{field}_id")])
    return task


def _qualifying_approval() -> Q:
    # Decided by a principal other than the author, or automatic with a recorded policy basis.
    return (Q(status=ReviewStatus.APPROVED, purpose=ReviewPurpose.PRE_APPROVAL)
            & ((Q(automatic=False, decided_by__isnull=False) & ~Q(decided_by_id=F("post__author_id")))
               | Q(automatic=True, decided_by__isnull=True, policy_basis__has_key="routing_policy_version")))


def approval_for_version(*, post_id: int, version_id: int, version_hash: str) -> ReviewTask | None:
    """THE approval contract publishing relies on at send time: an approved pre-approval task of this exact
    version and hash, either decided by a principal other than the author, or automatic with a recorded
    policy basis (FINRA 2210(b)(1))."""
    return (ReviewTask.objects.filter(_qualifying_approval(), post_id=post_id, version_id=version_id,
                                      version_hash=version_hash)
            .select_related("post").order_by("-decided_at").first())


def approval_problems(versions: Sequence[tuple[int, int, str]]) -> dict[int, str | None]:
    """Why each version may not be published (None when it may), by version id, for (post id, version id, hash)
    triples: no qualifying approval (`approval_for_version`), or the approving principal no longer holds a
    registration covering the network. A few queries however many versions (a publisher's batch)."""
    wanted = {(version_id, version_hash) for _, version_id, version_hash in versions}
    latest: dict[int, ReviewTask] = {}
    for task in (ReviewTask.objects.filter(_qualifying_approval(), post_id__in={v[0] for v in versions},
                                           version_id__in={v[1] for v in versions})
                 .select_related("post").order_by("-decided_at")):
        if (task.version_id, task.version_hash) in wanted:
            latest.setdefault(task.version_id, task)
    deciders = {t.decided_by_id for t in latest.values() if not t.automatic}
    registrations: dict[int, list[PrincipalRegistration]] = {}
    for registration in PrincipalRegistration.objects.filter(user_id__in=deciders, active=True):
        registrations.setdefault(registration.user_id, []).append(registration)
    problems: dict[int, str | None] = {}
    for _, version_id, _ in versions:
        task = latest.get(version_id)
        if task is None:
            problems[version_id] = "no principal approved this exact version"
        elif not task.automatic and not any(r.covers(task.network or task.post.network)
                                            for r in registrations.get(task.decided_by_id, [])):
            problems[version_id] = "the approving principal's registration no longer covers this network"
        else:
            problems[version_id] = None
    return problems


def approval_problem(*, post_id: int, version_id: int, version_hash: str) -> str | None:
    return approval_problems([(post_id, version_id, version_hash)])[version_id]


def previous_version(version: PostVersion) -> PostVersion | None:
    if version.number <= 1:
        return None  # most reviews are of a first version: nothing to read
    return PostVersion.objects.filter(post_id=version.post_id, number__lt=version.number).order_by("-number").first()


def advisor_recent_history(*, advisor_id: int, exclude_task_id: int | None = None, limit: int = 10
                           ) -> list[ReviewTask]:
    """The advisor's latest decided reviews (earlier versions of this post included): context for the
    principal, never a reason in itself."""
    # Only what the review screen shows: each version's screening JSON would cost more to decode than the rest.
    rows = (ReviewTask.objects.filter(author_id=advisor_id).exclude(status=ReviewStatus.OPEN)
            .exclude(status=ReviewStatus.VOIDED).select_related("version").order_by("-created_at")
            .only("created_at", "status", "automatic", "reason", "version__text"))
    if exclude_task_id is not None:
        rows = rows.exclude(pk=exclude_task_id)
    return list(rows[:limit])


def review_comments(*, post_id: int) -> list[ReviewComment]:
    return list(ReviewComment.objects.filter(post_id=post_id).select_related("author", "version"))


def identical_open_count(*, reviewer: User, task: ReviewTask) -> int:
    return review_queue(reviewer=reviewer).filter(version_hash=task.version_hash,
                                                  purpose=ReviewPurpose.PRE_APPROVAL).count()


# --- measures, as data for analytics ---------------------------------------------------------------------------


def _quantiles(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"count": 0, "median_seconds": None, "p90_seconds": None}
    values = sorted(values)
    p90 = values[0] if len(values) == 1 else statistics.quantiles(values, n=10, method="inclusive")[8]
    return {"count": len(values), "median_seconds": round(statistics.median(values), 1),
            "p90_seconds": round(p90, 1)}


def review_turnaround(*, group_by: str, since: datetime | None = None, until: datetime | None = None
                      ) -> list[dict[str, Any]]:
    """Time from submission to a principal's decision, per principal or per branch (median and 90th
    percentile). Automatic approvals are left out: nobody turned them around."""
    if group_by not in {"principal", "branch"}:
        raise ValueError("group_by is principal or branch")
    rows = ReviewTask.objects.filter(automatic=False, purpose=ReviewPurpose.PRE_APPROVAL,
                                     decided_at__isnull=False)
    if since:
        rows = rows.filter(decided_at__gte=since)
    if until:
        rows = rows.filter(decided_at__lt=until)
    key = "decided_by__username" if group_by == "principal" else "branch__code"
    groups: dict[str, list[float]] = {}
    for name, created, decided in rows.values_list(key, "created_at", "decided_at").iterator():
        groups.setdefault(name or "", []).append((decided - created).total_seconds())
    return [{group_by: name, **_quantiles(values)} for name, values in sorted(groups.items())]


def rejection_reason_counts(*, since: datetime | None = None) -> list[dict[str, Any]]:
    rows = ReviewTask.objects.filter(status__in=[ReviewStatus.REJECTED, ReviewStatus.CHANGES_REQUESTED])
    if since:
        rows = rows.filter(decided_at__gte=since)
    return [{"reason_code": code or "", "action": status, "count": n} for code, status, n in
            rows.values_list("reason_code", "status").annotate(n=Count("pk")).values_list("reason_code", "status", "n")
            .order_by("-n")]


def override_list(*, since: datetime | None = None) -> list[dict[str, Any]]:
    rows = VerdictOverride.objects.select_related("overridden_by").order_by("-created_at")
    if since:
        rows = rows.filter(created_at__gte=since)
    return [{"post_id": o.post_id, "by": o.overridden_by.username, "reason": o.reason,
             "engine_policy_version": o.engine_policy_version, "at": o.created_at} for o in rows[:1000]]


def queue_depth_series(*, since: datetime | None = None) -> list[dict[str, Any]]:
    rows = QueueDepthSnapshot.objects.order_by("taken_at")
    if since:
        rows = rows.filter(taken_at__gte=since)
    return list(rows.values("taken_at", "open_count", "overdue_count", "breaching_soon", "by_branch")[:5000])

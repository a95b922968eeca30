from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.supervision.choices import ItemKind, ItemStatus
from clearpost.supervision.models import ComplaintCase, SupervisionItem


def supervision_items_visible(*, viewer: User) -> QuerySet[SupervisionItem]:
    """Compliance sees every branch; a supervisor sees their branches (and what is assigned to them)."""
    items = SupervisionItem.objects.select_related("advisor", "branch", "assigned_to", "closed_by")
    if viewer.has_perm("policy.manage_rules"):
        return items
    if not viewer.has_perm("accounts.supervise_branch"):
        return items.none()
    return items.filter(Q(assigned_to=viewer) | Q(branch__in=viewer.supervised_units.all()))


def supervision_queue(*, viewer: User) -> QuerySet[SupervisionItem]:
    return supervision_items_visible(viewer=viewer).filter(status=ItemStatus.OPEN).order_by("due_at")


def complaints_visible(*, viewer: User) -> QuerySet[ComplaintCase]:
    cases = ComplaintCase.objects.select_related("advisor", "branch")
    if viewer.has_perm("supervision.manage_complaints"):
        return cases
    if viewer.has_perm("accounts.supervise_branch"):
        return cases.filter(branch__in=viewer.supervised_units.all())
    return cases.none()


def supervision_dashboard(*, viewer: User) -> dict[str, Any]:
    """Open and overdue items, complaints by status, and sampling coverage (share of each advisor's published
    posts a human saw: pre-approved by a principal or sampled and reviewed)."""
    from clearpost.posts.choices import PostStatus
    from clearpost.posts.models import Post

    now = timezone.now()
    items = supervision_items_visible(viewer=viewer)
    by_branch = (items.filter(status=ItemStatus.OPEN).values("branch__name")
                 .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now))).order_by("branch__name"))
    complaints = complaints_visible(viewer=viewer).values("status").annotate(n=Count("pk")).order_by("status")
    advisors = User.objects.filter(posts__status=PostStatus.PUBLISHED)
    if not viewer.has_perm("policy.manage_rules"):
        advisors = advisors.filter(branch__in=viewer.supervised_units.all())
    coverage = []
    for advisor in advisors.distinct().select_related("branch").order_by("branch__code", "username")[:500]:
        published = Post.objects.filter(author=advisor, status=PostStatus.PUBLISHED)
        total = published.count()
        seen = published.filter(
            Q(review_tasks__status="approved", review_tasks__decided_by__isnull=False)
            | Q(pk__in=SupervisionItem.objects.filter(kind=ItemKind.SAMPLED_POST, status=ItemStatus.CLOSED)
                .values("post_id"))).distinct().count()
        coverage.append({"advisor": advisor, "published": total, "seen": seen,
                         "share": round(seen / total, 3) if total else None})
    return {"by_branch": list(by_branch), "complaints": list(complaints), "coverage": coverage,
            "open": items.filter(status=ItemStatus.OPEN).count(),
            "overdue": items.filter(status=ItemStatus.OPEN, due_at__lt=now).count()}

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict[str, object]:
    """Role-aware navigation: each person sees only the places their permissions open."""
    user = request.user
    if not user.is_authenticated:
        return {"nav": []}
    items: list[tuple[str, str]] = []
    if user.has_perm("posts.compose_post"):
        items += [("My posts", reverse("posts:list")), ("Compose", reverse("posts:compose")),
                  ("Library", reverse("library:browse")), ("Suggestions", reverse("library:suggestions")),
                  ("My access", reverse("entitlements:mine")), ("My accounts", reverse("connectors:mine"))]
    if user.has_perm("review.review_post"):
        items += [("Review queue", reverse("review:queue")), ("About to breach", reverse("review:breaching"))]
    if user.has_perm("review.review_post") or user.has_perm("library.manage_library"):
        items.append(("Library items", reverse("library:manage")))
    if user.has_perm("accounts.supervise_branch"):
        items += [("Supervision", reverse("supervision:queue")), ("Branch activity", reverse("web:branch_activity"))]
    if user.has_perm("accounts.supervise_branch") or user.has_perm("policy.manage_rules"):
        items.append(("Access requests", reverse("entitlements:requests")))
    if user.has_perm("connectors.approve_accounts"):
        items.append(("Account approvals", reverse("connectors:approvals")))
    if user.has_perm("policy.manage_rules"):
        items += [("Training", reverse("training:roster")), ("Rules", reverse("policy:rules")),
                  ("Routing", reverse("review:routing")),
                  ("Markets", reverse("markets:dashboard"))]
    if user.has_perm("archive.search_archive"):
        items.append(("Archive", reverse("archive:records")))
    items += [("Notifications", reverse("review:notifications")), ("API", "/api/docs")]
    return {"nav": items}

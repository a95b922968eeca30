from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clearpost.core.permissions import require_permission
from clearpost.posts.selectors import post_list_for_branches


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands where its work is."""
    user = request.user
    if user.has_perm("review.review_post"):
        return redirect("review:queue")
    if user.has_perm("posts.compose_post"):
        return redirect("posts:list")
    if user.has_perm("accounts.supervise_branch") and not user.has_perm("archive.search_archive"):
        return redirect("supervision:queue")
    if user.has_perm("archive.search_archive"):
        return redirect("archive:records")
    return render(request, "web/home.html")


@require_permission("accounts.supervise_branch")
def branch_activity(request: HttpRequest) -> HttpResponse:
    """A supervisor's landing page: recent posts of the advisors in the branches they supervise (FINRA 3110)."""
    posts = post_list_for_branches(supervisor=request.user)[:100]
    return render(request, "web/branch_activity.html", {"posts": posts})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/403.html", {"detail": str(exception or "")}, status=403)

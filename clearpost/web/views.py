from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands where its work is."""
    user = request.user
    if user.has_perm("review.review_post"):
        return redirect("review:queue")
    if user.has_perm("posts.compose_post"):
        return redirect("posts:list")
    if user.has_perm("archive.search_archive"):
        return redirect("archive:records")
    return render(request, "web/home.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/403.html", {"detail": str(exception or "")}, status=403)

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from clearpost.sandbox.models import SandboxAccount, SandboxPost


def timeline(request: HttpRequest, handle: str | None = None) -> HttpResponse:
    """The network's public timeline: every post, or one account's."""
    posts = SandboxPost.objects.filter(deleted_at__isnull=True).select_related("account")
    account = None
    if handle:
        account = SandboxAccount.objects.filter(network="x", handle=handle).first()
        if account is None:
            raise Http404("no such account")
        posts = posts.filter(account=account)
    return render(request, "sandbox/timeline.html", {"posts": posts[:200], "account": account})


def status(request: HttpRequest, handle: str, post_id: int) -> HttpResponse:
    post = SandboxPost.objects.select_related("account").filter(pk=post_id, account__handle=handle).first()
    if post is None:
        raise Http404("no such post")
    return render(request, "sandbox/timeline.html", {"posts": [post], "account": post.account})

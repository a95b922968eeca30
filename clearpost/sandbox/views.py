from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from clearpost.sandbox.models import SandboxAccount, SandboxPost

NAMES = {"x": "X", "linkedin": "LinkedIn", "mastodon": "Mastodon"}


def post_path(post: SandboxPost) -> str:
    """Where a post lives on the sandbox's web side (what the connectors return as the post's URL)."""
    if post.network == "mastodon":
        return f"/mastodon/@{post.account.handle}/{post.pk}"
    if post.network == "linkedin":
        return f"/linkedin/feed/update/urn:li:share:{post.pk}"
    return f"/x/{post.account.handle}/status/{post.pk}"


def timeline(request: HttpRequest, handle: str | None = None, network: str = "x") -> HttpResponse:
    """The network's public timeline (top-level posts with their replies), or one account's."""
    posts = (SandboxPost.objects.filter(network=network, deleted_at__isnull=True, in_reply_to__isnull=True)
             .select_related("account").prefetch_related("replies__account"))
    account = None
    if handle:
        account = SandboxAccount.objects.filter(network=network, handle=handle).first()
        if account is None:
            raise Http404("no such account")
        posts = posts.filter(account=account)
    rows = [(p, post_path(p)) for p in posts[:200]]
    return render(request, "sandbox/timeline.html",
                  {"rows": rows, "account": account, "network": network, "network_name": NAMES[network]})


def status(request: HttpRequest, post_id: int, handle: str = "", network: str = "x") -> HttpResponse:
    post = (SandboxPost.objects.select_related("account").prefetch_related("replies__account")
            .filter(pk=post_id, network=network).first())
    if post is None or (handle and post.account.handle != handle):
        raise Http404("no such post")
    return render(request, "sandbox/timeline.html", {"rows": [(post, post_path(post))], "account": post.account,
                                                     "network": network, "network_name": NAMES[network]})

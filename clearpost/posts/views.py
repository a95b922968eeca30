from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clearpost.accounts.services import permission_denied_record
from clearpost.archive.selectors import archive_records_for_post
from clearpost.connectors.models import NetworkAccount
from clearpost.core.errors import DomainError
from clearpost.core.permissions import require_permission
from clearpost.policy.services import policy_screen
from clearpost.posts import services
from clearpost.posts.forms import ComposeForm, EditForm
from clearpost.posts.selectors import post_get_for_viewer, post_list_for_author
from clearpost.review.selectors import review_comments
from clearpost.review.services import review_comment_add


@require_permission("posts.compose_post")
def post_list(request: HttpRequest) -> HttpResponse:
    return render(request, "posts/list.html", {"posts": post_list_for_author(author=request.user)})


@require_permission("posts.compose_post")
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    form = ComposeForm(request.POST if request.method == "POST" else None, author=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(author=request.user, account_id=form.cleaned_data["account"].pk,
                                        text=form.cleaned_data["text"])
            if "submit" in request.POST:
                post = services.post_submit(post_id=post.pk, actor=request.user)
                messages.success(request, f"Post submitted: {post.get_status_display()}.")
            else:
                messages.success(request, "Draft saved.")
            return redirect("posts:detail", post_id=post.pk)
        except DomainError as exc:
            if exc.status == 403:  # a refused attempt is evidence too
                permission_denied_record(request=request, detail=exc.message)
            form.add_error(None, exc.message)
    return render(request, "posts/compose.html", {"form": form}, status=400 if form.errors else 200)


@require_permission("posts.compose_post")
@require_POST
def live_check(request: HttpRequest) -> HttpResponse:
    """The compose screen's live policy check (htmx): findings and the length counter as the advisor types."""
    text = request.POST.get("text", "")[:10_000]
    account = NetworkAccount.objects.filter(pk=request.POST.get("account") or 0, owner=request.user).first()
    network = account.network if account else "x"
    if not text.strip():
        return HttpResponse('<section id="screening" aria-live="polite"><p>Start typing to check.</p></section>')
    screening = policy_screen(text=text, network=network)
    return render(request, "policy/_screening.html", {"screening": screening, "text": text})


@require_permission("posts.compose_post")
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = post_get_for_viewer(post_id=post_id, viewer=request.user)
    if post is None:
        raise Http404("no such post")
    context = {
        "post": post,
        "versions": post.versions.order_by("-number"),
        "deliveries": post.deliveries.all(),
        "reviews": post.review_tasks.select_related("decided_by", "assigned_to").order_by("-created_at"),
        "history": archive_records_for_post(post_id=post.pk),
        "edit_form": EditForm(initial={"text": post.current_version.text if post.current_version else ""}),
        "is_author": post.author_id == request.user.pk,
        "comments": review_comments(post_id=post.pk),
    }
    return render(request, "posts/detail.html", context)


@require_permission("posts.compose_post")
@require_POST
def post_action(request: HttpRequest, post_id: int, action: str) -> HttpResponse:
    try:
        if action == "submit":
            services.post_submit(post_id=post_id, actor=request.user)
        elif action == "withdraw":
            services.post_withdraw(post_id=post_id, actor=request.user, reason=request.POST.get("reason", ""))
        elif action == "comment":
            review_comment_add(post_id=post_id, actor=request.user, body=request.POST.get("body", ""))
        elif action == "edit":
            form = EditForm(request.POST)
            if not form.is_valid():
                raise DomainError("the text is missing or too long")
            services.post_edit(post_id=post_id, actor=request.user, text=form.cleaned_data["text"])
        else:
            raise Http404("unknown action")
        messages.success(request, "Done.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("posts:detail", post_id=post_id)

"""The review screens: the queue, the keyboard-driven review screen, what is about to breach, the routing
policy (compliance), and the notification inbox. Thin: every change goes through a service."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clearpost.core.errors import DomainError
from clearpost.core.permissions import deny, require_permission
from clearpost.review import services
from clearpost.review.diff import diff_html
from clearpost.review.forms import DecisionForm, ReasonForm, RoutingPolicyForm
from clearpost.review.models import Notification, RejectionReason, RoutingPolicy
from clearpost.review.notifications import notification_mark_read
from clearpost.review.selectors import (
    advisor_recent_history,
    identical_open_count,
    previous_version,
    review_breaching,
    review_comments,
    review_queue_counts,
    review_queue_neighbours,
    review_queue_page,
    review_task_get,
)

QUEUE_PAGE = 50


@require_permission("review.review_post")
def queue(request: HttpRequest) -> HttpResponse:
    show = "mine" if request.GET.get("show") == "mine" else "all"
    context = {"rows": review_queue_page(reviewer=request.user, mine_only=show == "mine", limit=QUEUE_PAGE),
               "counts": _count_labels(review_queue_counts(reviewer=request.user)), "show": show}
    return render(request, "review/queue.html", context)


def _count_labels(counts: dict[str, int]) -> dict[str, str]:
    """Counts stop at a cap: past it the page says "1,000+"."""
    cap = counts["cap"]
    return {key: f"{cap:,}+" if n > cap else f"{n:,}" for key, n in counts.items() if key != "cap"}


@require_permission("review.review_post")
def breaching(request: HttpRequest) -> HttpResponse:
    tasks = list(review_breaching(reviewer=request.user, within_minutes=30)[:200])
    return render(request, "review/breaching.html", {"tasks": tasks})


@require_permission("review.review_post")
@require_POST
def next_item(request: HttpRequest) -> HttpResponse:
    """Claim the next review and open it: the principal's one-key way through the queue."""
    task = services.review_task_next(reviewer=request.user)
    if task is None:
        messages.info(request, "Nothing left to review.")
        return redirect("review:queue")
    return redirect("review:detail", task_id=task.pk)


@require_permission("review.review_post")
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    # Opening a review records nothing: only a decision is evidence of review (FINRA 2210(b)(1)).
    task = review_task_get(task_id=task_id, reviewer=request.user)
    if task is None:
        if _exists(task_id):
            deny(request, "review outside the principal's branch, or of their own post")
        raise Http404("no such review")
    before = previous_version(task.version)
    prev_id, next_id = review_queue_neighbours(reviewer=request.user, task=task)
    context = {
        "task": task,
        "screening": task.version.screening or {},
        "lengths": _lengths(task.version.text),
        "diff": diff_html(before.text, task.version.text) if before else None,
        "previous": before,
        "history": advisor_recent_history(advisor_id=task.post.author_id, exclude_task_id=task.pk),
        "comments": review_comments(post_id=task.post_id),
        "identical": identical_open_count(reviewer=request.user, task=task) if task.status == "open" else 0,
        "form": DecisionForm(),
        "prev_id": prev_id,
        "next_id": next_id,
        "claimed_by_other": task.claimed_by_id not in (None, request.user.pk),
    }
    return render(request, "review/detail.html", context)


def _lengths(text: str) -> list[dict[str, object]]:
    """The text's length as each network counts it (twitter-text weighting for X, etc.)."""
    from clearpost.connectors.choices import Network
    from clearpost.policy.engine.length import measure

    return [{**measure(text, network).to_dict(), "label": label} for network, label in Network.choices]


def _exists(task_id: int) -> bool:
    from clearpost.review.models import ReviewTask

    return ReviewTask.objects.filter(pk=task_id).exists()


@require_permission("review.review_post")
@require_POST
def decide(request: HttpRequest, task_id: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve, request changes or reject (and a reason from the list).")
        return redirect("review:detail", task_id=task_id)
    action, code, reason = (form.cleaned_data["action"], form.cleaned_data["reason_code"],
                            form.cleaned_data["reason"])
    try:
        if action == "approve":
            services.review_task_approve(task_id=task_id, reviewer=request.user, note=reason)
            messages.success(request, "Approved; the post is queued for publishing.")
        elif action == "reject":
            services.review_task_reject(task_id=task_id, reviewer=request.user, reason=reason, reason_code=code)
            messages.success(request, "Rejected; the advisor has been told why.")
        else:
            services.review_task_request_changes(task_id=task_id, reviewer=request.user, reason=reason,
                                                 reason_code=code)
            messages.success(request, "Changes requested.")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("review:detail", task_id=task_id)
    following = services.review_task_next(reviewer=request.user)
    return redirect("review:detail", task_id=following.pk) if following else redirect("review:queue")


@require_permission("review.review_post")
@require_POST
def claim(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        if request.POST.get("release"):
            services.review_task_release(task_id=task_id, reviewer=request.user)
            messages.info(request, "Released back to the queue.")
            return redirect("review:queue")
        services.review_task_claim(task_id=task_id, reviewer=request.user)
        messages.success(request, "You are reviewing this post.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("review:detail", task_id=task_id)


@require_permission("review.review_post")
@require_POST
def bulk_approve(request: HttpRequest, task_id: int) -> HttpResponse:
    task = review_task_get(task_id=task_id, reviewer=request.user)
    if task is None:
        raise Http404("no such review")
    result = services.review_tasks_approve_bulk(reviewer=request.user, version_hash=task.version_hash,
                                                note=request.POST.get("reason", ""))
    messages.success(request, f"Approved {len(result.approved)} identical submission(s)"
                              + (f"; {len(result.skipped)} skipped." if result.skipped else "."))
    following = services.review_task_next(reviewer=request.user)
    return redirect("review:detail", task_id=following.pk) if following else redirect("review:queue")


@require_permission("review.review_post")
@require_POST
def comment(request: HttpRequest, task_id: int) -> HttpResponse:
    task = review_task_get(task_id=task_id, reviewer=request.user)
    if task is None:
        raise Http404("no such review")
    try:
        services.review_comment_add(post_id=task.post_id, actor=request.user, body=request.POST.get("body", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("review:detail", task_id=task_id)


@login_required
@require_http_methods(["GET", "POST"])
def routing(request: HttpRequest) -> HttpResponse:
    """Compliance maintains the routing policy and the rejection reasons here."""
    if not services.may_manage_routing(request.user):
        deny(request, "missing permission review.manage_routing")
    active = RoutingPolicy.objects.filter(active=True).first()
    initial = {"rules": json.dumps(active.rules if active else [], indent=2),
               "assignment": active.assignment if active else "least_loaded",
               "default_sla_minutes": active.default_sla_minutes if active else 60,
               "supervisor_escalation_minutes": active.supervisor_escalation_minutes if active else 60}
    form = RoutingPolicyForm(request.POST if "rules" in request.POST else None, initial=initial)
    reason_form = ReasonForm(request.POST if "code" in request.POST else None)
    try:
        if request.method == "POST" and form.is_bound and form.is_valid():
            policy = services.routing_policy_publish(actor=request.user, **form.cleaned_data)
            messages.success(request, f"Routing policy v{policy.version} is active.")
            return redirect("review:routing")
        if request.method == "POST" and reason_form.is_bound and reason_form.is_valid():
            services.rejection_reason_save(actor=request.user, **reason_form.cleaned_data)
            messages.success(request, "Reason saved.")
            return redirect("review:routing")
    except DomainError as exc:
        form.add_error(None, exc.message)
    context = {"form": form, "reason_form": reason_form, "active": active,
               "history": RoutingPolicy.objects.select_related("created_by")[:20],
               "reasons": RejectionReason.objects.all()}
    return render(request, "review/routing.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notification_mark_read(recipient=request.user)
        return redirect("review:notifications")
    rows = Notification.objects.filter(recipient=request.user)[:100]
    return render(request, "review/notifications.html", {"notifications": rows})

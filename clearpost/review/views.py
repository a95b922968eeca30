from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clearpost.core.errors import DomainError
from clearpost.core.permissions import require_permission
from clearpost.review import services
from clearpost.review.selectors import review_queue, review_task_get


@require_permission("review.review_post")
def queue(request: HttpRequest) -> HttpResponse:
    tasks = review_queue(reviewer=request.user)[:200]
    return render(request, "review/queue.html", {"tasks": tasks})


@require_permission("review.review_post")
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    # Opening a review records nothing: only a decision is evidence of review.
    task = review_task_get(task_id=task_id, reviewer=request.user)
    if task is None:
        raise Http404("no such review")
    next_task = review_queue(reviewer=request.user).exclude(pk=task.pk).first()
    return render(request, "review/detail.html", {"task": task, "next_task": next_task})


@require_permission("review.review_post")
@require_POST
def decide(request: HttpRequest, task_id: int) -> HttpResponse:
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    try:
        if action == "approve":
            services.review_task_approve(task_id=task_id, reviewer=request.user, note=reason)
            messages.success(request, "Approved; the post is queued for publishing.")
        elif action == "reject":
            services.review_task_reject(task_id=task_id, reviewer=request.user, reason=reason)
            messages.success(request, "Rejected; the advisor has been told why.")
        elif action == "request_changes":
            services.review_task_request_changes(task_id=task_id, reviewer=request.user, reason=reason)
            messages.success(request, "Changes requested.")
        else:
            messages.error(request, "Choose approve, request changes or reject.")
            return redirect("review:detail", task_id=task_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("review:detail", task_id=task_id)
    following = review_queue(reviewer=request.user).first()
    return redirect("review:detail", task_id=following.pk) if following else redirect("review:queue")

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_http_methods, require_POST

from clearpost.accounts.models import User
from clearpost.core.errors import DomainError
from clearpost.core.permissions import deny, require_permission
from clearpost.supervision import services
from clearpost.supervision.choices import ComplaintStatus, ItemAction, ProblemCode, ProductCode
from clearpost.supervision.export import complaints_quarterly_csv
from clearpost.supervision.selectors import (
    complaints_visible,
    supervision_dashboard,
    supervision_items_visible,
    supervision_queue,
)


@require_permission("accounts.supervise_branch")
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/queue.html", {"items": supervision_queue(viewer=request.user)[:300],
                                                      "now": timezone.now()})


@require_permission("accounts.supervise_branch")
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    # Opening an item records nothing: only an action is evidence of review.
    item = supervision_items_visible(viewer=request.user).filter(pk=item_id).first()
    if item is None:
        raise Http404("no such item")
    return render(request, "supervision/item.html", {
        "item": item, "actions": ItemAction.choices, "problems": ProblemCode.choices, "products": ProductCode.choices})


@require_permission("accounts.supervise_branch")
@require_POST
def item_act(request: HttpRequest, item_id: int) -> HttpResponse:
    if not supervision_items_visible(viewer=request.user).filter(pk=item_id).exists():
        deny(request, "not your branch")
    action = request.POST.get("action", "")
    try:
        if action == ItemAction.COMPLAINT_OPENED:
            case = services.complaint_open(
                actor=request.user, advisor=request.user, from_item_id=item_id,
                customer_name=request.POST.get("customer_name", ""), allegation=request.POST.get("allegation", ""),
                problem_code=request.POST.get("problem_code", ProblemCode.OTHER),
                product_code=request.POST.get("product_code", ProductCode.OTHER),
                amount=_amount(request.POST.get("amount", "")))
            messages.success(request, f"Complaint case {case.pk} opened.")
            return redirect("supervision:complaint", case_id=case.pk)
        services.supervision_item_act(item_id=item_id, actor=request.user, action=ItemAction(action)
                                      if action in ItemAction.values else action,  # type: ignore[arg-type]
                                      note=request.POST.get("note", ""))
        messages.success(request, "Recorded.")
        return redirect("supervision:queue")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:item", item_id=item_id)


def _amount(raw: str) -> Decimal | None:
    raw = raw.strip().replace(",", "").lstrip("$")
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise DomainError(f"the amount {raw!r} is not a number", code="bad_amount") from None


@require_permission("accounts.supervise_branch")
def complaints(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/complaints.html", {
        "cases": complaints_visible(viewer=request.user)[:500], "statuses": ComplaintStatus.choices,
        "can_manage": request.user.has_perm("supervision.manage_complaints")})


@require_permission("supervision.manage_complaints")
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    advisors = User.objects.filter(groups__name="advisor").order_by("username")
    if request.method == "POST":
        try:
            advisor = advisors.filter(pk=request.POST.get("advisor") or 0).first()
            if advisor is None:
                raise DomainError("choose the advisor")
            received = parse_date(request.POST.get("received_on", "") or "")
            case = services.complaint_open(
                actor=request.user, advisor=advisor, customer_name=request.POST.get("customer_name", ""),
                allegation=request.POST.get("allegation", ""),
                received_at=timezone.make_aware(datetime.combine(received, datetime.min.time())) if received else None,
                problem_code=request.POST.get("problem_code", ""), product_code=request.POST.get("product_code", ""),
                amount=_amount(request.POST.get("amount", "")))
            return redirect("supervision:complaint", case_id=case.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "supervision/complaint_new.html", {
        "advisors": advisors, "problems": ProblemCode.choices, "products": ProductCode.choices},
        status=400 if request.method == "POST" else 200)


@require_permission("accounts.supervise_branch")
@require_http_methods(["GET", "POST"])
def complaint_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = complaints_visible(viewer=request.user).filter(pk=case_id).first()
    if case is None:
        raise Http404("no such complaint")
    if request.method == "POST":
        try:
            services.complaint_update(case_id=case.pk, actor=request.user, status=request.POST.get("status", ""),
                                      resolution=request.POST.get("resolution", ""))
            messages.success(request, "Updated.")
            return redirect("supervision:complaint", case_id=case.pk)
        except DomainError as exc:
            if exc.status == 403:
                deny(request, exc.message)
            messages.error(request, exc.message)
    return render(request, "supervision/complaint.html", {"case": case, "statuses": ComplaintStatus.choices,
                                                          "can_manage": request.user.has_perm(
                                                              "supervision.manage_complaints")})


@require_permission("supervision.manage_complaints")
def complaints_export(request: HttpRequest) -> HttpResponse:
    quarter = request.GET.get("quarter", "")
    buffer = io.StringIO()
    try:
        complaints_quarterly_csv(quarter, buffer)
    except ValueError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain")
    response = HttpResponse(buffer.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="complaints-{quarter}.csv"'
    return response


@require_permission("accounts.supervise_branch")
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/dashboard.html", supervision_dashboard(viewer=request.user))

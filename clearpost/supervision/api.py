from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from clearpost.accounts.models import User
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.supervision.choices import ItemAction
from clearpost.supervision.export import complaints_quarterly_csv
from clearpost.supervision.selectors import complaints_visible, supervision_queue
from clearpost.supervision.services import complaint_open, supervision_item_act

router = Router(tags=["supervision"])


class ItemOut(Schema):
    id: int
    kind: str
    advisor: str
    network: str
    text: str
    verdict: str
    due_at: datetime


class ActionIn(Schema):
    action: str = Field(..., pattern="^(reviewed|escalated|advisor_asked_offline)$")
    note: str = Field("", max_length=4000)


class ComplaintIn(Schema):
    advisor_id: int
    customer_name: str = Field(..., min_length=1, max_length=200)
    allegation: str = Field(..., min_length=1, max_length=20000)
    received_at: datetime | None = None
    problem_code: str = "other"
    product_code: str = "other"
    amount: Decimal | None = Field(None, ge=0)


class ComplaintOut(Schema):
    id: int
    status: str
    received_at: datetime
    report_due_at: datetime | None


def _require_supervisor(request: HttpRequest) -> None:
    if not request.user.has_perm("accounts.supervise_branch"):
        raise NotPermitted("only supervisors and compliance supervise")


@router.get("/items", response=list[ItemOut], summary="Open items in the caller's supervision queue")
def items(request: HttpRequest) -> list[ItemOut]:
    _require_supervisor(request)
    return [ItemOut(id=i.pk, kind=i.kind, advisor=str(i.advisor), network=i.network, text=i.text, verdict=i.verdict,
                    due_at=i.due_at) for i in supervision_queue(viewer=request.user)[:500]]


@router.post("/items/{item_id}/action", response=ItemOut, summary="Close an item with a recorded action")
def act(request: HttpRequest, item_id: int, payload: ActionIn) -> ItemOut:
    _require_supervisor(request)
    i = supervision_item_act(item_id=item_id, actor=request.user, action=ItemAction(payload.action), note=payload.note)
    return ItemOut(id=i.pk, kind=i.kind, advisor=str(i.advisor), network=i.network, text=i.text, verdict=i.verdict,
                   due_at=i.due_at)


@router.post("/complaints", response={201: ComplaintOut}, summary="Open a complaint case (compliance)")
def open_complaint(request: HttpRequest, payload: ComplaintIn) -> Status[ComplaintOut]:
    advisor = User.objects.filter(pk=payload.advisor_id).first()
    if advisor is None:
        raise DomainError("no such advisor", code="unknown_advisor")
    case = complaint_open(actor=request.user, advisor=advisor, customer_name=payload.customer_name,
                          allegation=payload.allegation, received_at=payload.received_at,
                          problem_code=payload.problem_code, product_code=payload.product_code, amount=payload.amount)
    return Status(201, ComplaintOut(id=case.pk, status=case.status, received_at=case.received_at,
                             report_due_at=case.report_due_at))


@router.get("/complaints/{case_id}", response=ComplaintOut)
def get_complaint(request: HttpRequest, case_id: int) -> ComplaintOut:
    case = complaints_visible(viewer=request.user).filter(pk=case_id).first()
    if case is None:
        raise Http404("no such complaint")
    return ComplaintOut(id=case.pk, status=case.status, received_at=case.received_at, report_due_at=case.report_due_at)


@router.get("/complaints-export", summary="Quarterly complaint statistics CSV (FINRA 4530(d))",
            response={200: str})
def export(request: HttpRequest, quarter: str) -> HttpResponse:
    if not request.user.has_perm("supervision.manage_complaints"):
        raise NotPermitted("only compliance exports complaint statistics")
    response = HttpResponse(content_type="text/csv")
    try:
        complaints_quarterly_csv(quarter, response)  # type: ignore[arg-type]
    except ValueError as exc:
        raise DomainError(str(exc), code="bad_quarter") from exc
    return response

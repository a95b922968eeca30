from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from clearpost.archive.models import ArchiveRecord
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.supervision.choices import ItemAction, ItemKind, ItemStatus
from clearpost.supervision.export import complaints_quarterly_csv, quarter_bounds, validate_quarterly_csv
from clearpost.supervision.models import ComplaintCase, SupervisionItem
from clearpost.supervision.services import complaint_open, complaint_update, supervision_item_act, supervision_item_open

COMPLAINT = "You moved $5,000 out of my IRA without asking me. I never signed anything."


def _inbound(advisor, ref: str = "x:1") -> SupervisionItem:  # type: ignore[no-untyped-def]
    return supervision_item_open(kind=ItemKind.INBOUND, advisor=advisor, text=COMPLAINT, network="x",
                                 verdict="complaint", interaction_ref=ref,
                                 findings=[{"rule": "r", "category": "complaint", "severity": "complaint",
                                            "start": 0, "end": 3, "excerpt": "You"}])


def test_flagged_inbound_lands_with_the_branch_supervisor_once(advisor, supervisor) -> None:
    item = _inbound(advisor)
    assert item.assigned_to == supervisor and item.status == ItemStatus.OPEN
    assert _inbound(advisor).pk == item.pk  # a second capture cycle opens nothing new
    assert ArchiveRecord.objects.filter(event_type="supervision.item_opened").count() == 1


def test_opening_records_nothing_and_closing_needs_an_action(advisor, supervisor, client: Client) -> None:
    item = _inbound(advisor)
    client.force_login(supervisor)
    assert client.get(f"/supervision/items/{item.pk}/").status_code == 200
    assert not ArchiveRecord.objects.filter(event_type="supervision.item_closed").exists()
    with pytest.raises(DomainError, match="note"):
        supervision_item_act(item_id=item.pk, actor=supervisor, action=ItemAction.REVIEWED, note="")
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionItem.objects.filter(pk=item.pk).update(status=ItemStatus.CLOSED)
    supervision_item_act(item_id=item.pk, actor=supervisor, action=ItemAction.REVIEWED, note="Called the client.")
    record = ArchiveRecord.objects.get(event_type="supervision.item_closed")
    assert '"reviewer":"sam"' in record.body and '"action":"reviewed"' in record.body


def test_other_branch_supervisor_cannot_see_or_act(advisor, outsider, firm, client: Client) -> None:
    from clearpost.accounts.choices import Role
    from conftest import make_user

    item = _inbound(advisor)
    other = make_user("sid", Role.SUPERVISOR, branch=firm["chicago"])
    firm["chicago"].supervisors.add(other)
    with pytest.raises(NotPermitted):
        supervision_item_act(item_id=item.pk, actor=other, action=ItemAction.REVIEWED, note="x")
    client.force_login(other)
    assert client.get(f"/supervision/items/{item.pk}/").status_code == 404
    assert COMPLAINT[:20] not in client.get("/supervision/").content.decode()
    client.force_login(advisor)
    assert client.get("/supervision/").status_code == 403


def test_queue_item_becomes_a_complaint_with_the_receipt_date(advisor, supervisor, client: Client) -> None:
    item = _inbound(advisor)
    client.force_login(supervisor)
    response = client.post(f"/supervision/items/{item.pk}/act/", {
        "action": "complaint_opened", "customer_name": "R. Client", "allegation": COMPLAINT,
        "problem_code": "theft", "product_code": "cash", "amount": "$5,000"})
    case = ComplaintCase.objects.get()
    assert response.status_code == 302 and case.amount == Decimal("5000")
    assert case.received_at == item.created_at
    assert case.report_due_at == item.created_at + timedelta(days=30)  # theft: 30-day individual report
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED and item.action == ItemAction.COMPLAINT_OPENED


def test_manual_complaints_and_updates_are_compliance_only(advisor, supervisor, compliance) -> None:
    with pytest.raises(NotPermitted):
        complaint_open(actor=supervisor, advisor=advisor, customer_name="C", allegation="fees too high")
    case = complaint_open(actor=compliance, advisor=advisor, customer_name="C", allegation="Fees were not disclosed",
                          problem_code="fees", product_code="mutual_fund")
    assert case.report_due_at is None
    with pytest.raises(DomainError, match="resolution"):
        complaint_update(case_id=case.pk, actor=compliance, status="resolved")
    complaint_update(case_id=case.pk, actor=compliance, status="resolved", resolution="Refunded the fee.")
    with pytest.raises(NotPermitted):
        complaint_update(case_id=case.pk, actor=supervisor, status="closed")


def test_quarterly_export_follows_the_documented_layout(advisor, compliance) -> None:
    start, _ = quarter_bounds("2026-Q3")
    for i in range(5):
        complaint_open(actor=compliance, advisor=advisor, customer_name=f"Customer, {i}",
                       allegation="Line one\nline two",
                       received_at=start + timedelta(days=i * 20), problem_code="service", amount=Decimal("10.5"))
    complaint_open(actor=compliance, advisor=advisor, customer_name="Later", allegation="Q4 complaint",
                   received_at=start + timedelta(days=95))
    out = io.StringIO()
    assert complaints_quarterly_csv("2026-Q3", out) == 5
    assert validate_quarterly_csv(out.getvalue()) == []
    assert "Line one line two" in out.getvalue() and "10.50" in out.getvalue()
    with pytest.raises(ValueError, match="2026-Q3"):
        quarter_bounds("2026-Q5")
    assert validate_quarterly_csv("wrong\n") != []


def test_sampling_is_reproducible_and_opens_items(advisor, advisor_account, principal, supervisor) -> None:
    from clearpost.conftest_helpers import submitted_post
    from clearpost.posts.models import Post
    from clearpost.publishing.models import Delivery
    from clearpost.review.services import review_task_approve
    from clearpost.supervision.models import SamplingPolicy
    from clearpost.supervision.services import sampling_draw

    SamplingPolicy.objects.create(standard_rate=0.5, new_advisor_rate=0.5, recent_flag_rate=0.5,
                                  skipped_preapproval_rate=0.5, seed="test")
    today = timezone.localdate()
    for i in range(12):
        _, task = submitted_post(advisor, advisor_account, f"Community news item number {i} from our office.")
        review_task_approve(task_id=task.pk, reviewer=principal)
        Delivery.objects.filter(post=task.post).update(status="published", published_at=timezone.now())
        Post.objects.filter(pk=task.post_id).update(status="published")
    draw = sampling_draw(day=today)
    assert draw.population == 12 and 0 < draw.sampled < 12
    assert sampling_draw(day=today).pk == draw.pk
    sampled = set(SupervisionItem.objects.filter(kind=ItemKind.SAMPLED_POST).values_list("post_id", flat=True))
    assert len(sampled) == draw.sampled
    assert all(i.assigned_to == supervisor for i in SupervisionItem.objects.filter(kind=ItemKind.SAMPLED_POST))
    assert draw.seed == f"test:{today.isoformat()}"
    assert date.fromisoformat(draw.seed.split(":")[1]) == today

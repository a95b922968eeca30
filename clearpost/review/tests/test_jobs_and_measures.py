from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from clearpost.conftest_helpers import submitted_post
from clearpost.core.schedule import periodic_jobs
from clearpost.review.diff import diff_html
from clearpost.review.models import Notification, QueueDepthSnapshot, ReviewTask
from clearpost.review.selectors import rejection_reason_counts, review_turnaround
from clearpost.review.services import (
    queue_depth_snapshot,
    rejection_reason_save,
    review_digest_send,
    review_task_approve,
    review_task_reject,
)
from clearpost.review.tests.factories import make_principal


def test_review_jobs_are_scheduled() -> None:
    names = {job.name for job in periodic_jobs()}
    assert {"review.escalate", "review.snapshot", "review.digest"} <= names


def test_principals_get_a_digest_of_their_queue(advisor, advisor_account, principal,
                                                django_capture_on_commit_callbacks) -> None:
    principal.email = "patricia@example.com"
    principal.save(update_fields=["email"])
    _, late = submitted_post(advisor, advisor_account, text="Late.")
    submitted_post(advisor, advisor_account, text="On time.")
    ReviewTask.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert review_digest_send() == 1
    digest = Notification.objects.get(recipient=principal, kind="digest")
    assert digest.title == "Your review queue: 2 open, 1 overdue"
    assert [m.to for m in mail.outbox] == [["patricia@example.com"]]


def test_queue_depth_snapshot(advisor, advisor_account, principal, firm) -> None:
    submitted_post(advisor, advisor_account, text="One.")
    _, two = submitted_post(advisor, advisor_account, text="Two.")
    ReviewTask.objects.filter(pk=two.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    snap = queue_depth_snapshot()
    assert (snap.open_count, snap.overdue_count) == (2, 1)
    assert snap.by_branch == {str(firm["boston"].pk): 2}
    assert QueueDepthSnapshot.objects.count() == 1


def test_turnaround_median_and_p90_per_principal_and_branch(advisor, advisor_account, principal, firm) -> None:
    penny = make_principal("penny", firm["boston"])
    now = timezone.now()
    for minutes, reviewer in [(1, principal), (2, principal), (3, principal), (10, penny)]:
        _, task = submitted_post(advisor, advisor_account, text=f"Post {minutes}.")
        review_task_approve(task_id=task.pk, reviewer=reviewer)
        ReviewTask.objects.filter(pk=task.pk).update(created_at=now - timedelta(minutes=minutes), decided_at=now)
    by_principal = {r["principal"]: r for r in review_turnaround(group_by="principal")}
    assert by_principal["patricia"]["count"] == 3 and by_principal["patricia"]["median_seconds"] == 120
    assert 160 <= by_principal["patricia"]["p90_seconds"] <= 180
    assert by_principal["penny"]["median_seconds"] == 600
    (boston,) = review_turnaround(group_by="branch")
    assert boston["branch"] == "boston" and boston["count"] == 4


def test_rejection_reason_counts(advisor, advisor_account, principal, compliance) -> None:
    rejection_reason_save(actor=compliance, code="balance", label="Not balanced")
    for text in ("One.", "Two."):
        _, task = submitted_post(advisor, advisor_account, text=text)
        review_task_reject(task_id=task.pk, reviewer=principal, reason="", reason_code="balance")
    assert rejection_reason_counts() == [{"reason_code": "balance", "action": "rejected", "count": 2}]


def test_diff_marks_insertions_and_deletions_and_escapes() -> None:
    html = diff_html("Call <us> today", "Call <us> tomorrow, please")
    assert "&lt;us&gt;" in html and "<del>today</del>" in html and "<ins>tomorrow, please</ins>" in html


def test_demo_seed_is_idempotent(compliance) -> None:
    from clearpost.review.demo import REASONS, review_demo_seed
    from clearpost.review.models import RejectionReason, RoutingPolicy

    review_demo_seed(actor=compliance)
    review_demo_seed(actor=compliance)
    assert RejectionReason.objects.count() == len(REASONS) and RoutingPolicy.objects.count() == 1

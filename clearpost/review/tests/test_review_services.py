from __future__ import annotations

import json

import pytest
from django.core import mail

from clearpost.archive.models import ArchiveRecord
from clearpost.conftest_helpers import submitted_post
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.posts.choices import PostStatus
from clearpost.posts.services import post_edit
from clearpost.publishing.models import Delivery
from clearpost.review.choices import ReviewStatus
from clearpost.review.models import Notification, ReviewComment, ReviewTask
from clearpost.review.services import (
    rejection_reason_save,
    review_comment_add,
    review_task_approve,
    review_task_reject,
    review_task_request_changes,
    review_tasks_approve_bulk,
)
from clearpost.review.tests.factories import make_advisor, make_principal
from conftest import link_account


def test_principal_approval_writes_the_outbox_and_evidence(advisor, advisor_account, principal) -> None:
    post, task = submitted_post(advisor, advisor_account)
    review_task_approve(task_id=task.pk, reviewer=principal, note="ok")
    post.refresh_from_db()
    task.refresh_from_db()
    assert task.status == ReviewStatus.APPROVED and task.decided_by == principal
    assert post.status == PostStatus.SCHEDULED
    delivery = Delivery.objects.get(post=post)
    assert delivery.version_id == task.version_id
    record = ArchiveRecord.objects.get(event_type="review.approved", post_id=post.pk)
    payload = json.loads(record.body)["payload"]
    assert payload["reviewer"] == principal.username
    assert payload["version_hash"] == post.current_version.content_hash
    assert payload["action"] == "approved" and payload["decided_at"]


def test_principal_cannot_approve_own_post(advisor_account, principal, advisor) -> None:
    from django.contrib.auth.models import Group

    advisor.groups.add(Group.objects.get(name="principal"))
    from clearpost.accounts.models import PrincipalRegistration

    PrincipalRegistration.objects.create(user=advisor, registration="series_24", granted_at=principal.date_joined)
    _, task = submitted_post(advisor, advisor_account)
    with pytest.raises(NotPermitted, match="four-eyes"):
        review_task_approve(task_id=task.pk, reviewer=advisor)


def test_advisor_cannot_approve(advisor, advisor_account, outsider) -> None:
    _, task = submitted_post(advisor, advisor_account)
    with pytest.raises(NotPermitted):
        review_task_approve(task_id=task.pk, reviewer=outsider)


def test_principal_without_a_covering_registration_cannot_approve(advisor, advisor_account, principal) -> None:
    principal.registrations.update(networks=["linkedin"])
    _, task = submitted_post(advisor, advisor_account)
    with pytest.raises(NotPermitted, match="registration"):
        review_task_approve(task_id=task.pk, reviewer=principal)


def test_rejection_needs_a_reason_and_is_archived(advisor, advisor_account, principal) -> None:
    post, task = submitted_post(advisor, advisor_account)
    with pytest.raises(DomainError):
        review_task_reject(task_id=task.pk, reviewer=principal, reason="  ")
    review_task_reject(task_id=task.pk, reviewer=principal, reason="Names a fund without balance.")
    post.refresh_from_db()
    assert post.status == PostStatus.REJECTED
    assert ArchiveRecord.objects.filter(event_type="review.rejected", post_id=post.pk).exists()


def test_a_decided_review_cannot_be_decided_again(advisor, advisor_account, principal) -> None:
    _, task = submitted_post(advisor, advisor_account)
    review_task_request_changes(task_id=task.pk, reviewer=principal, reason="Add the disclosure.")
    with pytest.raises(DomainError):
        review_task_approve(task_id=task.pk, reviewer=principal)


# --- issue 7: reasons, bulk approval, comments, notifications, stale versions ---------------------------------



def test_rejection_cites_a_reason_from_the_list(advisor, advisor_account, principal, compliance) -> None:
    with pytest.raises(NotPermitted):
        rejection_reason_save(actor=principal, code="balance", label="Not fair and balanced")
    rejection_reason_save(actor=compliance, code="balance", label="Not fair and balanced")
    post, task = submitted_post(advisor, advisor_account)
    with pytest.raises(DomainError, match="list"):
        review_task_reject(task_id=task.pk, reviewer=principal, reason="", reason_code="made-up")
    review_task_reject(task_id=task.pk, reviewer=principal, reason="Add the risks.", reason_code="balance")
    task.refresh_from_db()
    assert task.reason_code == "balance" and task.reason == "Not fair and balanced: Add the risks."
    payload = json.loads(ArchiveRecord.objects.get(event_type="review.rejected", post_id=post.pk).body)["payload"]
    assert payload["reason_code"] == "balance" and payload["reviewer"] == principal.username
    assert payload["version_hash"] == task.version_hash and payload["decided_at"]


def test_every_decision_reaches_the_advisor_in_app_and_by_email(advisor, advisor_account, principal,
                                                                django_capture_on_commit_callbacks) -> None:
    advisor.email = "avery@example.com"
    advisor.save(update_fields=["email"])
    _, task = submitted_post(advisor, advisor_account)
    with django_capture_on_commit_callbacks(execute=True):
        review_task_request_changes(task_id=task.pk, reviewer=principal, reason="Add the disclosure.")
    note = Notification.objects.get(recipient=advisor, kind="decision")
    assert "returned for changes" in note.title and note.body == "Add the disclosure."
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["avery@example.com"]
    assert "returned for changes" in mail.outbox[0].subject


def test_an_edit_voids_the_open_review_and_it_cannot_be_approved(advisor, advisor_account, principal) -> None:
    post, task = submitted_post(advisor, advisor_account)
    post_edit(post_id=post.pk, actor=advisor, text="A different text.")
    task.refresh_from_db()
    assert task.status == ReviewStatus.VOIDED
    assert ArchiveRecord.objects.filter(event_type="review.voided", post_id=post.pk).exists()
    with pytest.raises(DomainError):
        review_task_approve(task_id=task.pk, reviewer=principal)


def test_bulk_approval_of_identical_submissions(advisor, advisor_account, principal, firm) -> None:
    other = make_advisor("bea", firm["boston"])
    other_account = link_account(other)
    text = "Markets closed higher today. Talk to us about your plan."
    _, t1 = submitted_post(advisor, advisor_account, text=text)
    _, t2 = submitted_post(other, other_account, text=text)
    _, different = submitted_post(advisor, advisor_account, text="Something else.")
    result = review_tasks_approve_bulk(reviewer=principal, version_hash=t1.version_hash, note="library text")
    assert sorted(result.approved) == sorted([t1.pk, t2.pk]) and not result.skipped
    different.refresh_from_db()
    assert different.status == ReviewStatus.OPEN
    assert ArchiveRecord.objects.filter(event_type="review.approved").count() == 2


def test_bulk_approval_skips_the_principals_own_post(firm, principal) -> None:
    from django.contrib.auth.models import Group

    dual = make_principal("dual", firm["boston"])
    dual.groups.add(Group.objects.get(name="advisor"))
    advisor = make_advisor("bea", firm["boston"])
    text = "Same words."
    _, own = submitted_post(dual, link_account(dual), text=text)
    _, theirs = submitted_post(advisor, link_account(advisor), text=text)
    result = review_tasks_approve_bulk(reviewer=dual, version_hash=own.version_hash)
    assert result.approved == [theirs.pk]
    own.refresh_from_db()
    assert own.status == ReviewStatus.OPEN


def test_comment_thread_between_principal_and_advisor(advisor, advisor_account, principal, outsider) -> None:
    post, _task = submitted_post(advisor, advisor_account)
    review_comment_add(post_id=post.pk, actor=principal, body="Which fund is this about?")
    review_comment_add(post_id=post.pk, actor=advisor, body="The balanced fund.")
    with pytest.raises(NotPermitted):
        review_comment_add(post_id=post.pk, actor=outsider, body="hi")
    assert [c.body for c in ReviewComment.objects.filter(post=post)] == ["Which fund is this about?",
                                                                         "The balanced fund."]
    assert Notification.objects.filter(recipient=advisor, kind="comment").count() == 1
    assert Notification.objects.filter(recipient=principal, kind="comment").count() == 1
    assert ArchiveRecord.objects.filter(event_type="review.commented", post_id=post.pk).count() == 2


def test_approval_contract_refuses_an_approval_by_the_author(advisor, advisor_account, principal) -> None:
    from clearpost.review.selectors import approval_for_version, approval_problem

    post, task = submitted_post(advisor, advisor_account)
    v = post.current_version
    assert approval_problem(post_id=post.pk, version_id=v.pk, version_hash=v.content_hash)
    review_task_approve(task_id=task.pk, reviewer=principal)
    assert approval_for_version(post_id=post.pk, version_id=v.pk, version_hash=v.content_hash).pk == task.pk
    # Forge the reviewer to be the author: the contract no longer holds.
    ReviewTask.objects.filter(pk=task.pk).update(decided_by=advisor)
    assert approval_for_version(post_id=post.pk, version_id=v.pk, version_hash=v.content_hash) is None
    ReviewTask.objects.filter(pk=task.pk).update(decided_by=principal)
    principal.registrations.update(active=False)
    assert "registration" in approval_problem(post_id=post.pk, version_id=v.pk, version_hash=v.content_hash)



from __future__ import annotations

import json

import pytest

from clearpost.archive.models import ArchiveRecord
from clearpost.conftest_helpers import submitted_post
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.posts.choices import PostStatus
from clearpost.publishing.models import Delivery
from clearpost.review.choices import ReviewStatus
from clearpost.review.services import review_task_approve, review_task_reject, review_task_request_changes


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

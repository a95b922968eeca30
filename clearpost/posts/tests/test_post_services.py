from __future__ import annotations

import pytest

from clearpost.archive.models import ArchiveRecord
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.posts.choices import PostStatus
from clearpost.posts.services import post_create, post_edit, post_submit, post_withdraw
from clearpost.review.choices import ReviewStatus
from clearpost.review.models import ReviewTask
from clearpost.review.services import review_task_approve

CLEAN = "Our office is closed on Monday for the holiday. Enjoy the long weekend!"


def test_advisor_submission_waits_for_a_principal(advisor, advisor_account) -> None:
    post = post_create(author=advisor, account_id=advisor_account.pk, text=CLEAN)
    post = post_submit(post_id=post.pk, actor=advisor)
    assert post.status == PostStatus.IN_REVIEW
    task = ReviewTask.objects.get(post=post)
    assert task.status == ReviewStatus.OPEN
    assert task.version_hash == post.current_version.content_hash
    events = list(ArchiveRecord.objects.filter(post_id=post.pk).values_list("event_type", flat=True))
    assert events[:2] == ["post.version_created", "post.transitioned"]
    assert "review.assigned" in events


def test_engine_reject_goes_back_to_the_advisor_with_findings(advisor, advisor_account) -> None:
    post = post_create(author=advisor, account_id=advisor_account.pk,
                       text="This fund is guaranteed to return 12% a year, you cannot lose!")
    post = post_submit(post_id=post.pk, actor=advisor)
    assert post.status == PostStatus.REJECTED
    assert not ReviewTask.objects.filter(post=post).exists()
    record = ArchiveRecord.objects.filter(post_id=post.pk, event_type="post.transitioned").last()
    assert '"to":"rejected"' in record.body and '"findings"' in record.body


def test_edit_makes_a_new_version_and_voids_the_approval(advisor, advisor_account, principal) -> None:
    post = post_create(author=advisor, account_id=advisor_account.pk, text=CLEAN)
    post_submit(post_id=post.pk, actor=advisor)
    task = ReviewTask.objects.get(post=post)
    review_task_approve(task_id=task.pk, reviewer=principal)
    post = post_edit(post_id=post.pk, actor=advisor, text=CLEAN + " See you Tuesday.")
    assert post.status == PostStatus.DRAFT
    assert post.current_version.number == 2
    assert post.versions.count() == 2
    assert post.versions.get(number=1).text == CLEAN  # the approved version is kept unchanged


def test_only_the_author_may_edit_submit_or_withdraw(advisor, advisor_account, outsider) -> None:
    post = post_create(author=advisor, account_id=advisor_account.pk, text=CLEAN)
    with pytest.raises(NotPermitted):
        post_edit(post_id=post.pk, actor=outsider, text="changed")
    with pytest.raises(NotPermitted):
        post_submit(post_id=post.pk, actor=outsider)
    with pytest.raises(NotPermitted):
        post_withdraw(post_id=post.pk, actor=outsider)


def test_cannot_post_to_someone_elses_account(outsider, advisor_account) -> None:
    with pytest.raises(DomainError):
        post_create(author=outsider, account_id=advisor_account.pk, text=CLEAN)


def test_non_advisor_cannot_compose(principal, advisor_account) -> None:
    with pytest.raises(NotPermitted):
        post_create(author=principal, account_id=advisor_account.pk, text=CLEAN)


def test_empty_text_is_refused(advisor, advisor_account) -> None:
    with pytest.raises(DomainError, match="empty"):
        post_create(author=advisor, account_id=advisor_account.pk, text="   ")


def test_withdrawn_post_cannot_be_submitted(advisor, advisor_account) -> None:
    post = post_create(author=advisor, account_id=advisor_account.pk, text=CLEAN)
    post_withdraw(post_id=post.pk, actor=advisor)
    with pytest.raises(DomainError):
        post_submit(post_id=post.pk, actor=advisor)

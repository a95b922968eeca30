from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clearpost.archive.models import ArchiveRecord
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.entitlements.models import AdvisorGrant, Cohort
from clearpost.library.models import LibraryItemVersion, Share
from clearpost.library.selectors import (
    library_list_for_advisor,
    share_auto_approval_basis,
    share_preview,
    share_send_time_problem,
)
from clearpost.library.services import item_content, library_item_edit, library_item_retire, share_create
from clearpost.library.testing import approved_item
from clearpost.posts.choices import ContentKind
from clearpost.posts.services import post_edit
from conftest import link_account

pytestmark = pytest.mark.django_db

NOTE_RULES = {"note_allowed": True, "note_max_length": 80, "note_positions": ["before", "after"]}


@pytest.fixture
def item(compliance, principal, networks_open):  # type: ignore[no-untyped-def]
    return approved_item(compliance, principal, **NOTE_RULES)


def test_advisor_sees_approved_items_in_audience_only(compliance, principal, advisor, advisor_account, outsider,
                                                       networks_open) -> None:
    link_account(outsider)
    boston = approved_item(compliance, principal, title="Boston only", audience={"branches": ["boston"]})
    everyone = approved_item(compliance, principal, title="Everyone")
    assert {e.item.pk for e in library_list_for_advisor(advisor=advisor)} == {boston.pk, everyone.pk}
    assert {e.item.pk for e in library_list_for_advisor(advisor=outsider)} == {everyone.pk}


def test_cohort_audience(compliance, principal, advisor, advisor_account, networks_open) -> None:
    cohort = Cohort.objects.create(code="pilot", name="Pilot")
    item = approved_item(compliance, principal, audience={"cohorts": ["pilot"]})
    assert library_list_for_advisor(advisor=advisor) == []
    cohort.members.add(advisor)
    assert [e.item.pk for e in library_list_for_advisor(advisor=advisor)] == [item.pk]


def test_search_and_tag_filter(compliance, principal, advisor, advisor_account, networks_open) -> None:
    approved_item(compliance, principal, title="Happy holidays", tags=["holiday"])
    approved_item(compliance, principal, title="Why we diversify", tags=["education"])
    assert [e.version.title for e in library_list_for_advisor(advisor=advisor, q="holiday")] == ["Happy holidays"]
    assert [e.version.title for e in library_list_for_advisor(advisor=advisor, tag="education")] == \
        ["Why we diversify"]


def test_unapproved_and_expired_items_are_hidden(compliance, principal, advisor, advisor_account,
                                                  networks_open) -> None:
    from clearpost.library.services import library_item_create

    library_item_create(actor=compliance, content=item_content(title="Draft", body="Draft text"))
    approved_item(compliance, principal, title="Stale", valid_from=timezone.now() - timedelta(days=3),
                  valid_until=timezone.now() - timedelta(seconds=1))
    assert library_list_for_advisor(advisor=advisor) == []


def test_not_entitled_advisor_sees_nothing(item, advisor, advisor_account, compliance) -> None:
    AdvisorGrant.objects.create(advisor=advisor, network="x", level="library", status="suspended",
                                reason="under review", decided_by=compliance, decided_at=timezone.now())
    assert library_list_for_advisor(advisor=advisor) == []
    with pytest.raises(DomainError, match="not in your library"):
        share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk])


def test_preview_is_exactly_what_is_shared(item, advisor, advisor_account) -> None:
    preview = share_preview(advisor=advisor, version=item.current_version, network="x", figures={},
                            note="Worth a read.", note_position="before")
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk],
                            note="Worth a read.", note_position="before")
    assert share.rendered_text == preview.text
    assert share.rendered_text.startswith("Worth a read.\nDiversification spreads risk")
    assert "Avery, Boston" in share.rendered_text
    assert "Investing involves risk" in share.rendered_text  # the attached disclosure
    assert preview.length["network"] == "x" and preview.fits
    assert share.post.current_version.text == share.rendered_text
    assert share.post.kind == ContentKind.LIBRARY_WITH_NOTE


def test_share_without_note_is_a_library_post_submitted_and_archived(item, advisor, advisor_account) -> None:
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk])
    assert share.post.kind == ContentKind.LIBRARY and share.post.status != "draft"
    record = ArchiveRecord.objects.get(event_type="library.shared")
    assert record.post_id == share.post_id and item.current_version.content_hash in record.body


def test_share_to_several_accounts(item, advisor, advisor_account) -> None:
    linkedin = link_account(advisor, network="linkedin", token="li-token")
    shares = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk, linkedin.pk])
    assert {s.account.network for s in shares} == {"x", "linkedin"}
    assert "\n\n" in next(s for s in shares if s.account.network == "linkedin").rendered_text


def test_per_network_variants(compliance, principal, advisor, advisor_account, networks_open) -> None:
    item = approved_item(compliance, principal, variants={"x": "Short take. — {advisor_first_name}"})
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk])
    assert share.rendered_text.startswith("Short take. — ")


def test_note_rules_are_enforced(item, compliance, principal, advisor, advisor_account, networks_open) -> None:
    with pytest.raises(DomainError, match="80"):
        share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk], note="x" * 81)
    plain = approved_item(compliance, principal, title="No notes")
    with pytest.raises(DomainError, match="does not allow"):
        share_create(advisor=advisor, item_id=plain.pk, account_ids=[advisor_account.pk], note="Mine")
    after_only = approved_item(compliance, principal, title="After", note_allowed=True, note_max_length=50,
                               note_positions=["after"])
    with pytest.raises(DomainError, match="after"):
        share_create(advisor=advisor, item_id=after_only.pk, account_ids=[advisor_account.pk], note="Mine",
                     note_position="before")


def test_a_note_the_engine_rejects_is_refused_before_anything_is_created(item, advisor, advisor_account) -> None:
    with pytest.raises(DomainError, match="cannot be published"):
        share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk], note="Guaranteed gains!")
    assert not Share.objects.exists()


def test_someone_elses_account_is_refused(item, advisor, outsider) -> None:
    other = link_account(outsider)
    with pytest.raises(DomainError):
        share_create(advisor=advisor, item_id=item.pk, account_ids=[other.pk])


def test_non_advisor_cannot_share(item, principal) -> None:
    with pytest.raises(NotPermitted):
        share_create(advisor=principal, item_id=item.pk, account_ids=[1])


def test_schedule_after_expiry_is_refused(compliance, principal, advisor, advisor_account, networks_open) -> None:
    item = approved_item(compliance, principal, valid_until=timezone.now() + timedelta(hours=1))
    with pytest.raises(DomainError, match="expires"):
        share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk],
                     scheduled_for=timezone.now() + timedelta(hours=2))
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk],
                            scheduled_for=timezone.now() + timedelta(minutes=30))
    share.post.refresh_from_db()
    assert share.post.scheduled_for == share.scheduled_for


# --- the basis for automatic approval, and the send-time check ---------------------------------------------


def test_auto_approval_basis_for_an_unchanged_share(item, advisor, advisor_account) -> None:
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk])
    basis = share_auto_approval_basis(share.post_id)
    version = item.current_version
    assert basis == {"library_item": item.pk, "item_version": 1, "item_version_hash": version.content_hash,
                     "valid_until": version.valid_until.isoformat()}


def test_auto_approval_basis_with_a_clean_note(item, advisor, advisor_account) -> None:
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk], note="Good read.")
    assert share_auto_approval_basis(share.post_id) is not None


def test_no_basis_for_a_flagged_note(item, advisor, advisor_account) -> None:
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk],
                            note="Strong returns lately.")
    assert share.note_screening["verdict"] == "review"
    assert share_auto_approval_basis(share.post_id) is None


def test_no_basis_for_an_edited_share_or_a_plain_post(item, advisor, advisor_account) -> None:
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk])
    post_edit(post_id=share.post_id, actor=advisor, text=share.rendered_text + " My own words.")
    assert share_auto_approval_basis(share.post_id) is None
    assert share_auto_approval_basis(999_999) is None


def test_no_basis_once_the_item_was_edited(item, compliance, advisor, advisor_account) -> None:
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk])
    library_item_edit(actor=compliance, item_id=item.pk, content=item_content(title="New", body="New body"))
    assert share_auto_approval_basis(share.post_id) is None
    assert "no longer the approved one" in share_send_time_problem(share.post_id)


def test_send_time_problem_when_the_item_expired_meanwhile(item, advisor, advisor_account) -> None:
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk])
    assert share_send_time_problem(share.post_id) is None
    LibraryItemVersion.objects.filter(pk=item.current_version_id).update(
        valid_until=timezone.now() - timedelta(seconds=1))
    assert share_send_time_problem(share.post_id).startswith("the library item expired on ")
    assert share_auto_approval_basis(share.post_id) is None


def test_send_time_problem_when_retired(item, compliance, advisor, advisor_account) -> None:
    (share,) = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk])
    library_item_retire(actor=compliance, item_id=item.pk, reason="withdrawn by marketing")
    assert share_send_time_problem(share.post_id) == "the library item was retired"


def test_an_unchanged_share_is_approved_automatically_naming_the_item_version(
    item, advisor, advisor_account, compliance
) -> None:
    from clearpost.review.demo import review_demo_seed
    from clearpost.review.models import ReviewTask

    review_demo_seed(actor=compliance)  # library shares: automatic approval when clean
    share = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk])[0]
    task = ReviewTask.objects.get(post_id=share.post_id)
    assert task.automatic and task.status == "approved"
    assert task.policy_basis["library"]["item_version_hash"] == item.current_version.content_hash
    record = ArchiveRecord.objects.get(event_type="review.auto_approved", post_id=share.post_id)
    assert item.current_version.content_hash in record.body


def test_a_share_with_a_flagged_note_goes_to_a_principal(item, advisor, advisor_account, compliance) -> None:
    from clearpost.review.demo import review_demo_seed
    from clearpost.review.models import ReviewTask

    review_demo_seed(actor=compliance)
    share = share_create(advisor=advisor, item_id=item.pk, account_ids=[advisor_account.pk],
                         note="Think about your long-term returns.")[0]  # the test engine flags "returns"
    task = ReviewTask.objects.get(post_id=share.post_id)
    assert not task.automatic and task.status == "open"

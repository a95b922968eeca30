from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from clearpost.archive.models import ArchiveRecord
from clearpost.core.errors import DomainError, IllegalTransition, NotPermitted
from clearpost.library.choices import ItemStatus
from clearpost.library.lifecycle import TRANSITIONS, can_transition
from clearpost.library.rendering import fill, place_note
from clearpost.library.selectors import library_list_for_advisor
from clearpost.library.services import (
    item_content,
    library_item_approve,
    library_item_create,
    library_item_edit,
    library_item_retire,
    library_item_return,
    library_item_submit,
    library_items_expire,
)
from clearpost.library.testing import approved_item, dow_rule

pytestmark = pytest.mark.django_db


def _content(**overrides):  # type: ignore[no-untyped-def]
    fields = {"title": "Market note", "body": "Markets move; plans endure. — {advisor_name}",
              "disclosure_ids": ["general"], "tags": ["Education"]}
    fields.update(overrides)
    return item_content(**fields)


def test_compliance_creates_a_draft_with_a_hashed_version(compliance) -> None:
    item = library_item_create(actor=compliance, content=_content())
    assert item.status == ItemStatus.DRAFT
    version = item.current_version
    assert version.number == 1 and len(version.content_hash) == 64 and version.tags == ["education"]
    assert ArchiveRecord.objects.filter(event_type="library.item_version_created").count() == 1


def test_advisor_cannot_write_library_items(advisor) -> None:
    with pytest.raises(NotPermitted):
        library_item_create(actor=advisor, content=_content())


def test_unknown_placeholder_is_refused(compliance) -> None:
    with pytest.raises(DomainError, match="unknown placeholder"):
        library_item_create(actor=compliance, content=_content(body="Hello {client_name}"))


def test_market_figures_need_an_event_rule(compliance) -> None:
    with pytest.raises(DomainError, match="event rule"):
        library_item_create(actor=compliance, content=_content(body="The Dow rose {index_points} points"))
    item = library_item_create(actor=compliance, content=_content(body="The Dow rose {index_points} points"),
                               trigger_rule_id=dow_rule().pk)
    assert item.trigger_rule_id


def test_unknown_disclosure_and_bad_window_are_refused(compliance) -> None:
    with pytest.raises(DomainError, match="disclosure"):
        library_item_create(actor=compliance, content=_content(disclosure_ids=["nope"]))
    now = timezone.now()
    with pytest.raises(DomainError, match="window"):
        library_item_create(actor=compliance, content=_content(valid_from=now, valid_until=now - timedelta(hours=1)))


def test_principal_approves_and_every_transition_is_archived(compliance, principal) -> None:
    item = library_item_create(actor=compliance, content=_content())
    library_item_submit(actor=compliance, item_id=item.pk)
    item = library_item_approve(actor=principal, item_id=item.pk, version_hash=item.current_version.content_hash)
    assert item.status == ItemStatus.APPROVED
    item.current_version.refresh_from_db()
    assert item.current_version.approved_by == principal
    moves = [r.body for r in ArchiveRecord.objects.filter(event_type="library.item_transitioned").order_by("seq")]
    assert ['"to":"in_review"' in b for b in moves] == [True, False]
    assert '"to":"approved"' in moves[1] and principal.username in moves[1]


def test_principal_never_approves_an_item_they_wrote(principal) -> None:
    principal.user_permissions.add(Permission.objects.get(codename="manage_library"))
    principal = type(principal).objects.get(pk=principal.pk)
    item = library_item_create(actor=principal, content=_content())
    library_item_submit(actor=principal, item_id=item.pk)
    with pytest.raises(NotPermitted, match="four-eyes"):
        library_item_approve(actor=principal, item_id=item.pk)


def test_only_principals_approve(compliance, advisor, supervisor) -> None:
    item = library_item_create(actor=compliance, content=_content())
    library_item_submit(actor=compliance, item_id=item.pk)
    for actor in (advisor, supervisor, compliance):
        with pytest.raises(NotPermitted):
            library_item_approve(actor=actor, item_id=item.pk)


def test_approval_of_a_stale_version_is_refused(compliance, principal) -> None:
    item = library_item_create(actor=compliance, content=_content())
    old_hash = item.current_version.content_hash
    library_item_edit(actor=compliance, item_id=item.pk, content=_content(title="Market note, revised"))
    library_item_submit(actor=compliance, item_id=item.pk)
    with pytest.raises(DomainError, match="changed"):
        library_item_approve(actor=principal, item_id=item.pk, version_hash=old_hash)


def test_a_draft_cannot_be_approved_without_review(compliance, principal) -> None:
    item = library_item_create(actor=compliance, content=_content())
    with pytest.raises(IllegalTransition):
        library_item_approve(actor=principal, item_id=item.pk)


def test_editing_an_approved_item_takes_it_out_of_the_library(compliance, principal, advisor, advisor_account,
                                                                networks_open) -> None:
    item = approved_item(compliance, principal)
    assert [e.item.pk for e in library_list_for_advisor(advisor=advisor)] == [item.pk]
    library_item_edit(actor=compliance, item_id=item.pk, content=_content(title="Changed"))
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT and item.current_version.number == 2
    assert library_list_for_advisor(advisor=advisor) == []


def test_return_needs_a_reason_and_goes_back_to_draft(compliance, principal) -> None:
    item = library_item_create(actor=compliance, content=_content())
    library_item_submit(actor=compliance, item_id=item.pk)
    with pytest.raises(DomainError):
        library_item_return(actor=principal, item_id=item.pk, reason=" ")
    assert library_item_return(actor=principal, item_id=item.pk, reason="Add the risk disclosure").status == "draft"


def test_retired_is_final(compliance, principal) -> None:
    item = approved_item(compliance, principal)
    library_item_retire(actor=compliance, item_id=item.pk, reason="outdated")
    with pytest.raises(DomainError):
        library_item_edit(actor=compliance, item_id=item.pk, content=_content())
    with pytest.raises(IllegalTransition):
        library_item_submit(actor=compliance, item_id=item.pk)


def test_expiry_job_moves_items_past_their_window(compliance, principal) -> None:
    item = approved_item(compliance, principal, valid_until=timezone.now() + timedelta(minutes=5))
    assert library_items_expire(now=timezone.now() + timedelta(minutes=10)) == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.EXPIRED
    assert library_items_expire(now=timezone.now() + timedelta(minutes=10)) == 0


def test_transition_table_is_closed() -> None:
    for source, targets in TRANSITIONS.items():
        for target in ItemStatus:
            assert can_transition(source, target) == (target in targets)
    assert TRANSITIONS[ItemStatus.RETIRED] == frozenset()


def test_library_command_expires_and_lists(compliance, principal) -> None:
    from io import StringIO

    from django.core.management import call_command

    item = approved_item(compliance, principal, valid_until=timezone.now() + timedelta(seconds=1))
    from clearpost.library.models import LibraryItemVersion

    LibraryItemVersion.objects.filter(pk=item.current_version_id).update(valid_until=timezone.now())
    out = StringIO()
    call_command("library", "expire", "--dry-run", stdout=out)
    call_command("library", "expire", stdout=out)
    call_command("library", "list", "--status", "expired", stdout=out)
    assert "1 item(s) would expire (dry run)" in out.getvalue() and "1 item(s) expired" in out.getvalue()
    assert f"{item.pk}\texpired" in out.getvalue()


@given(st.text(max_size=200), st.text(max_size=60), st.sampled_from(["before", "after"]),
       st.sampled_from(["x", "linkedin"]))
def test_rendering_keeps_body_and_note_whole(body: str, note: str, position: str, network: str) -> None:
    """Whatever the advisor types, the approved text appears unchanged and the note appears where allowed."""
    text = place_note(body, note, position, network)
    assert body in text
    if note.strip():
        assert text.startswith(note.strip()) if position == "before" else text.endswith(note.strip())
    braces_free = body.replace("{", "(").replace("}", ")")
    assert fill(braces_free, {}) == braces_free


def test_browsing_costs_a_bounded_number_of_queries(compliance, principal, advisor, advisor_account, networks_open,
                                                    django_assert_max_num_queries) -> None:
    for i in range(8):
        approved_item(compliance, principal, title=f"Item {i}")
    with django_assert_max_num_queries(15):
        assert len(library_list_for_advisor(advisor=advisor)) == 8

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from clearpost.library.models import LibraryItem, Share, Suggestion
from clearpost.library.services import market_event_fan_out
from clearpost.library.testing import approved_item, dow_rule
from clearpost.markets.services import tick_record
from clearpost.posts.models import Post
from conftest import link_account

pytestmark = pytest.mark.django_db


def _login(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


@pytest.fixture
def item(compliance, principal, networks_open):  # type: ignore[no-untyped-def]
    return approved_item(compliance, principal, note_allowed=True, note_max_length=80, note_positions=["after"])


def test_two_clicks_from_notification_to_share(compliance, principal, advisor, advisor_account, networks_open,
                                               client: Client) -> None:
    """The notice's link (click one) opens the share page; "Share now" (click two) creates the share and its post."""
    rule = dow_rule()
    approved_item(compliance, principal, trigger_rule=rule, title="Dow up 150",
                  body="The Dow rose {index_points} points today. — {advisor_name}")
    tick_record(symbol="^DJI", value="46448.27", at="2025-11-24T16:00:00-05:00")
    (event,) = tick_record(symbol="^DJI", value="46620.10", at="2025-11-25T11:15:00-05:00").events
    market_event_fan_out(event_id=event.pk)
    _login(client, advisor)
    inbox = client.get(reverse("library:suggestions"))
    suggestion = Suggestion.objects.get(advisor=advisor)
    link = reverse("library:suggestion", args=[suggestion.pk])
    assert link in inbox.content.decode()
    page = client.get(link)  # click one
    assert page.status_code == 200 and "The Dow rose 171.83 points today. — Avery" in page.content.decode()
    response = client.post(link)  # click two
    share = Share.objects.get()
    assert share.post is not None and response.status_code == 302
    assert response["Location"] == reverse("posts:detail", args=[share.post_id])
    assert Post.objects.get().status != "draft"
    client.post(link)  # a double click never posts twice
    assert Share.objects.count() == 1 and Post.objects.count() == 1


def test_someone_elses_suggestion_is_404(compliance, principal, advisor, advisor_account, outsider, networks_open,
                                         client: Client) -> None:
    rule = dow_rule()
    approved_item(compliance, principal, trigger_rule=rule, body="Up {index_points}")
    link_account(outsider)
    tick_record(symbol="^DJI", value="46448.27", at="2025-11-24T16:00:00-05:00")
    (event,) = tick_record(symbol="^DJI", value="46620.10", at="2025-11-25T11:15:00-05:00").events
    market_event_fan_out(event_id=event.pk)
    theirs = Suggestion.objects.get(advisor=outsider)
    _login(client, advisor)
    assert client.get(reverse("library:suggestion", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("library:suggestion", args=[theirs.pk])).status_code == 404
    assert not Share.objects.exists()


def test_browse_preview_and_share_with_a_note(item, advisor, advisor_account, client: Client) -> None:
    _login(client, advisor)
    assert item.current_version.title in client.get(reverse("library:browse")).content.decode()
    page = client.get(reverse("library:item", args=[item.pk]))
    assert page.status_code == 200 and "Investing involves risk" in page.content.decode()
    preview = client.post(reverse("library:preview", args=[item.pk]), {"note": "My take.", "note_position": "after"})
    assert "My take." in preview.content.decode() and "/ 280" in preview.content.decode()
    response = client.post(reverse("library:share", args=[item.pk]),
                           {"accounts": [advisor_account.pk], "note": "My take.", "note_position": "after"})
    assert response.status_code == 302
    assert Share.objects.get().note == "My take."


def test_share_errors_are_shown(item, advisor, advisor_account, client: Client) -> None:
    _login(client, advisor)
    response = client.post(reverse("library:share", args=[item.pk]),
                           {"accounts": [advisor_account.pk], "note": "Guaranteed!", "note_position": "after"})
    assert response.status_code == 400 and "cannot be published" in response.content.decode()


def test_item_outside_the_advisors_audience_is_404(compliance, principal, outsider, networks_open,
                                                   client: Client) -> None:
    link_account(outsider)
    item = approved_item(compliance, principal, audience={"branches": ["boston"]})
    _login(client, outsider)
    assert client.get(reverse("library:item", args=[item.pk])).status_code == 404
    assert client.post(reverse("library:share", args=[item.pk]), {"accounts": [1]}).status_code == 404


@pytest.mark.parametrize("name", ["library:browse", "library:suggestions", "library:shares", "library:preferences"])
def test_advisor_pages_refuse_other_roles(name: str, principal, auditor, client: Client) -> None:
    for user in (principal, auditor):
        _login(client, user)
        assert client.get(reverse(name)).status_code == 403


def test_anonymous_users_are_sent_to_login(client: Client, db: None) -> None:
    assert client.get(reverse("library:browse")).status_code == 302
    assert client.get(reverse("library:manage")).status_code == 302
    assert client.get(reverse("library:disclosures")).status_code == 200  # the public disclosure page


def test_compliance_writes_items_through_the_screens(compliance, principal, client: Client, firm) -> None:
    _login(client, compliance)
    response = client.post(reverse("library:manage_new"), {
        "title": "Holiday greeting", "body": "Happy holidays from {advisor_name} and the {branch} team!",
        "variant_x": "Happy holidays! — {advisor_first_name}", "disclosure_ids": [], "tags": "holiday, greeting",
        "branches": ["boston"]})
    assert response.status_code == 302, response.content.decode()
    item = LibraryItem.objects.get()
    assert item.current_version.audience == {"branches": ["boston"]}
    client.post(reverse("library:manage_action", args=[item.pk, "submit"]))
    # compliance cannot approve; the principal can, from the same screen
    assert client.post(reverse("library:manage_action", args=[item.pk, "approve"])).status_code == 403
    _login(client, principal)
    page = client.get(reverse("library:manage_item", args=[item.pk]))
    assert "Approve version 1" in page.content.decode()
    client.post(reverse("library:manage_action", args=[item.pk, "approve"]),
                {"version_hash": item.current_version.content_hash})
    item.refresh_from_db()
    assert item.status == "approved"


@pytest.mark.parametrize("name", ["library:manage_new", "library:campaigns"])
def test_authoring_screens_refuse_advisors_and_principals(name: str, advisor, principal, client: Client) -> None:
    for user in (advisor, principal):
        _login(client, user)
        assert client.get(reverse(name)).status_code == 403


def test_manage_list_refuses_advisors_and_auditors(advisor, auditor, client: Client) -> None:
    for user in (advisor, auditor):
        _login(client, user)
        assert client.get(reverse("library:manage")).status_code == 403


def test_preferences_opt_in(advisor, client: Client) -> None:
    _login(client, advisor)
    client.post(reverse("library:preferences"), {"auto_share": "on", "email_suggestions": "on"})
    assert advisor.library_pref.auto_share is True

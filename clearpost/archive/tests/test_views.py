from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from clearpost.archive.models import AccessAction, ArchiveAccess, LegalHold, RetentionClass
from clearpost.archive.services import archive_record_append
from clearpost.core.events import EventType

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def history(advisor) -> list[int]:  # type: ignore[no-untyped-def]
    seqs = []
    for event in (EventType.POST_SUBMITTED, EventType.REVIEW_APPROVED, EventType.DELIVERY_PUBLISHED):
        seqs.append(archive_record_append(event_type=event, post_id=42, advisor_id=advisor.pk, network="x",
                                          payload={"text": "Municipal bonds <b>today</b>"}).seq)
    return seqs


def test_auditor_searches_with_highlighted_hits_and_the_search_is_logged(auditor, history) -> None:  # type: ignore[no-untyped-def]
    response = _client(auditor).get(reverse("archive:records"), {"q": "bonds", "network": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>bonds</mark>" in html and "<b>today</b>" not in html
    entry = ArchiveAccess.objects.get(action=AccessAction.SEARCH)
    assert entry.user == auditor and entry.query == "bonds" and entry.record_count == 3


def test_a_malformed_search_is_a_400_with_a_message(auditor) -> None:  # type: ignore[no-untyped-def]
    client = _client(auditor)
    for params, message in (({"q": '"open'}, "unbalanced quote"), ({"advisor": "bob"}, "must be a number"),
                            ({"since": "2026-13-45"}, "not a date"), ({"direction": "sideways"}, "outgoing")):
        response = client.get(reverse("archive:records"), params)
        assert response.status_code == 400 and message in response.content.decode()
    assert client.get(reverse("archive:export_jsonl"), {"q": "OR"}).status_code == 400


def test_record_page_shows_the_whole_post_history_and_is_logged(auditor, history) -> None:  # type: ignore[no-untyped-def]
    response = _client(auditor).get(reverse("archive:record", args=[history[1]]))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(f"#{seq}" in html for seq in history) and "delivery.published" in html
    entry = ArchiveAccess.objects.get(action=AccessAction.VIEW)
    assert entry.seq_ranges == [[history[0], history[-1]]]


def test_auditor_exports_jsonl_and_the_export_is_logged(auditor, history) -> None:  # type: ignore[no-untyped-def]
    response = _client(auditor).get(reverse("archive:export_jsonl"), {"q": "bonds"})
    assert response.status_code == 200
    lines = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert [line["seq"] for line in lines] == history and lines[0]["payload"]["text"].startswith("Municipal")
    assert ArchiveAccess.objects.filter(action=AccessAction.EXPORT, user=auditor).exists()


def test_auditor_changes_nothing(auditor, history) -> None:  # type: ignore[no-untyped-def]
    client = _client(auditor)
    assert client.post(reverse("archive:holds"), {"name": "m", "reason": "r", "advisor": "1"}).status_code == 403
    assert client.get(reverse("archive:holds")).status_code == 403
    assert client.post(reverse("archive:retention"), {"code": "communications", "name": "x",
                                                      "years": "1"}).status_code == 403
    assert client.get(reverse("archive:access_log")).status_code == 403
    assert not LegalHold.objects.exists()
    assert RetentionClass.objects.get(code="communications").years == 3


@pytest.mark.parametrize("name", ["records", "export_jsonl", "access_log", "holds", "retention"])
def test_advisors_and_other_branches_are_refused(advisor, outsider, history, name) -> None:  # type: ignore[no-untyped-def]
    for user in (advisor, outsider):
        assert _client(user).get(reverse(f"archive:{name}")).status_code == 403
    assert _client(advisor).get(reverse("archive:record", args=[history[0]])).status_code == 403
    assert not ArchiveAccess.objects.exists()


def test_anonymous_is_sent_to_login(history) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(reverse("archive:records"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_compliance_places_and_releases_a_hold_and_reads_the_access_log(compliance, auditor, history) -> None:  # type: ignore[no-untyped-def]
    client = _client(compliance)
    response = client.post(reverse("archive:holds"), {"name": "SEC inquiry", "reason": "subpoena",
                                                      "query": '"municipal bonds"', "since": "2020-01-01"})
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.query == '"municipal bonds"' and hold.since is not None
    assert client.post(reverse("archive:holds"), {"name": "x", "reason": "y", "query": '"bad'}).status_code == 400
    assert client.post(reverse("archive:hold_release", args=[hold.pk]), {"reason": "closed"}).status_code == 302
    hold.refresh_from_db()
    assert hold.released_by == compliance and hold.release_reason == "closed"
    assert client.post(reverse("archive:retention"), {"code": "communications", "name": "Comms", "years": "7",
                                                      "record_classes": ["communication"]}).status_code == 302
    assert RetentionClass.objects.get(code="communications").years == 7
    assert client.post(reverse("archive:retention"), {"code": "x", "name": "X", "years": "0"}).status_code == 400
    _client(auditor).get(reverse("archive:records"), {"q": "bonds"})
    page = client.get(reverse("archive:access_log"))
    assert page.status_code == 200 and "Alex" in page.content.decode() and "bonds" in page.content.decode()

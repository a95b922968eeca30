from __future__ import annotations

import json

import pytest
from django.test import Client

from clearpost.api.services import api_token_create
from clearpost.library.models import Share
from clearpost.library.testing import approved_item

pytestmark = [pytest.mark.django_db, pytest.mark.urls("clearpost.library.tests.api_urls")]


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def item(compliance, principal, networks_open):  # type: ignore[no-untyped-def]
    return approved_item(compliance, principal, note_allowed=True, note_max_length=60, note_positions=["before"])


def test_advisor_lists_previews_and_shares(item, advisor, advisor_account, client: Client) -> None:
    auth = _bearer(advisor)
    listed = client.get("/api/library/items", **auth).json()
    assert [i["id"] for i in listed] == [item.pk] and listed[0]["account_ids"] == [advisor_account.pk]
    preview = client.post(f"/api/library/items/{item.pk}/preview", data=json.dumps({"note": "Hi.",
                          "note_position": "before"}), content_type="application/json", **auth).json()
    assert preview[0]["network"] == "x" and preview[0]["text"].startswith("Hi.\n") and preview[0]["fits"]
    response = client.post(f"/api/library/items/{item.pk}/share", data=json.dumps(
        {"account_ids": [advisor_account.pk], "note": "Hi.", "note_position": "before"}),
        content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body[0]["text"] == preview[0]["text"] and body[0]["post_id"]
    assert Share.objects.get().post_id == body[0]["post_id"]


def test_share_refusals_are_problem_documents(item, advisor, advisor_account, client: Client) -> None:
    response = client.post(f"/api/library/items/{item.pk}/share", data=json.dumps(
        {"account_ids": [advisor_account.pk], "note": "x" * 61, "note_position": "before"}),
        content_type="application/json", **_bearer(advisor))
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert "60" in response.json()["detail"]


def test_wrong_role_and_wrong_audience_are_refused(compliance, principal, item, outsider, client: Client) -> None:
    from conftest import link_account

    assert client.get("/api/library/items", **_bearer(principal)).status_code == 403
    assert client.get("/api/library/items").status_code == 401
    boston = approved_item(compliance, principal, title="Boston", audience={"branches": ["boston"]})
    account = link_account(outsider)
    auth = _bearer(outsider)
    assert boston.pk not in [i["id"] for i in client.get("/api/library/items", **auth).json()]
    assert client.post(f"/api/library/items/{boston.pk}/preview", data="{}", content_type="application/json",
                       **auth).status_code == 404
    response = client.post(f"/api/library/items/{boston.pk}/share", data=json.dumps({"account_ids": [account.pk]}),
                           content_type="application/json", **auth)
    assert response.status_code == 422 and not Share.objects.exists()


def test_compliance_writes_and_a_principal_approves_through_the_api(compliance, principal, advisor,
                                                                    client: Client, firm) -> None:
    created = client.post("/api/library/manage/items", data=json.dumps({
        "title": "Tax tip", "body": "Gather your forms early. — {advisor_name}", "disclosure_ids": ["tax"]}),
        content_type="application/json", **_bearer(compliance))
    assert created.status_code == 201, created.content
    item = created.json()
    submitted = client.post(f"/api/library/manage/items/{item['id']}/submit", data="{}",
                            content_type="application/json", **_bearer(compliance))
    assert submitted.json()["status"] == "in_review"
    assert client.post(f"/api/library/manage/items/{item['id']}/approve", data="{}", content_type="application/json",
                       **_bearer(compliance)).status_code == 403
    approved = client.post(f"/api/library/manage/items/{item['id']}/approve",
                           data=json.dumps({"version_hash": item["version_hash"]}), content_type="application/json",
                           **_bearer(principal))
    assert approved.json()["status"] == "approved" and approved.json()["approved_by"] == principal.username
    assert client.post("/api/library/manage/items", data=json.dumps({"title": "x", "body": "y"}),
                       content_type="application/json", **_bearer(advisor)).status_code == 403
    assert client.get("/api/library/manage/items", **_bearer(advisor)).status_code == 403

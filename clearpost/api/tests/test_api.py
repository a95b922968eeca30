from __future__ import annotations

import json

from django.test import Client

from clearpost.api.services import api_token_create
from clearpost.conftest_helpers import CLEAN_TEXT, submitted_post


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_openapi_is_served(client: Client, db: None) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/posts" in paths and "/api/policy/check" in paths


def test_unauthenticated_requests_get_a_problem_document(client: Client, db: None) -> None:
    response = client.get("/api/posts")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_malformed_json_is_a_4xx_with_a_message(advisor, client: Client) -> None:
    response = client.post("/api/posts", data="{not json", content_type="application/json", **_bearer(advisor))
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_wrong_types_are_422_naming_the_field(advisor, client: Client) -> None:
    response = client.post("/api/posts", data=json.dumps({"account_id": "abc", "text": ""}),
                           content_type="application/json", **_bearer(advisor))
    assert response.status_code == 422
    assert "account_id" in response.json()["detail"]


def test_advisor_composes_and_submits_through_the_api(advisor, advisor_account, client: Client) -> None:
    response = client.post("/api/posts", data=json.dumps({"account_id": advisor_account.pk, "text": CLEAN_TEXT}),
                           content_type="application/json", **_bearer(advisor))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "in_review" and body["version"] == 1 and len(body["version_hash"]) == 64


def test_session_auth_enforces_csrf(advisor, advisor_account) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(advisor)
    response = client.post("/api/posts", data=json.dumps({"account_id": advisor_account.pk, "text": CLEAN_TEXT}),
                           content_type="application/json")
    assert response.status_code in (401, 403)


def test_advisor_cannot_list_or_decide_reviews(advisor, advisor_account, client: Client) -> None:
    _, task = submitted_post(advisor, advisor_account)
    headers = _bearer(advisor)
    assert client.get("/api/review/queue", **headers).status_code == 403
    response = client.post(f"/api/review/tasks/{task.pk}/decide", data=json.dumps({"action": "approve"}),
                           content_type="application/json", **headers)
    assert response.status_code == 403


def test_principal_approves_through_the_api(advisor, advisor_account, principal, client: Client) -> None:
    _, task = submitted_post(advisor, advisor_account)
    headers = _bearer(principal)
    listed = client.get("/api/review/queue", **headers).json()["items"]
    assert [t["id"] for t in listed] == [task.pk]
    response = client.post(f"/api/review/tasks/{task.pk}/decide", data=json.dumps({"action": "approve"}),
                           content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_reject_without_reason_is_422(advisor, advisor_account, principal, client: Client) -> None:
    _, task = submitted_post(advisor, advisor_account)
    response = client.post(f"/api/review/tasks/{task.pk}/decide", data=json.dumps({"action": "reject"}),
                           content_type="application/json", **_bearer(principal))
    assert response.status_code == 422 and "reason" in response.json()["detail"]


def test_policy_check_endpoint(advisor, client: Client) -> None:
    response = client.post("/api/policy/check", data=json.dumps({"text": "Guaranteed 20% returns!", "network": "x"}),
                           content_type="application/json", **_bearer(advisor))
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "reject" and body["length"]["limit"] == 280
    bad = client.post("/api/policy/check", data=json.dumps({"text": "hi", "network": "myspace"}),
                      content_type="application/json", **_bearer(advisor))
    assert bad.status_code == 422

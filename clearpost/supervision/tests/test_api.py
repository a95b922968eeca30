from __future__ import annotations

import json

from django.test import Client

from clearpost.api.services import api_token_create
from clearpost.supervision.choices import ItemKind
from clearpost.supervision.services import supervision_item_open


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


def test_supervisor_lists_and_closes_items_through_the_api(advisor, supervisor, client: Client) -> None:
    item = supervision_item_open(kind=ItemKind.INBOUND, advisor=advisor, text="Please sell all my shares today",
                                 verdict="flag", interaction_ref="x:42")
    headers = _bearer(supervisor)
    assert [i["id"] for i in client.get("/api/supervision/items", **headers).json()] == [item.pk]
    bad = client.post(f"/api/supervision/items/{item.pk}/action", data=json.dumps({"action": "deleted"}),
                      content_type="application/json", **headers)
    assert bad.status_code == 422
    ok = client.post(f"/api/supervision/items/{item.pk}/action",
                     data=json.dumps({"action": "advisor_asked_offline", "note": "Told the advisor to call."}),
                     content_type="application/json", **headers)
    assert ok.status_code == 200
    assert client.get("/api/supervision/items", **headers).json() == []


def test_advisors_cannot_supervise_or_open_complaints(advisor, client: Client) -> None:
    headers = _bearer(advisor)
    assert client.get("/api/supervision/items", **headers).status_code == 403
    body = json.dumps({"advisor_id": advisor.pk, "customer_name": "C", "allegation": "A"})
    response = client.post("/api/supervision/complaints", data=body, content_type="application/json", **headers)
    assert response.status_code == 403


def test_compliance_opens_a_complaint_and_exports_the_quarter(advisor, compliance, client: Client) -> None:
    headers = _bearer(compliance)
    response = client.post("/api/supervision/complaints", data=json.dumps({
        "advisor_id": advisor.pk, "customer_name": "C. Client", "allegation": "Forged signature on a transfer",
        "problem_code": "forgery", "received_at": "2026-08-03T10:00:00Z"}), content_type="application/json", **headers)
    assert response.status_code == 201 and response.json()["report_due_at"].startswith("2026-09-02")
    csv_text = client.get("/api/supervision/complaints-export?quarter=2026-Q3", **headers).content.decode()
    assert csv_text.startswith("case_id,date_received") and "forgery" in csv_text
    assert client.get("/api/supervision/complaints-export?quarter=Q9", **headers).status_code == 422


def test_access_endpoint_explains_levels(advisor, client: Client) -> None:
    from clearpost.entitlements.models import NetworkPolicy

    NetworkPolicy.objects.filter(network="mastodon").update(compose_courses=["smp"], library_courses=["smp"])
    body = {e["network"]: e for e in client.get("/api/access/me", **_bearer(advisor)).json()}
    assert set(body) == {"x", "linkedin", "mastodon"}
    assert body["x"]["level"] == "compose" and body["mastodon"]["level"] == "none"
    assert "smp (not trained)" in body["mastodon"]["reasons"][0]

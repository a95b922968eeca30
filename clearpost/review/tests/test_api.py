from __future__ import annotations

import pytest
from django.test import Client

from clearpost.archive.models import ArchiveRecord
from clearpost.conftest_helpers import submitted_post
from clearpost.review.models import ReviewTask
from clearpost.review.services import rejection_reason_save, review_task_approve, review_task_reject
from clearpost.review.tests.factories import make_principal

BASE = "/review-api-test/review"
pytestmark = pytest.mark.urls("clearpost.review.tests.api_urls")


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_queue_next_decide_round_trip(advisor, advisor_account, principal, compliance) -> None:
    rejection_reason_save(actor=compliance, code="balance", label="Not fair and balanced")
    _, task = submitted_post(advisor, advisor_account)
    client = _client(principal)
    body = client.get(f"{BASE}/queue").json()
    assert body["counts"]["total"] == 1 and body["items"][0]["id"] == task.pk
    assert body["items"][0]["version_hash"] == task.version_hash
    nxt = client.post(f"{BASE}/next")
    assert nxt.status_code == 200 and nxt.json()["claimed_by"] == principal.username
    decided = client.post(f"{BASE}/tasks/{task.pk}/decide", {"action": "reject", "reason_code": "balance"},
                          content_type="application/json")
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "rejected" and decided.json()["reason_code"] == "balance"
    assert client.post(f"{BASE}/next").status_code == 204


@pytest.mark.parametrize("path", ["/queue", "/breaching"])
def test_wrong_role_is_refused(advisor, path: str) -> None:
    response = _client(advisor).get(f"{BASE}{path}")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_wrong_branch_is_refused(advisor, advisor_account, principal, firm) -> None:
    carl = make_principal("carl", firm["chicago"])
    _, task = submitted_post(advisor, advisor_account)
    client = _client(carl)
    assert client.get(f"{BASE}/tasks/{task.pk}/detail").status_code == 403
    response = client.post(f"{BASE}/tasks/{task.pk}/decide", {"action": "approve"}, content_type="application/json")
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "open"
    assert client.get(f"{BASE}/queue").json()["items"] == []
    assert ArchiveRecord.objects.filter(event_type="auth.permission_denied").exists()


def test_own_post_is_refused_four_eyes(firm) -> None:
    from django.contrib.auth.models import Group

    from conftest import link_account

    dual = make_principal("dual", firm["boston"])
    dual.groups.add(Group.objects.get(name="advisor"))
    _, task = submitted_post(dual, link_account(dual))
    response = _client(dual).post(f"{BASE}/tasks/{task.pk}/decide", {"action": "approve"},
                                  content_type="application/json")
    assert response.status_code == 403


def test_routing_policy_and_reasons_are_for_compliance(principal, compliance) -> None:
    rules = {"rules": [{"network": "x", "kind": "library", "route": "auto_if_clean", "sla_minutes": 10}],
             "assignment": "round_robin"}
    assert _client(principal).post(f"{BASE}/routing", rules, content_type="application/json").status_code == 403
    created = _client(compliance).post(f"{BASE}/routing", rules, content_type="application/json")
    assert created.status_code == 201 and created.json()["version"] == 1
    assert _client(principal).get(f"{BASE}/routing").json()["assignment"] == "round_robin"
    bad = _client(compliance).post(f"{BASE}/routing", {"rules": [{"route": "nope"}]},
                                   content_type="application/json")
    assert bad.status_code == 422
    reason = {"code": "balance", "label": "Not fair and balanced"}
    assert _client(principal).post(f"{BASE}/reasons", reason, content_type="application/json").status_code == 403
    assert _client(compliance).post(f"{BASE}/reasons", reason, content_type="application/json").status_code == 201


def test_override_comments_notifications(advisor, advisor_account, principal, compliance) -> None:
    from clearpost.posts.services import post_create, post_submit

    post = post_create(author=advisor, account_id=advisor_account.pk, text="A guaranteed winner.")
    post_submit(post_id=post.pk, actor=advisor)
    assert _client(principal).post(f"{BASE}/posts/{post.pk}/override", {"reason": "ok"},
                                   content_type="application/json").status_code == 403
    response = _client(compliance).post(f"{BASE}/posts/{post.pk}/override", {"reason": "Prospectus quote."},
                                        content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "open"
    assert _client(principal).post(f"{BASE}/posts/{post.pk}/comments", {"body": "Source?"},
                                   content_type="application/json").status_code == 201
    advisor_client = _client(advisor)
    assert [c["body"] for c in advisor_client.get(f"{BASE}/posts/{post.pk}/comments").json()] == ["Source?"]
    titles = [n["title"] for n in advisor_client.get(f"{BASE}/notifications?unread=true").json()]
    assert any("commented" in t for t in titles)
    assert advisor_client.post(f"{BASE}/notifications/read").json()["marked"] >= 2


def test_measures(advisor, advisor_account, principal, compliance, auditor) -> None:
    _, t1 = submitted_post(advisor, advisor_account, text="One.")
    _, t2 = submitted_post(advisor, advisor_account, text="Two.")
    review_task_approve(task_id=t1.pk, reviewer=principal)
    review_task_reject(task_id=t2.pk, reviewer=principal, reason="No.")
    assert _client(principal).get(f"{BASE}/measures").status_code == 403
    body = _client(auditor).get(f"{BASE}/measures").json()
    assert body["turnaround_by_principal"][0]["key"] == principal.username
    assert body["turnaround_by_principal"][0]["count"] == 2
    assert body["turnaround_by_branch"][0]["key"] == "boston"
    assert body["rejection_reasons"] == [{"reason_code": "", "action": "rejected", "count": 1}]
    assert ReviewTask.objects.filter(decided_by=principal).count() == 2

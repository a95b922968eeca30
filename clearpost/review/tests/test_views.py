from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from clearpost.archive.models import ArchiveRecord
from clearpost.conftest_helpers import submitted_post
from clearpost.posts.choices import PostStatus
from clearpost.posts.services import post_edit, post_submit
from clearpost.review.choices import ReviewStatus
from clearpost.review.models import ReviewTask, RoutingPolicy
from clearpost.review.services import rejection_reason_save, review_task_request_changes
from clearpost.review.tests.factories import make_principal


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["review:queue", "review:breaching"])
def test_queue_pages_refuse_advisors(advisor, name: str) -> None:
    response = _client(advisor).get(reverse(name))
    assert response.status_code == 403
    assert ArchiveRecord.objects.filter(event_type="auth.permission_denied").exists()


def test_review_screen_refuses_the_wrong_role_and_the_wrong_branch(advisor, advisor_account, principal, firm,
                                                                   supervisor) -> None:
    _, task = submitted_post(advisor, advisor_account)
    carl = make_principal("carl", firm["chicago"])
    url = reverse("review:detail", args=[task.pk])
    assert _client(advisor).get(url).status_code == 403
    assert _client(supervisor).get(url).status_code == 403
    assert _client(carl).get(url).status_code == 403
    decide = reverse("review:decide", args=[task.pk])
    response = _client(carl).post(decide, {"action": "approve"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == ReviewStatus.OPEN  # refused by the service, told in a message
    assert _client(principal).get(url).status_code == 200


def test_review_screen_shows_findings_diff_history_thread_and_keys(advisor, advisor_account, principal,
                                                                   compliance) -> None:
    rejection_reason_save(actor=compliance, code="balance", label="Not fair and balanced")
    post, first = submitted_post(advisor, advisor_account, text="Good returns this year.")
    review_task_request_changes(task_id=first.pk, reviewer=principal, reason="Add risks.")
    post_edit(post_id=post.pk, actor=advisor, text="Good returns this year, but past results do not guarantee.")
    post_submit(post_id=post.pk, actor=advisor)
    task = ReviewTask.objects.get(post=post, status="open")
    html = _client(principal).get(reverse("review:detail", args=[task.pk])).content.decode()
    assert '<mark class="finding' in html
    assert 'id="diff"' in html and "<ins>" in html
    assert "Add risks." in html  # the advisor's recent history
    assert "review/keys.js" in html and 'id="length-counter"' in html and 'id="per-network-length"' in html
    assert 'value="balance"' in html


def test_opening_a_review_records_nothing(advisor, advisor_account, principal) -> None:
    _, task = submitted_post(advisor, advisor_account)
    before = ArchiveRecord.objects.count()
    _client(principal).get(reverse("review:detail", args=[task.pk]))
    assert ArchiveRecord.objects.count() == before


def test_decide_then_move_to_the_next_item(advisor, advisor_account, principal) -> None:
    _, first = submitted_post(advisor, advisor_account, text="First post.")
    _, second = submitted_post(advisor, advisor_account, text="Second post.")
    client = _client(principal)
    response = client.post(reverse("review:next"))
    assert response.status_code == 302 and response.url == reverse("review:detail", args=[first.pk])
    response = client.post(reverse("review:decide", args=[first.pk]), {"action": "approve"})
    assert response.url == reverse("review:detail", args=[second.pk])
    first.refresh_from_db()
    assert first.status == ReviewStatus.APPROVED and first.post.status == PostStatus.SCHEDULED
    response = client.post(reverse("review:decide", args=[second.pk]), {"action": "reject", "reason": ""})
    second.refresh_from_db()
    assert second.status == ReviewStatus.OPEN  # a rejection needs a reason


def test_bulk_and_comment_from_the_screen(advisor, advisor_account, principal) -> None:
    _, one = submitted_post(advisor, advisor_account, text="Same text.")
    _, two = submitted_post(advisor, advisor_account, text="Same text.")
    client = _client(principal)
    client.post(reverse("review:comment", args=[one.pk]), {"body": "Looks fine."})
    assert advisor.notifications.filter(kind="comment").exists()
    client.post(reverse("review:bulk_approve", args=[one.pk]))
    assert set(ReviewTask.objects.filter(pk__in=[one.pk, two.pk]).values_list("status", flat=True)) == {"approved"}


def test_queue_page_query_count_does_not_grow_with_rows(advisor, advisor_account, principal,
                                                        django_assert_max_num_queries) -> None:
    for i in range(15):
        submitted_post(advisor, advisor_account, text=f"Post {i}.")
    client = _client(principal)
    client.get(reverse("review:queue"))  # warm the session and permission caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("review:queue"))
    assert response.status_code == 200 and response.content.decode().count('class="queue-row') == 15


def test_routing_page_is_for_compliance_only(principal, compliance) -> None:
    assert _client(principal).get(reverse("review:routing")).status_code == 403
    client = _client(compliance)
    assert client.get(reverse("review:routing")).status_code == 200
    rules = json.dumps([{"network": "x", "kind": "reply", "route": "post_review", "sample_percent": 10}])
    response = client.post(reverse("review:routing"), {"rules": rules, "assignment": "round_robin",
                                                       "default_sla_minutes": 30,
                                                       "supervisor_escalation_minutes": 60})
    assert response.status_code == 302
    assert RoutingPolicy.objects.get(active=True).rules[0]["route"] == "post_review"
    response = client.post(reverse("review:routing"), {"code": "balance", "label": "Not fair", "active": "on"})
    assert response.status_code == 302
    bad = client.post(reverse("review:routing"), {"rules": "[{", "assignment": "round_robin",
                                                  "default_sla_minutes": 30, "supervisor_escalation_minutes": 60})
    assert bad.status_code == 400


def test_advisor_sees_the_decision_and_answers_in_the_thread(advisor, advisor_account, principal) -> None:
    post, task = submitted_post(advisor, advisor_account)
    review_task_request_changes(task_id=task.pk, reviewer=principal, reason="Which fund?")
    client = _client(advisor)
    html = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "Which fund?" in html
    client.post(reverse("posts:action", args=[post.pk, "comment"]), {"body": "The balanced one."})
    assert "The balanced one." in client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    inbox = client.get(reverse("review:notifications")).content.decode()
    assert "returned for changes" in inbox


def test_queue_counts_past_the_cap_read_as_more() -> None:
    from clearpost.review.views import _count_labels

    assert _count_labels({"total": 1001, "mine": 12, "overdue": 1000, "soon": 0, "cap": 1000}) == {
        "total": "1,000+", "mine": "12", "overdue": "1,000", "soon": "0"}


def test_review_screen_names_the_claimer_in_a_fixed_number_of_queries(advisor, advisor_account, principal, firm,
                                                                      django_assert_max_num_queries) -> None:
    from clearpost.review.services import review_task_claim

    colleague = make_principal("penny", firm["boston"])
    tasks = [submitted_post(advisor, advisor_account, text=f"Post {i}.")[1] for i in range(6)]
    review_task_claim(task_id=tasks[2].pk, reviewer=colleague)
    client = _client(principal)
    client.get(reverse("review:detail", args=[tasks[2].pk]))  # warm the session and permission caches
    with django_assert_max_num_queries(16):
        html = client.get(reverse("review:detail", args=[tasks[2].pk])).content.decode()
    assert f"open by {colleague}" in html and f"{colleague} is reviewing this post" in html

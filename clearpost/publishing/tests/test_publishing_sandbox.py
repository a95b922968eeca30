"""Publishing over real HTTP to the sandbox X network (a separate process speaking the X API v2 wire format)."""

from __future__ import annotations

import httpx
import pytest

from clearpost.archive.models import ArchiveRecord
from clearpost.archive.selectors import archive_verify
from clearpost.conftest_helpers import submitted_post
from clearpost.connectors.tokens import encrypt_token
from clearpost.posts.choices import PostStatus
from clearpost.publishing.choices import DeliveryStatus
from clearpost.publishing.models import Delivery
from clearpost.publishing.services import delivery_publish
from clearpost.review.services import review_task_approve
from clearpost.sandbox.tokens import sandbox_token


@pytest.fixture
def live_account(advisor_account, sandbox):  # type: ignore[no-untyped-def]
    advisor_account.access_token_encrypted = encrypt_token(sandbox_token("x", advisor_account.handle))
    advisor_account.save()
    return advisor_account


def _approved_delivery(advisor, account, principal, text: str) -> Delivery:  # type: ignore[no-untyped-def]
    _, task = submitted_post(advisor, account, text)
    review_task_approve(task_id=task.pk, reviewer=principal)
    return Delivery.objects.get(post=task.post)


def test_approved_post_is_published_once_with_the_network_id(advisor, live_account, principal, sandbox) -> None:
    text = "Our Boston office hosts a free budgeting workshop on Saturday. Bring a friend! (test 1)"
    delivery = _approved_delivery(advisor, live_account, principal, text)
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w1") == DeliveryStatus.PUBLISHED
    delivery.refresh_from_db()
    assert delivery.external_id.isdigit()
    assert delivery.external_url == f"{sandbox.sandbox_url}/x/avery/status/{delivery.external_id}"
    assert delivery.post.status == PostStatus.PUBLISHED
    # A second run (a duplicate task) sends nothing.
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w2") is None
    page = httpx.get(f"{sandbox.sandbox_url}/x/avery").text
    assert page.count("free budgeting workshop on Saturday. Bring a friend! (test 1)") == 1
    published = ArchiveRecord.objects.get(event_type="delivery.published", post_id=delivery.post_id)
    assert delivery.external_id in published.body and "network_response" in published.body
    assert archive_verify().ok


def test_a_send_that_died_mid_flight_is_reconciled_not_resent(advisor, live_account, principal, sandbox) -> None:
    text = "Market closed early today for the holiday; our phones stay open until 5pm. (test 2)"
    delivery = _approved_delivery(advisor, live_account, principal, text)
    # The network stored the post, but the worker died before recording it (its lease has expired).
    httpx.post(f"{sandbox.sandbox_url}/x/2/tweets", json={"text": text},
               headers={"Authorization": f"Bearer {sandbox_token('x', 'avery')}"}).raise_for_status()
    from datetime import timedelta

    from django.utils import timezone

    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, claimed_by="dead",
                                                   lease_until=timezone.now() - timedelta(seconds=1))
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w3") == DeliveryStatus.PUBLISHED
    delivery.refresh_from_db()
    assert delivery.attempt_log.last().outcome == "reconciled"
    assert httpx.get(f"{sandbox.sandbox_url}/x/avery").text.count("(test 2)") == 1


def test_a_post_edited_after_approval_is_held_at_send_time(advisor, live_account, principal, sandbox) -> None:
    text = "Happy Thanksgiving to every family we serve! (test 3)"
    delivery = _approved_delivery(advisor, live_account, principal, text)
    from clearpost.posts.services import post_edit

    post_edit(post_id=delivery.post_id, actor=advisor, text=text + " Updated.")
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w4") is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.HELD
    assert "edited" in delivery.last_error
    assert "(test 3)" not in httpx.get(f"{sandbox.sandbox_url}/x/avery").text


def test_a_revoked_token_fails_visibly_with_the_reason(advisor, advisor_account, principal, sandbox) -> None:
    advisor_account.access_token_encrypted = encrypt_token("revoked-token")
    advisor_account.save()
    delivery = _approved_delivery(advisor, advisor_account, principal, "Welcome to our new associate! (test 4)")
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w5") == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert "401" in delivery.last_error
    assert delivery.post.status == PostStatus.FAILED
    assert ArchiveRecord.objects.filter(event_type="delivery.failed", post_id=delivery.post_id).exists()


def _in_doubt(delivery: Delivery) -> None:
    from datetime import timedelta

    from django.utils import timezone

    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.UNKNOWN,
                                                   next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_a_send_in_doubt_that_reached_the_network_is_recorded_even_if_access_was_lost(
    advisor, live_account, principal, compliance, sandbox
) -> None:
    from clearpost.entitlements.choices import Level
    from clearpost.entitlements.services import entitlement_set

    text = "Our branch is collecting coats for the winter drive this week. (test 5)"
    delivery = _approved_delivery(advisor, live_account, principal, text)
    httpx.post(f"{sandbox.sandbox_url}/x/2/tweets", json={"text": text},
               headers={"Authorization": f"Bearer {sandbox_token('x', 'avery')}"}).raise_for_status()
    _in_doubt(delivery)
    entitlement_set(actor=compliance, advisor=advisor, network="x", level=Level.NONE, reason="review", suspend=True)
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w6") == DeliveryStatus.PUBLISHED
    delivery.refresh_from_db()
    assert delivery.attempt_log.last().outcome == "reconciled"


def test_a_send_in_doubt_that_never_arrived_is_held_when_access_was_lost(
    advisor, live_account, principal, compliance, supervisor, sandbox
) -> None:
    from clearpost.entitlements.choices import Level
    from clearpost.entitlements.services import entitlement_set
    from clearpost.supervision.models import SupervisionItem

    text = "Reminder: our office closes early on Friday for the staff picnic. (test 6)"
    delivery = _approved_delivery(advisor, live_account, principal, text)
    _in_doubt(delivery)
    entitlement_set(actor=compliance, advisor=advisor, network="x", level=Level.NONE, reason="review", suspend=True)
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w7") == DeliveryStatus.HELD
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.HELD and "suspended" in delivery.last_error
    assert "(test 6)" not in httpx.get(f"{sandbox.sandbox_url}/x/avery").text
    alert = SupervisionItem.objects.get(kind="alert", alert_kind="lapsed_training_scheduled")
    assert alert.assigned_to == supervisor

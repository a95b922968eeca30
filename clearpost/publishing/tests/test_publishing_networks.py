"""Publishing to all three sandbox networks, rate-limit windows, withdrawal and inbound capture, over real HTTP."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
from django.utils import timezone

from clearpost.archive.models import ArchiveRecord
from clearpost.conftest_helpers import submitted_post
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount
from clearpost.connectors.testing import sandbox_admin, set_faults
from clearpost.connectors.tokens import encrypt_token
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.posts.choices import PostStatus
from clearpost.publishing.capture import capture_account, interactions_import
from clearpost.publishing.choices import AttemptOutcome, DeliveryStatus
from clearpost.publishing.models import AccountGate, CaptureAlert, Delivery, InboundInteraction
from clearpost.publishing.services import (
    deliveries_claim,
    deliveries_record,
    delivery_publish,
    delivery_send,
    delivery_withdraw,
)
from clearpost.review.services import review_task_approve
from clearpost.sandbox.tokens import sandbox_token


def _account(user, network: str, token: str | None = None) -> NetworkAccount:  # type: ignore[no-untyped-def]
    return NetworkAccount.objects.create(
        owner=user, network=network, handle=user.username, display_name=str(user), status=AccountStatus.ACTIVE,
        access_token_encrypted=encrypt_token(token or sandbox_token(network, user.username)))


def _delivery(advisor, account, principal, text: str) -> Delivery:  # type: ignore[no-untyped-def]
    post, task = submitted_post(advisor, account, f"{text} [{uuid.uuid4().hex[:6]}]")
    review_task_approve(task_id=task.pk, reviewer=principal)
    return Delivery.objects.get(post=post)


@pytest.mark.parametrize("network", ["mastodon", "linkedin"])
def test_publishes_to_mastodon_and_linkedin_with_reserved_characters_intact(
        network, advisor, principal, networks) -> None:
    account = _account(advisor, network)
    text = "Rates (for now) @ 5% #savings [details] <in our note> a_b*c~d|e{f}"
    delivery = _delivery(advisor, account, principal, text)
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w") == DeliveryStatus.PUBLISHED
    delivery.refresh_from_db()
    assert delivery.external_id and delivery.external_url
    posts = sandbox_admin(networks, "GET", "posts").json()["posts"]
    stored = [p for p in posts if p["network"] == network and p["text"] == delivery.version.text]
    assert len(stored) == 1  # LinkedIn did not cut the text: escaping worked
    assert ArchiveRecord.objects.filter(event_type="delivery.published", post_id=delivery.post_id).exists()


def test_an_announced_rate_limit_window_is_honoured_by_every_worker(advisor, principal, networks) -> None:
    account = _account(advisor, "mastodon")
    first = _delivery(advisor, account, principal, "Window test one")
    second = _delivery(advisor, account, principal, "Window test two")
    violations_before = sandbox_admin(networks, "GET", "calls").json()["violations"]
    set_faults(networks, "mastodon", p_rate_limit=1.0, reset_seconds=3)
    try:
        assert delivery_publish(delivery_id=first.pk, worker_id="w1") == DeliveryStatus.PENDING
        first.refresh_from_db()
        attempt = first.attempt_log.get()
        assert attempt.outcome == AttemptOutcome.RATE_LIMITED and attempt.http_status == 429
        gate = AccountGate.objects.get(account=account)
        assert gate.not_before is not None and gate.not_before > timezone.now() + timedelta(seconds=1)
        assert first.next_attempt_at >= gate.not_before
        # Another worker, another delivery of the same account: deferred without calling the network.
        assert delivery_publish(delivery_id=second.pk, worker_id="w2") is None
        second.refresh_from_db()
        assert second.status == DeliveryStatus.PENDING and second.next_attempt_at >= gate.not_before
        assert second.attempt_log.count() == 0
    finally:
        set_faults(networks, "mastodon")
    assert sandbox_admin(networks, "GET", "calls").json()["violations"] == violations_before
    # Let the window pass: the sandbox is shared by the session, this test's database is not.
    time.sleep(max(0.0, (gate.not_before - timezone.now()).total_seconds()) + 0.2)


def test_a_window_is_noted_on_the_gate_as_soon_as_the_answer_arrives(advisor, principal, networks) -> None:
    """Before the send is recorded: recording may come after the lease, when another worker may take the gate."""
    account = _account(advisor, "mastodon")
    delivery = _delivery(advisor, account, principal, "Window noted early")
    set_faults(networks, "mastodon", p_rate_limit=1.0, reset_seconds=2)
    try:
        (claim,) = deliveries_claim(holder="w", limit=1, delivery_id=delivery.pk)
        sent = delivery_send(claim)
    finally:
        set_faults(networks, "mastodon")
    gate = AccountGate.objects.get(account=account)
    assert sent.error is not None and sent.error.rate_limited
    assert gate.not_before is not None and gate.not_before == sent.not_before > timezone.now()
    assert gate.busy_by == "w"  # still held until the send is recorded
    assert deliveries_record([sent]) == [DeliveryStatus.PENDING]
    time.sleep(max(0.0, (gate.not_before - timezone.now()).total_seconds()) + 0.2)


def test_a_claim_whose_lease_ran_short_sends_nothing_and_costs_no_attempt(
        advisor, principal, networks, settings) -> None:
    account = _account(advisor, "linkedin")
    delivery = _delivery(advisor, account, principal, "Lease ran short")
    calls_before = sandbox_admin(networks, "GET", "calls").json()["total"]
    settings.DELIVERY_LEASE_SECONDS = 2 * settings.CONNECTOR_TIMEOUT_SECONDS  # less than a call needs
    (claim,) = deliveries_claim(holder="w", limit=1, delivery_id=delivery.pk)
    sent = delivery_send(claim)
    assert sent.result is None and sent.error is None and "lease" in sent.not_sent
    assert sandbox_admin(networks, "GET", "calls").json()["total"] == calls_before
    assert deliveries_record([sent]) == [DeliveryStatus.PENDING]
    delivery.refresh_from_db()
    assert delivery.post.status == PostStatus.SCHEDULED and "lease" in delivery.last_error
    assert delivery.attempt_log.get().outcome == AttemptOutcome.NOT_SENT
    assert AccountGate.objects.get(account=account).busy_by == ""
    settings.DELIVERY_LEASE_SECONDS = 120
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w") == DeliveryStatus.PUBLISHED
    assert ArchiveRecord.objects.filter(event_type="delivery.attempted", post_id=delivery.post_id,
                                        body__contains="not_sent").exists()


def test_a_call_that_got_no_answer_leaves_the_account_alone_for_a_cool_down(
        advisor, principal, networks, settings) -> None:
    """The network may still handle a call whose answer never came, and that answer may announce a window that
    nobody hears: no worker calls the account again before the cool-down ends."""
    account = _account(advisor, "mastodon")
    delivery = _delivery(advisor, account, principal, "No answer")
    settings.CONNECTOR_TIMEOUT_SECONDS, settings.CONNECTOR_COOLDOWN_SECONDS = 0.3, 3
    settings.DELIVERY_LEASE_SECONDS = 5
    set_faults(networks, "mastodon", p_timeout_before=1.0, timeout_seconds=0.6)
    try:
        (claim,) = deliveries_claim(holder="w", limit=1, delivery_id=delivery.pk)
        sent = delivery_send(claim)
    finally:
        set_faults(networks, "mastodon")
    assert sent.error is not None and "did not answer" in sent.error.message
    gate = AccountGate.objects.get(account=account)
    assert gate.not_before is not None and gate.not_before > timezone.now() + timedelta(seconds=2)
    assert deliveries_record([sent]) == [DeliveryStatus.UNKNOWN]
    delivery.refresh_from_db()
    assert delivery.next_attempt_at >= gate.not_before
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert deliveries_claim(holder="w2", limit=1) == []  # due, but its account is cooling down
    time.sleep(max(0.0, (gate.not_before - timezone.now()).total_seconds()) + 0.1)
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w2") == DeliveryStatus.PUBLISHED


def _refused_mastodon_calls(networks) -> int:  # type: ignore[no-untyped-def]
    rows = sandbox_admin(networks, "GET", "calls").json()["breakdown"]
    return sum(r["n"] for r in rows if r["network"] == "mastodon" and r["fault"] == "rate_limit")


def test_a_window_opened_by_a_call_the_client_gave_up_on_is_never_called_into(
        advisor, principal, networks, settings) -> None:
    """A busy network may handle a call after the client stopped waiting for it, and that call may open a window
    nobody hears of. Here the sandbox's four request threads are held by slow X answers while a Mastodon publish
    waits in its queue past the client's timeout, then is refused with a window."""
    account = _account(advisor, "mastodon")
    first = _delivery(advisor, account, principal, "Unheard window one")
    second = _delivery(advisor, account, principal, "Unheard window two")
    settings.CONNECTOR_TIMEOUT_SECONDS, settings.DELIVERY_LEASE_SECONDS = 0.5, 5
    violations_before = sandbox_admin(networks, "GET", "calls").json()["violations"]
    refused_before = _refused_mastodon_calls(networks)
    set_faults(networks, "x", p_timeout_before=1.0, timeout_seconds=1.5)
    set_faults(networks, "mastodon", p_rate_limit=1.0, reset_seconds=3)
    x_token = {"Authorization": f"Bearer {sandbox_token('x', 'avery')}"}
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            for n in range(4):
                pool.submit(httpx.post, f"{networks.sandbox_url}/x/2/tweets", json={"text": f"busy {n}"},
                            headers=x_token, timeout=10)
            time.sleep(0.3)  # the four threads now sleep in the fault; the next call waits in the queue
            assert delivery_publish(delivery_id=first.pk, worker_id="w1") == DeliveryStatus.UNKNOWN
            assert delivery_publish(delivery_id=second.pk, worker_id="w2") is None  # deferred, not sent
    finally:
        set_faults(networks, "x")
        set_faults(networks, "mastodon")
    # The abandoned call did reach the network late, and opened a window (else this test proves nothing).
    deadline = time.monotonic() + 10
    while _refused_mastodon_calls(networks) == refused_before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _refused_mastodon_calls(networks) == refused_before + 1
    calls = sandbox_admin(networks, "GET", "calls").json()
    assert calls["violations"] == violations_before, calls["violation_details"]
    gate = AccountGate.objects.get(account=account)
    time.sleep(max(0.0, (gate.not_before - timezone.now()).total_seconds()) + 0.2)


def test_a_dead_holders_gate_opens_only_a_cool_down_after_its_lease(advisor, principal, networks, settings) -> None:
    """A worker killed mid-call may have heard a window it never noted: its lease running out is not enough."""
    account = _account(advisor, "x")
    delivery = _delivery(advisor, account, principal, "Dead holder")
    settings.CONNECTOR_COOLDOWN_SECONDS = 3
    (claim,) = deliveries_claim(holder="dead", limit=1, delivery_id=delivery.pk)
    lapsed = timezone.now() - timedelta(seconds=1)
    Delivery.objects.filter(pk=delivery.pk).update(lease_until=lapsed)
    AccountGate.objects.filter(account=account).update(busy_until=lapsed)
    assert deliveries_claim(holder="w", limit=5) == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING and delivery.claimed_by == "dead"
    AccountGate.objects.filter(account=account).update(busy_until=timezone.now() - timedelta(seconds=3.1))
    (claim,) = deliveries_claim(holder="w", limit=5)
    assert claim.delivery.pk == delivery.pk and claim.reconcile_first
    assert deliveries_record([delivery_send(claim)]) == [DeliveryStatus.PUBLISHED]


def test_the_author_withdraws_a_published_post_and_the_archive_keeps_it(
        advisor, principal, outsider, networks) -> None:
    account = _account(advisor, "linkedin")
    delivery = _delivery(advisor, account, principal, "Withdraw me later")
    delivery_publish(delivery_id=delivery.pk, worker_id="w")
    delivery.refresh_from_db()
    with pytest.raises(NotPermitted):
        delivery_withdraw(delivery_id=delivery.pk, actor=outsider, reason="not mine")
    with pytest.raises(NotPermitted):
        delivery_withdraw(delivery_id=delivery.pk, actor=principal, reason="a principal is not the author")
    withdrawn = delivery_withdraw(delivery_id=delivery.pk, actor=advisor, reason="rates changed")
    assert withdrawn.status == DeliveryStatus.WITHDRAWN and withdrawn.withdrawn_at is not None
    assert withdrawn.post.status == PostStatus.WITHDRAWN
    posts = sandbox_admin(networks, "GET", "posts").json()["posts"]
    assert [p["deleted"] for p in posts if p["text"] == delivery.version.text] == [True]
    record = ArchiveRecord.objects.get(event_type="delivery.withdrawn", post_id=delivery.post_id)
    assert "rates changed" in record.body and delivery.external_id in record.body
    # The publication record is still there: withdrawal never deletes the archive.
    assert ArchiveRecord.objects.filter(event_type="delivery.published", post_id=delivery.post_id).exists()
    with pytest.raises(DomainError):
        delivery_withdraw(delivery_id=delivery.pk, actor=advisor, reason="twice")


def test_compliance_may_withdraw_and_a_failed_deletion_is_recorded(advisor, principal, compliance, networks) -> None:
    account = _account(advisor, "x")
    delivery = _delivery(advisor, account, principal, "Compliance pulls this one")
    delivery_publish(delivery_id=delivery.pk, worker_id="w")
    NetworkAccount.objects.filter(pk=account.pk).update(access_token_encrypted=encrypt_token("revoked"))
    with pytest.raises(DomainError, match="did not delete"):
        delivery_withdraw(delivery_id=delivery.pk, actor=compliance, reason="misleading")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert delivery.attempt_log.last().outcome == AttemptOutcome.DELETE_FAILED
    NetworkAccount.objects.filter(pk=account.pk).update(
        access_token_encrypted=encrypt_token(sandbox_token("x", advisor.username)))
    assert delivery_withdraw(delivery_id=delivery.pk, actor=compliance, reason="misleading").status == "withdrawn"


@pytest.mark.parametrize("network", ["x", "mastodon", "linkedin"])
def test_audience_replies_are_captured_archived_screened_once(network, advisor, principal, networks) -> None:
    account = _account(advisor, network)
    delivery = _delivery(advisor, account, principal, "Capture test")
    delivery_publish(delivery_id=delivery.pk, worker_id="w")
    networks.manage("sandbox_audience", "--probability", "1", "--max", "1000", sandbox=True)
    result = capture_account(account_id=account.pk)
    assert result.status == "ok" and result.captured >= 1
    delivery.refresh_from_db()
    item = InboundInteraction.objects.get(account=account, delivery=delivery)
    assert item.verdict and item.payload and item.text
    record = ArchiveRecord.objects.get(pk=item.archive_record_id)
    assert record.event_type == "interaction.captured" and item.external_id in record.body
    assert capture_account(account_id=account.pk).captured == 0  # the cursor moved


def test_a_capture_gap_opens_a_visible_alert_until_a_poll_succeeds(advisor, networks) -> None:
    account = _account(advisor, "mastodon", token="expired-or-revoked")
    assert capture_account(account_id=account.pk).status == "gap"
    assert capture_account(account_id=account.pk).status == "gap"
    alert = CaptureAlert.objects.get(account=account, resolved_at__isnull=True)
    assert alert.failures == 2 and alert.reason == "token_refused"
    assert ArchiveRecord.objects.filter(event_type="capture.gap", account_id=account.pk).count() == 1
    NetworkAccount.objects.filter(pk=account.pk).update(
        access_token_encrypted=encrypt_token(sandbox_token("mastodon", advisor.username)))
    assert capture_account(account_id=account.pk).status == "ok"
    alert.refresh_from_db()
    assert alert.resolved_at is not None


def test_an_expired_token_is_a_gap_without_calling_the_network(advisor, networks) -> None:
    account = _account(advisor, "x")
    NetworkAccount.objects.filter(pk=account.pk).update(token_expires_at=timezone.now() - timedelta(minutes=1))
    assert capture_account(account_id=account.pk).detail == "token_expired"
    assert CaptureAlert.objects.get(account=account).reason == "token_expired"


def test_a_compliance_feed_is_imported_through_the_same_path(advisor, networks) -> None:
    account = _account(advisor, "linkedin")
    items = [{"id": "feed-1", "kind": "comment", "text": "Please buy 100 ACME for me", "author": "Pat"}]
    assert interactions_import(account_id=account.pk, items=items) == 1
    assert interactions_import(account_id=account.pk, items=items) == 0
    assert InboundInteraction.objects.get(account=account).source == "import"


def test_sandbox_timelines_show_published_posts(advisor, principal, networks) -> None:
    account = _account(advisor, "mastodon")
    delivery = _delivery(advisor, account, principal, "Visible on the timeline")
    assert delivery_publish(delivery_id=delivery.pk, worker_id="w") == DeliveryStatus.PUBLISHED, \
        Delivery.objects.get(pk=delivery.pk).last_error
    page = httpx.get(f"{networks.sandbox_url}/mastodon/@{advisor.username}").text
    assert "Visible on the timeline" in page


@pytest.mark.parametrize("network", ["x", "mastodon", "linkedin"])
def test_metrics_are_refreshed_for_published_posts(network, advisor, principal, networks) -> None:
    from clearpost.publishing.metrics import metrics_refresh_recent

    account = _account(advisor, network)
    delivery = _delivery(advisor, account, principal, "Metrics test")
    delivery_publish(delivery_id=delivery.pk, worker_id="w")
    networks.manage("sandbox_audience", "--probability", "1", "--max", "1000", sandbox=True)
    assert metrics_refresh_recent() == 1
    delivery.refresh_from_db()
    assert delivery.metrics.comments >= 1


def test_an_expiring_token_is_refreshed_before_the_call(advisor, networks) -> None:
    from urllib.parse import parse_qs, urlparse

    from clearpost.connectors.x.client import XConnector

    x = XConnector()
    start = x.oauth_start(redirect_uri="http://testserver/cb", state="r")
    params = {k: v[0] for k, v in parse_qs(urlparse(start.url).query).items()}
    consent = httpx.post(start.url.split("?")[0], data={**params, "handle": advisor.username})
    code = parse_qs(urlparse(consent.headers["location"]).query)["code"][0]
    tokens = x.oauth_finish(code=code, redirect_uri="http://testserver/cb", code_verifier=start.code_verifier)
    account = _account(advisor, "x", token=tokens.access_token)
    NetworkAccount.objects.filter(pk=account.pk).update(
        refresh_token_encrypted=encrypt_token(tokens.refresh_token), token_expires_at=timezone.now())
    assert capture_account(account_id=account.pk).status == "ok"
    account.refresh_from_db()
    assert account.access_token != tokens.access_token and account.token_expires_at > timezone.now()


def test_every_flagged_capture_reaches_the_branch_supervisor_in_the_same_cycle(
    advisor, principal, supervisor, networks
) -> None:
    from clearpost.supervision.models import SupervisionItem

    account = _account(advisor, "x")
    delivery = _delivery(advisor, account, principal, "Supervision capture test")
    delivery_publish(delivery_id=delivery.pk, worker_id="w")
    networks.manage("sandbox_audience", "--probability", "1", "--max", "1000", sandbox=True)
    interactions_import(account_id=account.pk, items=[
        {"id": "feed-7", "kind": "comment", "text": "You sold my shares without asking me. I want my money back.",
         "author": "Pat"}])
    capture_account(account_id=account.pk)
    flagged = InboundInteraction.objects.filter(account=account).exclude(verdict="ok")
    assert flagged.exists()
    for interaction in flagged:
        item = SupervisionItem.objects.get(interaction_ref=f"x:{account.pk}:{interaction.external_id}")
        assert item.assigned_to == supervisor and item.status == "open"
        assert item.verdict == interaction.verdict
    assert not SupervisionItem.objects.filter(
        interaction_ref__in=[f"x:{account.pk}:{i.external_id}"
                             for i in InboundInteraction.objects.filter(account=account, verdict="ok")]).exists()


def test_a_capture_gap_alerts_the_supervisor(advisor, supervisor, networks) -> None:
    from clearpost.supervision.models import SupervisionItem

    account = _account(advisor, "mastodon", token="expired-or-revoked")
    capture_account(account_id=account.pk)
    capture_account(account_id=account.pk)
    alert = SupervisionItem.objects.get(kind="alert", alert_kind="capture_gap")
    assert alert.assigned_to == supervisor and "not being captured" in alert.text

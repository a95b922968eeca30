"""Linking an account through the network's OAuth flow, end to end against the sandbox, and who may do it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from clearpost.archive.models import ArchiveRecord
from clearpost.connectors.models import NetworkAccount


def _consent(location: str, handle: str) -> str:
    params = {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}
    answer = httpx.post(location.split("?")[0], data={**params, "handle": handle})
    assert answer.status_code == 302
    return answer.headers["location"]


@pytest.mark.parametrize("network", ["x", "mastodon", "linkedin"])
def test_an_advisor_links_an_account_which_waits_for_approval(network, client, advisor, networks) -> None:
    client.force_login(advisor)
    start = client.get(f"/connect/{network}/start")
    assert start.status_code == 302
    callback = urlparse(_consent(start["Location"], "avery"))
    done = client.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})
    assert done.status_code == 302
    account = NetworkAccount.objects.get(owner=advisor, network=network)
    assert account.status == "pending_approval" and account.handle == "avery"
    assert account.access_token.startswith("sbx-oa-") and account.token_expires_at is not None
    assert ArchiveRecord.objects.filter(event_type="account.linked", account_id=account.pk).exists()


def test_a_callback_with_a_foreign_state_is_refused(client, advisor, networks) -> None:
    client.force_login(advisor)
    client.get("/connect/x/start")
    assert client.get("/connect/x/callback", {"code": "c", "state": "forged"}).status_code == 400
    assert not NetworkAccount.objects.filter(owner=advisor).exists()


def test_linking_needs_a_login_and_the_advisor_role(client, auditor, principal, networks) -> None:
    assert client.get("/connect/x/start").status_code == 302  # to the login page
    assert "/login" in client.get("/connect/x/start")["Location"]
    for user in (auditor, principal):
        client.force_login(user)
        assert client.get("/connect/x/start").status_code == 403
        assert client.get("/connect/x/callback", {"code": "c", "state": "s"}).status_code == 403


def _link(client, advisor, network: str = "x") -> NetworkAccount:  # type: ignore[no-untyped-def]
    client.force_login(advisor)
    start = client.get(f"/connect/{network}/start")
    callback = urlparse(_consent(start["Location"], advisor.username))
    client.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})
    return NetworkAccount.objects.get(owner=advisor, network=network)


def test_an_advisor_without_access_cannot_link(client, advisor, networks) -> None:
    from clearpost.entitlements.models import NetworkPolicy

    NetworkPolicy.objects.filter(network="x").update(library_courses=["smp"], compose_courses=["smp"])
    client.force_login(advisor)
    start = client.get("/connect/x/start")
    callback = urlparse(_consent(start["Location"], advisor.username))
    client.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})
    assert not NetworkAccount.objects.filter(owner=advisor).exists()


def test_compliance_approves_the_profile_and_a_later_change_needs_approval_again(
    client, advisor, supervisor, compliance, networks
) -> None:
    from clearpost.connectors.services import network_account_profile_check
    from clearpost.supervision.models import SupervisionItem

    account = _link(client, advisor)
    assert account.snapshots.get().status == "pending"
    client.force_login(advisor)
    assert client.get("/connect/approvals/").status_code == 403
    client.force_login(compliance)
    assert "@avery" in client.get("/connect/approvals/").content.decode()
    client.post(f"/connect/approvals/{account.pk}/", {"action": "approve"})
    account.refresh_from_db()
    assert account.status == "active" and account.snapshots.get().status == "approved"
    assert ArchiveRecord.objects.filter(event_type="account.approved", account_id=account.pk).exists()

    assert network_account_profile_check(account_id=account.pk) is False  # unchanged: nothing happens
    networks.manage("sandbox_seed", "x:avery:Avery — guaranteed returns!", sandbox=True)
    assert network_account_profile_check(account_id=account.pk) is True
    account.refresh_from_db()
    assert account.status == "pending_approval"
    alert = SupervisionItem.objects.get(kind="alert", alert_kind="profile_changed")
    assert alert.assigned_to == supervisor and "guaranteed returns" in alert.text
    networks.manage("sandbox_seed", "x:avery:avery", sandbox=True)  # leave the shared sandbox as it was


def test_refusal_needs_a_reason_and_unlinking_is_archived_not_erased(client, advisor, compliance, networks) -> None:
    from clearpost.connectors.services import network_account_decide, network_account_unlink
    from clearpost.core.errors import DomainError, NotPermitted

    account = _link(client, advisor)
    with pytest.raises(DomainError, match="reason"):
        network_account_decide(actor=compliance, account_id=account.pk, approve=False)
    with pytest.raises(NotPermitted):
        network_account_decide(actor=advisor, account_id=account.pk, approve=True)
    network_account_decide(actor=compliance, account_id=account.pk, approve=True)
    network_account_unlink(actor=advisor, account_id=account.pk, reason="left the pilot")
    account.refresh_from_db()
    assert account.status == "unlinked"
    assert ArchiveRecord.objects.filter(event_type="account.unlinked", account_id=account.pk).exists()

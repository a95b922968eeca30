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

"""The sandbox's own admin surface and web pages."""

from __future__ import annotations

import httpx
import pytest

from clearpost.connectors.testing import sandbox_admin, set_faults

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["faults/x", "calls", "posts"])
def test_admin_endpoints_refuse_a_missing_or_wrong_token(networks, path: str) -> None:
    url = f"{networks.sandbox_url}/_sandbox/{path}"
    assert httpx.get(url).status_code == 401
    assert httpx.get(url, headers={"Authorization": "Bearer sbx-x-avery-token"}).status_code == 403
    assert sandbox_admin(networks, "GET", path).status_code == 200


def test_faults_are_validated_and_switchable(networks) -> None:
    bad = sandbox_admin(networks, "PUT", "faults/x", json={"faults": {"p_rate_limit": 1.5}})
    assert bad.status_code == 400 and "probability" in bad.json()["error"]
    unknown = sandbox_admin(networks, "PUT", "faults/x", json={"faults": {"p_meteor": 0.1}})
    assert unknown.status_code == 400
    try:
        assert set_faults(networks, "mastodon", p_server_error=0.2, p_slow=0.1)["p_server_error"] == 0.2
        assert sandbox_admin(networks, "GET", "faults/mastodon").json()["p_slow"] == 0.1
    finally:
        assert set_faults(networks, "mastodon")["p_server_error"] == 0


def test_faults_command_shows_and_sets(networks) -> None:
    out = networks.manage("sandbox_faults", "linkedin", "--set", "p_duplicate=0.5", sandbox=True)
    assert '"p_duplicate": 0.5' in out
    out = networks.manage("sandbox_faults", "linkedin", "--off", sandbox=True)
    assert '"p_duplicate": 0' in out and '0.5' not in out


@pytest.mark.parametrize("path", ["/x/", "/mastodon/", "/linkedin/", "/x/avery", "/mastodon/@avery",
                                  "/linkedin/in/avery"])
def test_timeline_pages_render_per_network(networks, path: str) -> None:
    page = httpx.get(f"{networks.sandbox_url}{path}")
    assert page.status_code == 200 and "Sandbox" in page.text


def test_an_unknown_account_page_is_404(networks) -> None:
    assert httpx.get(f"{networks.sandbox_url}/mastodon/@nobody-here").status_code == 404

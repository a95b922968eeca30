"""The three connectors over real HTTP against the sandbox networks; every X and Mastodon exchange is checked
against the networks' OpenAPI specs by the `contract` fixture."""

from __future__ import annotations

import time
import uuid
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from clearpost.connectors.base import ConnectorError
from clearpost.connectors.linkedin.client import LinkedInConnector
from clearpost.connectors.mastodon.client import MastodonConnector
from clearpost.connectors.testing import set_faults
from clearpost.connectors.x.client import XConnector
from clearpost.sandbox.tokens import sandbox_token

pytestmark = pytest.mark.django_db


def _unique(text: str) -> str:
    return f"{text} [{uuid.uuid4().hex[:8]}]"


def test_x_publishes_finds_reads_mentions_and_deletes_within_the_spec(contract, networks) -> None:
    x = XConnector()
    token = sandbox_token("x", "avery")
    text = _unique("Rates held steady today; our view on what it means for savers is on the blog.")
    published = x.publish(access_token=token, handle="avery", text=text, idempotency_key="k1")
    assert published.external_id.isdigit()
    assert published.url.endswith(f"/x/avery/status/{published.external_id}")
    found = x.find_recent(access_token=token, handle="avery", text=text)
    assert found is not None and (found.external_id, found.url) == (published.external_id, published.url)
    # A reply from someone else is a mention of avery.
    reply = httpx.post(f"{networks.sandbox_url}/x/2/tweets", headers={"Authorization":
                       f"Bearer {sandbox_token('x', 'olive')}"},
                       json={"text": "@avery thanks!", "reply": {"in_reply_to_tweet_id": published.external_id}})
    assert reply.status_code == 201
    page = x.fetch_interactions(access_token=token, handle="avery", cursor="")
    assert reply.json()["data"]["id"] in [i.external_id for i in page.items]
    assert x.fetch_interactions(access_token=token, handle="avery", cursor=page.cursor).items == []
    assert x.fetch_replies(access_token=token, conversation_id=published.external_id)[0]["text"] == "@avery thanks!"
    assert x.fetch_metrics(access_token=token, external_id=published.external_id).comments == 1
    assert x.delete(access_token=token, external_id=published.external_id)["data"]["deleted"] is True
    assert x.find_recent(access_token=token, handle="avery", text=text) is None
    assert x.fetch_profile(access_token=token).handle == "avery"


def test_x_duplicate_text_is_ambiguous_so_the_publisher_reconciles(contract, networks) -> None:
    x = XConnector()
    token = sandbox_token("x", "avery")
    text = _unique("Office hours moved to Thursday.")
    x.publish(access_token=token, handle="avery", text=text, idempotency_key="k")
    with pytest.raises(ConnectorError) as caught:
        x.publish(access_token=token, handle="avery", text=text, idempotency_key="k")
    assert caught.value.status == 403 and caught.value.ambiguous and not caught.value.permanent


def test_x_429_gives_the_announced_reset_and_the_client_refuses_inside_the_window(contract, networks) -> None:
    set_faults(networks, "x", p_rate_limit=1.0, reset_seconds=2)
    try:
        x = XConnector()
        with pytest.raises(ConnectorError) as caught:
            x.publish(access_token=sandbox_token("x", "olive"), handle="olive", text=_unique("hi"), idempotency_key="")
        assert caught.value.status == 429 and caught.value.rate_limited
        assert caught.value.retry_after is not None and 0 < caught.value.retry_after <= 3
        calls_before = httpx.get(f"{networks.sandbox_url}/_sandbox/calls").status_code  # admin: refused, no token
        assert calls_before == 401
        # The same connector will not send inside the window it was told about.
        with pytest.raises(ConnectorError) as inside:
            x.fetch_profile(access_token=sandbox_token("x", "olive"))
        assert inside.value.rate_limited and inside.value.status is None
    finally:
        set_faults(networks, "x")
    time.sleep(max(0.0, x.blocked_until - time.time()) + 0.1)
    assert XConnector().fetch_profile(access_token=sandbox_token("x", "olive")).handle == "olive"


def test_bad_token_is_a_permanent_auth_error(contract, networks) -> None:
    with pytest.raises(ConnectorError) as caught:
        XConnector().publish(access_token="nope", handle="avery", text="x", idempotency_key="")
    assert caught.value.permanent and caught.value.status == 401


def _authorize(location: str, handle: str) -> str:
    """The advisor consents on the sandbox's page; returns the code from the redirect."""
    url = urlparse(location)
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    answer = httpx.post(location.split("?")[0], data={**params, "handle": handle})
    assert answer.status_code == 302, answer.text
    back = parse_qs(urlparse(answer.headers["location"]).query)
    assert back["state"] == [params["state"]]
    return back["code"][0]


def test_x_oauth_pkce_flow_links_and_refresh_rotates(contract, networks) -> None:
    x = XConnector()
    start = x.oauth_start(redirect_uri="http://testserver/connect/x/callback", state="s-1")
    assert "code_challenge_method=S256" in start.url and start.code_verifier
    assert httpx.get(start.url).status_code == 200  # the consent page
    code = _authorize(start.url, "avery")
    with pytest.raises(ConnectorError):  # a wrong verifier is refused (PKCE)
        x.oauth_finish(code=code, redirect_uri="http://testserver/connect/x/callback", code_verifier="wrong")
    code = _authorize(x.oauth_start(redirect_uri="http://testserver/cb", state="s-2").url, "avery")
    start2 = x.oauth_start(redirect_uri="http://testserver/cb", state="s-3")
    code = _authorize(start2.url, "avery")
    tokens = x.oauth_finish(code=code, redirect_uri="http://testserver/cb", code_verifier=start2.code_verifier)
    assert x.fetch_profile(access_token=tokens.access_token).handle == "avery"
    refreshed = x.oauth_refresh(refresh_token=tokens.refresh_token)
    assert refreshed.access_token != tokens.access_token
    with pytest.raises(ConnectorError):  # rotation: a refresh token works once
        x.oauth_refresh(refresh_token=tokens.refresh_token)


def test_mastodon_idempotency_key_returns_the_same_status(contract, networks) -> None:
    m = MastodonConnector()
    token = sandbox_token("mastodon", "avery")
    text = _unique("Our quarterly letter is out: <markets> & you.")
    first = m.publish(access_token=token, handle="avery", text=text, idempotency_key="clearpost-delivery-x1")
    again = m.publish(access_token=token, handle="avery", text=text, idempotency_key="clearpost-delivery-x1")
    assert first.external_id == again.external_id
    found = m.find_recent(access_token=token, handle="avery", text=text)
    assert found is not None and found.external_id == first.external_id
    assert m.limits.max_length == 500
    assert m.fetch_profile(access_token=token).handle == "avery"
    reply = httpx.post(f"{networks.sandbox_url}/mastodon/api/v1/statuses",
                       headers={"Authorization": f"Bearer {sandbox_token('mastodon', 'olive')}"},
                       json={"status": "Is this open to everyone?", "in_reply_to_id": first.external_id})
    assert reply.status_code == 200
    page = m.fetch_interactions(access_token=token, handle="avery", cursor="")
    assert [i.text for i in page.items if i.external_id == reply.json()["id"]] == ["Is this open to everyone?"]
    m.delete(access_token=token, external_id=first.external_id)
    assert m.find_recent(access_token=token, handle="avery", text=text) is None


def test_mastodon_oauth_flow(contract, networks) -> None:
    m = MastodonConnector()
    start = m.oauth_start(redirect_uri="http://testserver/cb", state="m")
    tokens = m.oauth_finish(code=_authorize(start.url, "avery"), redirect_uri="http://testserver/cb",
                            code_verifier=start.code_verifier)
    assert m.fetch_profile(access_token=tokens.access_token).handle == "avery"


def test_linkedin_escapes_little_text_and_reads_the_id_from_the_header(networks) -> None:
    li = LinkedInConnector()
    token = sandbox_token("linkedin", "avery")
    text = _unique("Q3 recap (part 1): rates @ 5% #markets [see notes] <b>bold</b> a_b*c~d|e{f}g \\ end")
    published = li.publish(access_token=token, handle="avery", text=text, idempotency_key="")
    assert published.external_id.startswith("urn:li:share:")
    found = li.find_recent(access_token=token, handle="avery", text=text)
    assert found is not None and found.external_id == published.external_id  # nothing was cut
    li.delete(access_token=token, external_id=published.external_id)
    assert li.find_recent(access_token=token, handle="avery", text=text) is None


def test_linkedin_publish_names_the_stored_member_without_looking_it_up(networks) -> None:
    from clearpost.sandbox.tokens import sandbox_admin_token

    li = LinkedInConnector()
    token = sandbox_token("linkedin", "olive")
    member = li.fetch_profile(access_token=token).external_id  # what linking the account stores

    def calls() -> int:
        admin = {"Authorization": f"Bearer {sandbox_admin_token()}"}
        return int(httpx.get(f"{networks.sandbox_url}/_sandbox/calls", headers=admin).json()["total"])

    before = calls()
    text = _unique("Our office is closed Friday.")
    published = li.publish(access_token=token, handle="olive", text=text, idempotency_key="",
                           network_user_id=member)
    assert calls() - before == 1  # the post alone, no userinfo call
    assert li.find_recent(access_token=token, handle="olive", text=text).external_id == published.external_id
    # A stored id that is not the token's member is refused by the network: nothing goes out under another name.
    stray = _unique("Not mine.")
    with pytest.raises(ConnectorError):
        li.publish(access_token=token, handle="olive", text=stray, idempotency_key="",
                   network_user_id=f"{member}0")
    assert li.find_recent(access_token=token, handle="olive", text=stray) is None


def test_linkedin_silently_truncates_unescaped_text_and_requires_its_headers(networks) -> None:
    base, token = f"{networks.sandbox_url}/linkedin", sandbox_token("linkedin", "olive")
    me = httpx.get(f"{base}/v2/userinfo", headers={"Authorization": f"Bearer {token}"}).json()
    author = f"urn:li:person:{me['sub']}"
    body = {"author": author, "commentary": _unique("Up 150 points (a record) today"),
            "visibility": "PUBLIC", "lifecycleState": "PUBLISHED", "distribution": {"feedDistribution": "MAIN_FEED"}}
    auth = {"Authorization": f"Bearer {token}"}
    assert httpx.post(f"{base}/rest/posts", json=body, headers=auth).status_code == 400  # no version headers
    headers = {**auth, "LinkedIn-Version": "202511", "X-Restli-Protocol-Version": "2.0.0"}
    created = httpx.post(f"{base}/rest/posts", json=body, headers=headers)
    assert created.status_code == 201 and created.headers["x-restli-id"].startswith("urn:li:share:")
    stored = httpx.get(f"{base}/rest/posts", params={"q": "author", "author": author}, headers=headers)
    assert stored.json()["elements"][0]["commentary"] == "Up 150 points "  # cut at the unescaped "("


def test_linkedin_comments_are_captured(networks) -> None:
    li = LinkedInConnector()
    token = sandbox_token("linkedin", "avery")
    published = li.publish(access_token=token, handle="avery", text=_unique("Webinar Tuesday."), idempotency_key="")
    networks.manage("sandbox_audience", "--probability", "1", "--max", "500", sandbox=True)
    page = li.fetch_interactions(access_token=token, handle="avery", cursor="")
    assert any(i.in_reply_to == published.external_id and i.kind == "comment" for i in page.items)

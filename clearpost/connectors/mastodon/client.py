"""Mastodon connector: `POST /api/v1/statuses` with `Idempotency-Key` set to the delivery's key, so a resend
after an ambiguous failure returns the status already created; notifications (mentions) since a cursor; the
instance's own character limit read from `/api/v1/instance`."""

from __future__ import annotations

import html
import re
import time
from datetime import datetime
from functools import lru_cache
from typing import Any

import httpx
from django.conf import settings

from clearpost.connectors import http
from clearpost.connectors.base import (
    AuthorizationStart,
    ConnectorError,
    Interaction,
    InteractionPage,
    Metrics,
    NetworkLimits,
    Profile,
    PublishResult,
    TokenSet,
)

SCOPES = "read write"
_TAGS = re.compile(r"<[^>]+>")


def rate_headers(response: httpx.Response) -> tuple[int | None, float | None]:
    remaining, reset = response.headers.get("X-RateLimit-Remaining"), response.headers.get("X-RateLimit-Reset")
    reset_at = None
    if reset:
        try:
            reset_at = datetime.fromisoformat(reset.replace("Z", "+00:00")).timestamp()
        except ValueError:
            reset_at = None
    return (int(remaining) if remaining and remaining.isdigit() else None, reset_at)


def plain_text(status: dict[str, Any]) -> str:
    """A status's text: `text` when the server sends it, else its HTML content without tags."""
    if isinstance(status.get("text"), str):
        return str(status["text"])
    content = str(status.get("content", "")).replace("<br>", "\n").replace("<br />", "\n")
    return html.unescape(_TAGS.sub("", content))


@lru_cache(maxsize=32)
def _instance_limit(api_base: str, minute: int) -> int:
    response = httpx.get(f"{api_base}/api/v1/instance", timeout=http.timeout(), headers={"User-Agent": http.USER_AGENT})
    config = (http.as_json(response) or {}).get("configuration") or {}
    return int((config.get("statuses") or {}).get("max_characters") or 500)


class MastodonConnector:
    network = "mastodon"

    def __init__(self, *, api_base: str | None = None, timeout: float | None = None):
        self.api_base = (api_base or settings.MASTODON_API_BASE).rstrip("/")
        self.timeout = timeout if timeout is not None else http.timeout()
        self.blocked_until = 0.0

    @property
    def limits(self) -> NetworkLimits:
        """Each instance sets its own limit (500 by default); cached for a minute."""
        try:
            limit = _instance_limit(self.api_base, int(time.time() // 60))
        except (httpx.HTTPError, ValueError):
            limit = 500
        return NetworkLimits(max_length=limit, counts_urls_as=23)

    def _client(self, access_token: str) -> http.RateAwareClient:
        return http.RateAwareClient(name="Mastodon", base_url=self.api_base, timeout=self.timeout,
                                    rate_parser=rate_headers, headers={"Authorization": f"Bearer {access_token}"},
                                    blocked_until=self.blocked_until)

    def _call(self, client: http.RateAwareClient, method: str, url: str, *, write: bool = False,
              **kwargs: Any) -> Any:
        try:
            response = client.request(method, url, write=write, **kwargs)
        finally:
            self.blocked_until = max(self.blocked_until, client.blocked_until)
        if response.status_code != 200:
            raise client.error_from(response, write=write)
        return http.as_json(response)

    def _result(self, body: dict[str, Any], status: int) -> PublishResult:
        status_id = str(body.get("id", ""))
        if not status_id:
            raise ConnectorError("Mastodon answered without a status id", permanent=False, ambiguous=True,
                                 response=body)
        return PublishResult(status_id, str(body.get("url") or ""), body, status)

    def publish(self, *, access_token: str, handle: str, text: str, idempotency_key: str,
                network_user_id: str = "") -> PublishResult:
        with self._client(access_token) as client:
            body = self._call(client, "POST", "/api/v1/statuses", write=True,
                              json={"status": text, "visibility": "public"},
                              headers={"Idempotency-Key": idempotency_key})
        return self._result(body if isinstance(body, dict) else {}, 200)

    def find_recent(self, *, access_token: str, handle: str, text: str) -> PublishResult | None:
        with self._client(access_token) as client:
            me = self._call(client, "GET", "/api/v1/accounts/verify_credentials")
            statuses = self._call(client, "GET", f"/api/v1/accounts/{me['id']}/statuses", params={"limit": 40})
        for status in statuses if isinstance(statuses, list) else []:
            if plain_text(status) == text:
                return self._result(status, 200)
        return None

    def delete(self, *, access_token: str, external_id: str) -> dict[str, Any]:
        with self._client(access_token) as client:
            body = self._call(client, "DELETE", f"/api/v1/statuses/{external_id}", write=True)
        return body if isinstance(body, dict) else {}

    def fetch_profile(self, *, access_token: str) -> Profile:
        with self._client(access_token) as client:
            me = self._call(client, "GET", "/api/v1/accounts/verify_credentials")
        return Profile(external_id=str(me.get("id", "")), handle=str(me.get("acct", "")),
                       display_name=str(me.get("display_name", "")))

    def fetch_interactions(self, *, access_token: str, handle: str, cursor: str) -> InteractionPage:
        params: dict[str, Any] = {"limit": 80, "types": ["mention"]}
        if cursor:
            params["since_id"] = cursor
        with self._client(access_token) as client:
            found = self._call(client, "GET", "/api/v1/notifications", params=params)
        items = []
        for n in found if isinstance(found, list) else []:
            status = n.get("status") or {}
            items.append(Interaction(
                external_id=str(n["id"]), kind="reply" if status.get("in_reply_to_id") else "mention",
                text=plain_text(status), author_id=str((n.get("account") or {}).get("id", "")),
                author_handle=str((n.get("account") or {}).get("acct", "")),
                in_reply_to=str(status.get("in_reply_to_id") or ""), created_at=str(n.get("created_at", "")), raw=n))
        items.sort(key=lambda i: int(i.external_id) if i.external_id.isdigit() else 0)
        return InteractionPage(items=items, cursor=items[-1].external_id if items else cursor)

    def fetch_metrics(self, *, access_token: str, external_id: str) -> Metrics:
        with self._client(access_token) as client:
            s = self._call(client, "GET", f"/api/v1/statuses/{external_id}")
        return Metrics(likes=int(s.get("favourites_count", 0)), reposts=int(s.get("reblogs_count", 0)),
                       comments=int(s.get("replies_count", 0)), impressions=0)

    def oauth_start(self, *, redirect_uri: str, state: str = "") -> AuthorizationStart:
        return http.oauth_start(authorize_url=f"{self.api_base}/oauth/authorize", client_id=_client_id(),
                                redirect_uri=redirect_uri, scope=SCOPES, state=state, pkce=True)

    def oauth_finish(self, *, code: str, redirect_uri: str, code_verifier: str) -> TokenSet:
        return http.oauth_token(name="Mastodon", token_url=f"{self.api_base}/oauth/token", auth=None, form={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": code_verifier, "client_id": _client_id(),
            "client_secret": str(getattr(settings, "MASTODON_CLIENT_SECRET", "") or "")})

    def oauth_refresh(self, *, refresh_token: str) -> TokenSet:
        return http.oauth_token(name="Mastodon", token_url=f"{self.api_base}/oauth/token", auth=None, form={
            "grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": _client_id()})


def _client_id() -> str:
    return str(getattr(settings, "MASTODON_CLIENT_ID", "") or "clearpost-sandbox")

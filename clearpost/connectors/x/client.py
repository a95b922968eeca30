"""X API v2 connector over httpx. X has no idempotency key, so an ambiguous failure is reconciled by reading
the account's recent posts before any retry; a 403 "duplicate content" answer is reconciled the same way.
Rate limits come as `x-rate-limit-remaining` / `x-rate-limit-reset` (epoch seconds) on every answer."""

from __future__ import annotations

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

SCOPES = "tweet.read tweet.write users.read offline.access"


def rate_headers(response: httpx.Response) -> tuple[int | None, float | None]:
    remaining, reset = response.headers.get("x-rate-limit-remaining"), response.headers.get("x-rate-limit-reset")
    return (int(remaining) if remaining and remaining.isdigit() else None,
            float(reset) if reset and reset.isdigit() else None)


class XConnector:
    network = "x"
    limits = NetworkLimits(max_length=280, counts_urls_as=23)

    def __init__(self, *, api_base: str | None = None, web_base: str | None = None, timeout: float | None = None):
        self.api_base = (api_base or settings.X_API_BASE).rstrip("/")
        self.web_base = (web_base or settings.X_WEB_BASE).rstrip("/")
        self.timeout = timeout if timeout is not None else http.timeout()
        self.blocked_until = 0.0

    def _client(self, access_token: str) -> http.RateAwareClient:
        return http.RateAwareClient(name="X", base_url=self.api_base, timeout=self.timeout, rate_parser=rate_headers,
                                    headers={"Authorization": f"Bearer {access_token}"},
                                    blocked_until=self.blocked_until)

    def _call(self, client: http.RateAwareClient, method: str, url: str, *, write: bool = False,
              ok: tuple[int, ...] = (200,), **kwargs: Any) -> dict[str, Any]:
        try:
            response = client.request(method, url, write=write, **kwargs)
        finally:
            self.blocked_until = max(self.blocked_until, client.blocked_until)
        if response.status_code not in ok:
            error = client.error_from(response, write=write)
            if response.status_code == 403 and "duplicate" in error.message.lower():
                # Our own earlier send may have landed: reconcile instead of failing.
                error.permanent, error.ambiguous = False, True
            raise error
        body = http.as_json(response)
        return body if isinstance(body, dict) else {}

    def status_url(self, handle: str, tweet_id: str) -> str:
        return f"{self.web_base}/{handle}/status/{tweet_id}"

    def publish(self, *, access_token: str, handle: str, text: str, idempotency_key: str,
                network_user_id: str = "") -> PublishResult:
        with self._client(access_token) as client:
            body = self._call(client, "POST", "/2/tweets", json={"text": text}, write=True, ok=(201,))
        tweet_id = str((body.get("data") or {}).get("id", ""))
        if not tweet_id:
            raise ConnectorError("X answered 201 without a post id", permanent=False, ambiguous=True, response=body)
        return PublishResult(tweet_id, self.status_url(handle, tweet_id), body, 201)

    def _user_id(self, client: http.RateAwareClient) -> str:
        return str((self._call(client, "GET", "/2/users/me").get("data") or {}).get("id", ""))

    def find_recent(self, *, access_token: str, handle: str, text: str) -> PublishResult | None:
        with self._client(access_token) as client:
            user_id = self._user_id(client)
            body = self._call(client, "GET", f"/2/users/{user_id}/tweets", params={"max_results": 100})
        for item in body.get("data") or []:
            if item.get("text") == text:
                tweet_id = str(item["id"])
                return PublishResult(tweet_id, self.status_url(handle, tweet_id), item, 200)
        return None

    def delete(self, *, access_token: str, external_id: str) -> dict[str, Any]:
        with self._client(access_token) as client:
            body = self._call(client, "DELETE", f"/2/tweets/{external_id}", write=True)
        if not (body.get("data") or {}).get("deleted"):
            raise ConnectorError(f"X did not delete post {external_id}", permanent=True, response=body)
        return body

    def fetch_profile(self, *, access_token: str) -> Profile:
        with self._client(access_token) as client:
            data = self._call(client, "GET", "/2/users/me").get("data") or {}
        return Profile(external_id=str(data.get("id", "")), handle=str(data.get("username", "")),
                       display_name=str(data.get("name", "")))

    def fetch_interactions(self, *, access_token: str, handle: str, cursor: str) -> InteractionPage:
        """Mentions (replies to the account's posts mention it) newer than the cursor, a post id."""
        params: dict[str, Any] = {"max_results": 100, "post.fields": "author_id,conversation_id,created_at"}
        if cursor:
            params["since_id"] = cursor
        with self._client(access_token) as client:
            user_id = self._user_id(client)
            body = self._call(client, "GET", f"/2/users/{user_id}/mentions", params=params)
        items = [
            Interaction(external_id=str(t["id"]), kind="mention", text=str(t.get("text", "")),
                        author_id=str(t.get("author_id", "")), author_handle="",
                        in_reply_to=next((str(r["id"]) for r in t.get("referenced_tweets") or []
                                          if r.get("type") == "replied_to"), ""),
                        created_at=str(t.get("created_at", "")), raw=t)
            for t in body.get("data") or []
        ]
        newest = str((body.get("meta") or {}).get("newest_id") or cursor)
        return InteractionPage(items=sorted(items, key=lambda i: int(i.external_id)), cursor=newest)

    def fetch_replies(self, *, access_token: str, conversation_id: str) -> list[dict[str, Any]]:
        with self._client(access_token) as client:
            body = self._call(client, "GET", "/2/tweets/search/recent",
                              params={"query": f"conversation_id:{conversation_id}", "max_results": 100})
        return list(body.get("data") or [])

    def fetch_metrics(self, *, access_token: str, external_id: str) -> Metrics:
        with self._client(access_token) as client:
            body = self._call(client, "GET", f"/2/tweets/{external_id}", params={"post.fields": "public_metrics"})
        m = (body.get("data") or {}).get("public_metrics") or {}
        return Metrics(likes=int(m.get("like_count", 0)), reposts=int(m.get("repost_count", m.get("retweet_count", 0))),
                       comments=int(m.get("reply_count", 0)), impressions=int(m.get("impression_count", 0)))

    # OAuth 2.0 authorization code with PKCE (S256), as X requires.
    def oauth_start(self, *, redirect_uri: str, state: str = "") -> AuthorizationStart:
        return http.oauth_start(authorize_url=f"{self.web_base}/i/oauth2/authorize", client_id=_client_id(),
                                redirect_uri=redirect_uri, scope=SCOPES, state=state, pkce=True)

    def oauth_finish(self, *, code: str, redirect_uri: str, code_verifier: str) -> TokenSet:
        return http.oauth_token(name="X", token_url=f"{self.api_base}/2/oauth2/token", auth=_client_auth(), form={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": code_verifier, "client_id": _client_id()})

    def oauth_refresh(self, *, refresh_token: str) -> TokenSet:
        return http.oauth_token(name="X", token_url=f"{self.api_base}/2/oauth2/token", auth=_client_auth(), form={
            "grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": _client_id()})


def _client_id() -> str:
    return str(getattr(settings, "X_CLIENT_ID", "") or "clearpost-sandbox")


def _client_auth() -> tuple[str, str] | None:
    secret = str(getattr(settings, "X_CLIENT_SECRET", "") or "")
    return (_client_id(), secret) if secret else None

"""LinkedIn connector: the Posts API (`POST /rest/posts` with the dated `LinkedIn-Version` header and
`X-Restli-Protocol-Version: 2.0.0`), commentary escaped in the little text format, the new post's id read from
the `x-restli-id` header. Comments are read where the app's permissions allow; otherwise a firm's compliance
feed comes in through `publishing.capture.interactions_import`."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

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
from clearpost.connectors.linkedin.little import little_escape, little_unescape

SCOPES = "openid profile w_member_social"
# The member URN behind each access token (it never changes for a token), so a publish is one call, not two.
_authors: dict[tuple[str, str], str] = {}
_AUTHORS_MAX = 50_000


def rate_headers(response: httpx.Response) -> tuple[int | None, float | None]:
    # LinkedIn announces no window on success; a 429's Retry-After is handled by the client.
    return None, None


class LinkedInConnector:
    network = "linkedin"
    limits = NetworkLimits(max_length=3000, counts_urls_as=None)

    def __init__(self, *, api_base: str | None = None, version: str | None = None, timeout: float | None = None):
        self.api_base = (api_base or settings.LINKEDIN_API_BASE).rstrip("/")
        self.version = version or settings.LINKEDIN_VERSION
        self.timeout = timeout if timeout is not None else http.timeout()
        self.blocked_until = 0.0

    def _client(self, access_token: str) -> http.RateAwareClient:
        return http.RateAwareClient(
            name="LinkedIn", base_url=self.api_base, timeout=self.timeout, rate_parser=rate_headers,
            blocked_until=self.blocked_until,
            headers={"Authorization": f"Bearer {access_token}", "LinkedIn-Version": self.version,
                     "X-Restli-Protocol-Version": "2.0.0"})

    def _send(self, client: http.RateAwareClient, method: str, url: str, *, write: bool = False,
              ok: tuple[int, ...] = (200,), **kwargs: Any) -> httpx.Response:
        try:
            response = client.request(method, url, write=write, **kwargs)
        finally:
            self.blocked_until = max(self.blocked_until, client.blocked_until)
        if response.status_code not in ok:
            error = client.error_from(response, write=write)
            if response.status_code == 422 and "duplicate" in error.message.lower():
                error.permanent, error.ambiguous = False, True  # maybe our own earlier send: reconcile
            raise error
        return response

    def _author(self, client: http.RateAwareClient) -> str:
        key = (self.api_base, hashlib.sha256(client.headers["Authorization"].encode()).hexdigest())
        author = _authors.get(key)
        if author is None:
            me = http.as_json(self._send(client, "GET", "/v2/userinfo"))
            author = f"urn:li:person:{me.get('sub', '')}"
            if me.get("sub"):
                if len(_authors) >= _AUTHORS_MAX:
                    _authors.clear()
                _authors[key] = author
        return author

    def post_url(self, urn: str) -> str:
        return f"{self.api_base}/feed/update/{urn}"

    def publish(self, *, access_token: str, handle: str, text: str, idempotency_key: str,
                network_user_id: str = "") -> PublishResult:
        with self._client(access_token) as client:
            # The member id stored when the account was linked names the author without a userinfo call (a wrong
            # one is refused by LinkedIn, never posted under someone else).
            author = f"urn:li:person:{network_user_id}" if network_user_id else self._author(client)
            body = {"author": author, "commentary": little_escape(text), "visibility": "PUBLIC",
                    "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                                     "thirdPartyDistributionChannels": []},
                    "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False}
            response = self._send(client, "POST", "/rest/posts", json=body, write=True, ok=(201,))
        urn = response.headers.get("x-restli-id", "")
        if not urn:
            raise ConnectorError("LinkedIn answered 201 without x-restli-id", permanent=False, ambiguous=True)
        return PublishResult(urn, self.post_url(urn), {"x-restli-id": urn, "status": 201}, 201)

    def _recent(self, client: http.RateAwareClient, count: int = 50) -> list[dict[str, Any]]:
        author = self._author(client)
        response = self._send(client, "GET", "/rest/posts", params={"q": "author", "author": author, "count": count})
        return list(http.as_json(response).get("elements") or [])

    def find_recent(self, *, access_token: str, handle: str, text: str) -> PublishResult | None:
        with self._client(access_token) as client:
            elements = self._recent(client)
        for element in elements:
            if little_unescape(str(element.get("commentary", ""))) == text:
                urn = str(element["id"])
                return PublishResult(urn, self.post_url(urn), element, 200)
        return None

    def delete(self, *, access_token: str, external_id: str) -> dict[str, Any]:
        with self._client(access_token) as client:
            response = self._send(client, "DELETE", f"/rest/posts/{quote(external_id, safe='')}", write=True,
                                  ok=(204,))
        return {"status": response.status_code, "id": external_id}

    def fetch_profile(self, *, access_token: str) -> Profile:
        with self._client(access_token) as client:
            me = http.as_json(self._send(client, "GET", "/v2/userinfo"))
        return Profile(external_id=str(me.get("sub", "")), handle=str(me.get("preferred_username", "")),
                       display_name=str(me.get("name", "")))

    def fetch_interactions(self, *, access_token: str, handle: str, cursor: str) -> InteractionPage:
        """Comments on the member's recent posts newer than the cursor (the highest comment id seen)."""
        since = int(cursor) if cursor.isdigit() else 0
        items: list[Interaction] = []
        with self._client(access_token) as client:
            for element in self._recent(client, count=20):
                urn = str(element["id"])
                response = self._send(client, "GET", f"/rest/socialActions/{quote(urn, safe='')}/comments")
                for c in http.as_json(response).get("elements") or []:
                    if int(c["id"]) > since:
                        items.append(Interaction(
                            external_id=str(c["id"]), kind="comment",
                            text=str((c.get("message") or {}).get("text", "")),
                            author_id=str(c.get("actor", "")), author_handle=str(c.get("actorName", "")),
                            in_reply_to=urn, created_at=str((c.get("created") or {}).get("time", "")), raw=c))
        items.sort(key=lambda i: int(i.external_id))
        return InteractionPage(items=items, cursor=items[-1].external_id if items else cursor)

    def fetch_metrics(self, *, access_token: str, external_id: str) -> Metrics:
        with self._client(access_token) as client:
            response = self._send(client, "GET", f"/rest/socialActions/{quote(external_id, safe='')}/comments")
        return Metrics(likes=0, reposts=0, comments=len(http.as_json(response).get("elements") or []), impressions=0)

    def oauth_start(self, *, redirect_uri: str, state: str = "") -> AuthorizationStart:
        return http.oauth_start(authorize_url=f"{_auth_base()}/oauth/v2/authorization", client_id=_client_id(),
                                redirect_uri=redirect_uri, scope=SCOPES, state=state, pkce=False)

    def oauth_finish(self, *, code: str, redirect_uri: str, code_verifier: str) -> TokenSet:
        return http.oauth_token(name="LinkedIn", token_url=f"{_auth_base()}/oauth/v2/accessToken", auth=None, form={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "client_id": _client_id(), "client_secret": str(getattr(settings, "LINKEDIN_CLIENT_SECRET", "") or "")})

    def oauth_refresh(self, *, refresh_token: str) -> TokenSet:
        return http.oauth_token(name="LinkedIn", token_url=f"{_auth_base()}/oauth/v2/accessToken", auth=None, form={
            "grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": _client_id(),
            "client_secret": str(getattr(settings, "LINKEDIN_CLIENT_SECRET", "") or "")})


def _client_id() -> str:
    return str(getattr(settings, "LINKEDIN_CLIENT_ID", "") or "clearpost-sandbox")


def _auth_base() -> str:
    return str(getattr(settings, "LINKEDIN_AUTH_BASE", "") or settings.LINKEDIN_API_BASE).rstrip("/")

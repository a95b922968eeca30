"""X API v2 connector: `POST /2/tweets` over httpx. X has no idempotency key, so an ambiguous failure is
reconciled by reading the account's recent posts before any retry."""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings

from clearpost.connectors.base import ConnectorError, NetworkLimits, PublishResult


class XConnector:
    network = "x"
    limits = NetworkLimits(max_length=280, counts_urls_as=23)

    def __init__(self, *, api_base: str | None = None, web_base: str | None = None, timeout: float | None = None):
        self.api_base = (api_base or settings.X_API_BASE).rstrip("/")
        self.web_base = (web_base or settings.X_WEB_BASE).rstrip("/")
        self.timeout = timeout if timeout is not None else settings.CONNECTOR_TIMEOUT_SECONDS

    def _client(self, access_token: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.api_base,
            timeout=self.timeout,
            headers={"Authorization": f"Bearer {access_token}", "User-Agent": "Clearpost/0.1"},
        )

    def status_url(self, handle: str, tweet_id: str) -> str:
        return f"{self.web_base}/{handle}/status/{tweet_id}"

    def publish(self, *, access_token: str, handle: str, text: str, idempotency_key: str) -> PublishResult:
        try:
            with self._client(access_token) as client:
                response = client.post("/2/tweets", json={"text": text})
        except httpx.ConnectError as exc:
            # Nothing reached the network: safe to retry.
            raise ConnectorError(f"X is unreachable: {exc}", permanent=False) from exc
        except httpx.TimeoutException as exc:
            raise ConnectorError(f"X did not answer in time: {exc}", permanent=False, ambiguous=True) from exc
        except httpx.HTTPError as exc:
            raise ConnectorError(f"X request failed: {exc}", permanent=False, ambiguous=True) from exc
        body = _json(response)
        if response.status_code == 201:
            data = body.get("data") or {}
            tweet_id = str(data.get("id", ""))
            if not tweet_id:
                raise ConnectorError("X answered 201 without a post id", permanent=False, ambiguous=True)
            return PublishResult(tweet_id, self.status_url(handle, tweet_id), body, response.status_code)
        raise _error_from(response, body)

    def find_recent(self, *, access_token: str, handle: str, text: str) -> PublishResult | None:
        try:
            with self._client(access_token) as client:
                me = client.get("/2/users/me")
                if me.status_code != 200:
                    raise _error_from(me, _json(me))
                user_id = str((_json(me).get("data") or {}).get("id", ""))
                response = client.get(f"/2/users/{user_id}/tweets", params={"max_results": 100})
        except httpx.HTTPError as exc:
            raise ConnectorError(f"X could not be read to reconcile: {exc}", permanent=False, ambiguous=True) from exc
        body = _json(response)
        if response.status_code != 200:
            raise _error_from(response, body)
        for item in body.get("data") or []:
            if item.get("text") == text:
                tweet_id = str(item["id"])
                return PublishResult(tweet_id, self.status_url(handle, tweet_id), item, 200)
        return None


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        value = response.json()
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _error_from(response: httpx.Response, body: dict[str, Any]) -> ConnectorError:
    detail = body.get("detail") or body.get("title") or response.text[:200]
    status = response.status_code
    if status == 429:
        reset = response.headers.get("x-rate-limit-reset")
        retry_after = None
        if reset and reset.isdigit():
            import time

            retry_after = max(0.0, int(reset) - time.time())
        return ConnectorError(f"X rate limit: {detail}", permanent=False, retry_after=retry_after, status=status,
                              response=body)
    if status >= 500:
        return ConnectorError(f"X server error {status}: {detail}", permanent=False, status=status, ambiguous=True,
                              response=body)
    return ConnectorError(f"X refused the post ({status}): {detail}", permanent=True, status=status, response=body)

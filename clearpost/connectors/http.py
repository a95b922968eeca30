"""The HTTP plumbing every connector shares: httpx with timeouts, errors sorted into permanent / transient /
ambiguous, and a client that remembers the rate-limit window a network announced and refuses to call inside
it (a call there is what gets an API app suspended)."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import httpx
from django.conf import settings

from clearpost.connectors.base import AuthorizationStart, ConnectorError, TokenSet

# (remaining, reset epoch seconds) read from a response, or (None, None).
RateParser = Callable[[httpx.Response], tuple[int | None, float | None]]

USER_AGENT = "Clearpost/0.1"


def as_json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return {}


_pool_lock = threading.Lock()
_pools: dict[tuple[str, float], httpx.Client] = {}


def pooled_client(base_url: str, timeout: float) -> httpx.Client:
    """One httpx client per (base URL, timeout) and process, shared by every operation and thread (httpx clients
    are thread-safe): connections are kept alive between calls, and the TLS context, whose CA bundle takes ~17 ms
    of CPU to load, is built once instead of once per call."""
    key = (base_url, timeout)
    client = _pools.get(key)
    if client is None:
        with _pool_lock:
            client = _pools.get(key)
            if client is None:
                client = _pools[key] = httpx.Client(base_url=base_url, timeout=timeout,
                                                    headers={"User-Agent": USER_AGENT})
    return client


class RateAwareClient:
    """The calls of one connector operation, over the process's pooled client (per-operation headers such as
    the account's token go on each request). `blocked_until` is the latest window the network announced."""

    def __init__(self, *, name: str, base_url: str, headers: dict[str, str], timeout: float,
                 rate_parser: RateParser, blocked_until: float = 0.0) -> None:
        self.name = name
        self.rate_parser = rate_parser
        self.blocked_until = blocked_until
        self.headers = headers
        self._client = pooled_client(base_url, timeout)

    def __enter__(self) -> RateAwareClient:
        return self

    def __exit__(self, *exc: object) -> None:
        """Nothing to close: the connection goes back to the shared pool."""

    def request(self, method: str, url: str, *, write: bool = False, **kwargs: Any) -> httpx.Response:
        wait = self.blocked_until - time.time()
        if wait > 0:
            raise ConnectorError(f"{self.name}: inside an announced rate-limit window ({wait:.1f}s left)",
                                 permanent=False, retry_after=wait, rate_limited=True)
        try:
            headers = {**self.headers, **kwargs.pop("headers", {})}
            response = self._client.request(method, url, headers=headers, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # Nothing reached the network: safe to retry.
            raise ConnectorError(f"{self.name} is unreachable: {exc!r}", permanent=False) from exc
        except httpx.TimeoutException as exc:
            self._cool_down()
            raise ConnectorError(f"{self.name} did not answer in time: {exc!r}", permanent=False,
                                 ambiguous=write) from exc
        except httpx.HTTPError as exc:
            self._cool_down()
            raise ConnectorError(f"{self.name} request failed: {exc!r}", permanent=False, ambiguous=write) from exc
        remaining, reset = self.rate_parser(response)
        if reset is not None and (remaining == 0 or response.status_code == 429):
            self.blocked_until = max(self.blocked_until, reset)
        elif response.status_code == 429:
            retry = response.headers.get("Retry-After", "")
            self.blocked_until = max(self.blocked_until, time.time() + (float(retry) if retry.isdigit() else 60.0))
        return response

    def _cool_down(self) -> None:
        """The request went out and no answer came back: the network may still handle it, and that answer may
        announce a window nobody hears. Treat the next moments as one."""
        self.blocked_until = max(self.blocked_until, time.time() + settings.CONNECTOR_COOLDOWN_SECONDS)

    def error_from(self, response: httpx.Response, *, write: bool = False, detail: str = "") -> ConnectorError:
        status = response.status_code
        body = as_json(response)
        detail = detail or _detail(body) or response.text[:200]
        body = body if isinstance(body, dict) else {"body": body}
        if status == 429:
            return ConnectorError(f"{self.name} rate limit: {detail}", permanent=False, status=status, response=body,
                                  retry_after=max(0.0, self.blocked_until - time.time()), rate_limited=True)
        if status >= 500:
            return ConnectorError(f"{self.name} server error {status}: {detail}", permanent=False, status=status,
                                  ambiguous=write, response=body)
        if status in (401, 403) and "duplicate" not in detail.lower():
            return ConnectorError(f"{self.name} refused the token ({status}): {detail}", permanent=True,
                                  status=status, response=body, auth=status == 401)
        return ConnectorError(f"{self.name} refused the request ({status}): {detail}", permanent=True,
                              status=status, response=body)


def _detail(body: Any) -> str:
    if not isinstance(body, dict):
        return ""
    for key in ("detail", "message", "error_description", "error", "title"):
        if isinstance(body.get(key), str):
            return str(body[key])
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("detail") or errors[0].get("message") or "")
    return ""


def timeout() -> float:
    return float(settings.CONNECTOR_TIMEOUT_SECONDS)


def pkce_pair() -> tuple[str, str]:
    """RFC 7636: a high-entropy verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def oauth_start(*, authorize_url: str, client_id: str, redirect_uri: str, scope: str, state: str,
                pkce: bool = True) -> AuthorizationStart:
    state = state or secrets.token_urlsafe(16)
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "scope": scope,
              "state": state}
    verifier = ""
    if pkce:
        verifier, challenge = pkce_pair()
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    return AuthorizationStart(url=f"{authorize_url}?{urlencode(params)}", state=state, code_verifier=verifier)


def oauth_token(*, name: str, token_url: str, form: dict[str, str], auth: tuple[str, str] | None) -> TokenSet:
    try:
        response = httpx.post(token_url, data=form, auth=auth, timeout=timeout(),
                              headers={"User-Agent": USER_AGENT})
    except httpx.HTTPError as exc:
        raise ConnectorError(f"{name} token endpoint failed: {exc!r}", permanent=False) from exc
    body = as_json(response)
    if response.status_code != 200 or not isinstance(body, dict) or "access_token" not in body:
        raise ConnectorError(f"{name} refused the grant ({response.status_code}): {_detail(body)}",
                             permanent=response.status_code < 500, status=response.status_code, auth=True,
                             response=body if isinstance(body, dict) else {})
    return TokenSet(access_token=str(body["access_token"]), refresh_token=str(body.get("refresh_token", "")),
                    expires_in=int(body["expires_in"]) if body.get("expires_in") else None,
                    scope=str(body.get("scope", "")))

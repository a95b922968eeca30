"""The one interface every network connector implements, and the errors publishing relies on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class ConnectorError(Exception):
    """A network call failed. `permanent` errors stop retries (bad request, revoked token, duplicate content);
    transient ones are retried after `retry_after` seconds when the network said so. `ambiguous` means the
    request may have reached the network: the outcome must be reconciled before any retry. `rate_limited`
    marks a refusal inside a window the network announced (it does not count as a failed attempt)."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        retry_after: float | None = None,
        status: int | None = None,
        ambiguous: bool = False,
        response: Any = None,
        rate_limited: bool = False,
        auth: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        self.status = status
        self.ambiguous = ambiguous
        self.response = response
        self.rate_limited = rate_limited
        self.auth = auth


@dataclass(frozen=True)
class PublishResult:
    external_id: str
    url: str
    raw: dict[str, Any] = field(default_factory=dict)
    status: int = 201


@dataclass(frozen=True)
class NetworkLimits:
    max_length: int
    counts_urls_as: int | None


@dataclass(frozen=True)
class Profile:
    external_id: str
    handle: str
    display_name: str


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str
    expires_in: int | None
    scope: str = ""


@dataclass(frozen=True)
class AuthorizationStart:
    """Where to send the advisor, and what to keep in their session until the network calls back."""

    url: str
    state: str
    code_verifier: str


@dataclass(frozen=True)
class Interaction:
    """One inbound item (reply, mention, comment, message) in a network-neutral shape, with its raw payload."""

    external_id: str
    kind: str
    text: str
    author_id: str
    author_handle: str
    in_reply_to: str
    created_at: str
    raw: dict[str, Any]


@dataclass(frozen=True)
class InteractionPage:
    items: list[Interaction]
    cursor: str


@dataclass(frozen=True)
class Metrics:
    likes: int
    reposts: int
    comments: int
    impressions: int


class Connector(Protocol):
    network: str
    # The end of the rate-limit window the network announced during this connector's calls (epoch seconds).
    blocked_until: float

    @property
    def limits(self) -> NetworkLimits:
        """Length limits; Mastodon reads its instance's own."""
        ...

    def publish(self, *, access_token: str, handle: str, text: str, idempotency_key: str,
                network_user_id: str = "") -> PublishResult:
        """`network_user_id`: the network's id of the account the token belongs to (`NetworkAccount.external_id`), when
        known; a network whose posts name their author (LinkedIn) then needs no look-up first."""
        ...

    def find_recent(self, *, access_token: str, handle: str, text: str) -> PublishResult | None:
        """Look for a post with this text among the account's recent posts (reconciling an ambiguous send)."""
        ...

    def delete(self, *, access_token: str, external_id: str) -> dict[str, Any]: ...

    def fetch_profile(self, *, access_token: str) -> Profile: ...

    def fetch_interactions(self, *, access_token: str, handle: str, cursor: str) -> InteractionPage:
        """Replies, mentions and comments newer than `cursor` (an opaque string; "" for the first poll)."""
        ...

    def fetch_metrics(self, *, access_token: str, external_id: str) -> Metrics: ...

    def oauth_start(self, *, redirect_uri: str, state: str = "") -> AuthorizationStart: ...

    def oauth_finish(self, *, code: str, redirect_uri: str, code_verifier: str) -> TokenSet: ...

    def oauth_refresh(self, *, refresh_token: str) -> TokenSet: ...

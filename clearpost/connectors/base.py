"""The one interface every network connector implements, and the errors publishing relies on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class ConnectorError(Exception):
    """A network call failed. `permanent` errors stop retries (bad request, revoked token, duplicate content);
    transient ones are retried after `retry_after` seconds when the network said so. `ambiguous` means the
    request may have reached the network: the outcome must be reconciled before any retry."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        retry_after: float | None = None,
        status: int | None = None,
        ambiguous: bool = False,
        response: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        self.status = status
        self.ambiguous = ambiguous
        self.response = response


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


class Connector(Protocol):
    network: str
    limits: NetworkLimits

    def publish(self, *, access_token: str, handle: str, text: str, idempotency_key: str) -> PublishResult: ...

    def find_recent(self, *, access_token: str, handle: str, text: str) -> PublishResult | None:
        """Look for a post with this text among the account's recent posts (reconciling an ambiguous send)."""
        ...

from __future__ import annotations

from clearpost.connectors.base import Connector


def connector_for(network: str) -> Connector:
    """A fresh connector per operation: it carries the rate-limit window seen during that operation."""
    if network in ("x", "twitter"):
        from clearpost.connectors.x.client import XConnector

        return XConnector()
    if network == "linkedin":
        from clearpost.connectors.linkedin.client import LinkedInConnector

        return LinkedInConnector()
    if network == "mastodon":
        from clearpost.connectors.mastodon.client import MastodonConnector

        return MastodonConnector()
    raise LookupError(f"no connector for network {network!r}")

from __future__ import annotations

from clearpost.connectors.base import Connector


def connector_for(network: str) -> Connector:
    if network == "x":
        from clearpost.connectors.x.client import XConnector

        return XConnector()
    raise LookupError(f"no connector for network {network!r}")

"""Demo credentials shared by `seed-demo` (the firm's side) and `sandbox-seed` (the network's side)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def sandbox_token(network: str, handle: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"sandbox:{network}:{handle}".encode(), hashlib.sha256)
    return f"sbx-{network}-{digest.hexdigest()[:40]}"


def sandbox_admin_token() -> str:
    """Bearer token for the sandbox's own admin endpoints (faults, call log); derived like the member tokens."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"sandbox-admin", hashlib.sha256)
    return f"sbx-admin-{digest.hexdigest()[:40]}"

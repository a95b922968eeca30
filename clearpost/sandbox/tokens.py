"""Demo credentials shared by `seed-demo` (the firm's side) and `sandbox-seed` (the network's side)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def sandbox_token(network: str, handle: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"sandbox:{network}:{handle}".encode(), hashlib.sha256)
    return f"sbx-{network}-{digest.hexdigest()[:40]}"

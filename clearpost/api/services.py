from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from clearpost.accounts.models import User
from clearpost.api.models import ApiToken


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and the key; the key is shown once and never stored."""
    key = "cp_" + secrets.token_urlsafe(32)
    return ApiToken.objects.create(user=user, name=name, key_hash=_hash(key)), key


def api_token_user(*, key: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    return token.user

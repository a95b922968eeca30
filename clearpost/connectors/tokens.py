"""Network tokens at rest: Fernet (AES-128-CBC + HMAC) with a key that lives outside the database."""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings


@cache
def _fernet(key_material: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key_material.encode()).digest()))


def encrypt_token(token: str) -> str:
    return _fernet(settings.TOKEN_KEY).encrypt(token.encode()).decode()


def decrypt_token(ciphertext: str) -> str:
    return _fernet(settings.TOKEN_KEY).decrypt(ciphertext.encode()).decode()

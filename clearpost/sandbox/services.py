from __future__ import annotations

from django.db import transaction

from clearpost.sandbox.models import SandboxAccount
from clearpost.sandbox.tokens import sandbox_token


@transaction.atomic
def sandbox_account_ensure(*, network: str, handle: str, display_name: str = "") -> SandboxAccount:
    account, _ = SandboxAccount.objects.update_or_create(
        network=network, handle=handle,
        defaults={"display_name": display_name or handle, "access_token": sandbox_token(network, handle)},
    )
    return account

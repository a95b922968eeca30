from __future__ import annotations

from typing import Any

from django.db import transaction

from clearpost.sandbox.models import SandboxAccount, SandboxFaults, SandboxRateState
from clearpost.sandbox.tokens import sandbox_token

NETWORKS = ("x", "linkedin", "mastodon")


@transaction.atomic
def sandbox_account_ensure(*, network: str, handle: str, display_name: str = "",
                           is_audience: bool = False) -> SandboxAccount:
    if network not in NETWORKS:
        raise ValueError(f"unknown sandbox network {network!r}")
    account, _ = SandboxAccount.objects.update_or_create(
        network=network, handle=handle,
        defaults={"display_name": display_name or handle, "access_token": sandbox_token(network, handle),
                  "is_audience": is_audience},
    )
    SandboxRateState.objects.get_or_create(account=account)
    return account


@transaction.atomic
def sandbox_accounts_bulk(*, network: str, handles: list[str]) -> int:
    """Many members at once (a firm-wide load test); existing handles are left alone. Returns how many are new."""
    if network not in NETWORKS:
        raise ValueError(f"unknown sandbox network {network!r}")
    known = set(SandboxAccount.objects.filter(network=network).values_list("handle", flat=True))
    new = SandboxAccount.objects.bulk_create(
        [SandboxAccount(network=network, handle=h, display_name=h, access_token=sandbox_token(network, h))
         for h in handles if h not in known], batch_size=2000)
    SandboxRateState.objects.bulk_create([SandboxRateState(account=a) for a in new], batch_size=2000)
    return len(new)


@transaction.atomic
def sandbox_faults_set(*, network: str, values: dict[str, Any], reset: bool = False) -> SandboxFaults:
    """Switch a network's faults. Unknown keys are refused; probabilities must lie in [0, 1]."""
    if network not in NETWORKS:
        raise ValueError(f"unknown sandbox network {network!r}")
    unknown = set(values) - set(SandboxFaults.FIELDS)
    if unknown:
        raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
    faults = SandboxFaults.objects.filter(network=network).first()
    if faults is None or reset:
        SandboxFaults.objects.filter(network=network).delete()
        faults = SandboxFaults(network=network)
    for key, value in values.items():
        number = float(value)
        if key.startswith("p_") and not 0 <= number <= 1:
            raise ValueError(f"{key} must be a probability between 0 and 1")
        if number < 0:
            raise ValueError(f"{key} must not be negative")
        setattr(faults, key, int(number) if key == "rate_limit" else number)
    total = sum(getattr(faults, f) for f in SandboxFaults.FIELDS if f.startswith("p_"))
    if total > 1:
        raise ValueError("fault probabilities add up to more than 1")
    faults.save()
    return faults


def faults_dict(faults: SandboxFaults) -> dict[str, Any]:
    return {"network": faults.network, **{f: getattr(faults, f) for f in SandboxFaults.FIELDS}}

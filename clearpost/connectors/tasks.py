from __future__ import annotations

import logging

from django_tasks import task

from clearpost.connectors.base import ConnectorError
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount
from clearpost.connectors.services import network_account_profile_check

log = logging.getLogger(__name__)


@task()
def check_profiles_task() -> int:
    """Re-fetch every active account's profile; changes open a re-approval and alert the supervisor."""
    changed = 0
    for account_id in NetworkAccount.objects.filter(status=AccountStatus.ACTIVE).values_list("pk", flat=True):
        try:
            changed += network_account_profile_check(account_id=account_id)
        except ConnectorError as exc:  # a network that cannot be read is a capture gap, alerted by capture
            log.warning("profile check of account %s failed: %s", account_id, exc)
    return changed

"""The one way into the archive."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from clearpost.archive.hashing import canonical_json, chain_hash, content_hash
from clearpost.archive.models import ArchiveHead, ArchiveRecord
from clearpost.core.events import EVENT_RECORD_CLASS, EventType


@transaction.atomic
def archive_record_append(
    *,
    event_type: EventType,
    payload: Mapping[str, Any],
    actor_id: int | None = None,
    advisor_id: int | None = None,
    branch_id: int | None = None,
    network: str = "",
    account_id: int | None = None,
    post_id: int | None = None,
    occurred_at: datetime | None = None,
) -> ArchiveRecord:
    """Append one record in the caller's transaction, so the record and the change it records commit
    together or not at all. The head row lock serialises appenders; the chain therefore has no gaps."""
    captured_at = timezone.now()
    occurred_at = occurred_at or captured_at
    head, _ = ArchiveHead.objects.select_for_update().get_or_create(id=1)
    seq = head.seq + 1
    record_class = EVENT_RECORD_CLASS[event_type]
    body = canonical_json(
        {
            "seq": seq,
            "record_class": str(record_class),
            "event_type": str(event_type),
            "occurred_at": occurred_at.isoformat(),
            "captured_at": captured_at.isoformat(),
            "actor_id": actor_id,
            "subjects": {
                "advisor_id": advisor_id,
                "branch_id": branch_id,
                "network": network,
                "account_id": account_id,
                "post_id": post_id,
            },
            "payload": payload,
        }
    )
    digest = content_hash(body)
    link = chain_hash(head.chain_hash, digest)
    record = ArchiveRecord.objects.create(
        seq=seq,
        record_class=record_class,
        event_type=event_type,
        occurred_at=occurred_at,
        captured_at=captured_at,
        actor_id=actor_id,
        advisor_id=advisor_id,
        branch_id=branch_id,
        network=network,
        account_id=account_id,
        post_id=post_id,
        body=body,
        content_hash=digest,
        chain_hash=link,
    )
    ArchiveHead.objects.filter(id=1).update(seq=seq, chain_hash=link)
    return record

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from clearpost.archive.hashing import GENESIS, chain_hash, content_hash
from clearpost.archive.models import ArchiveHead, ArchiveRecord


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def archive_records_for_post(*, post_id: int) -> list[ArchiveRecord]:
    return list(ArchiveRecord.objects.filter(post_id=post_id).order_by("seq"))


def _iter_rows(batch: int = 5000) -> Iterator[tuple[int, str, str, str]]:
    last = 0
    while True:
        rows = list(
            ArchiveRecord.objects.filter(seq__gt=last)
            .order_by("seq")
            .values_list("seq", "body", "content_hash", "chain_hash")[:batch]
        )
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def archive_verify() -> VerifyReport:
    """Recompute every content hash and the chain from genesis; name the first record that does not hold."""
    previous = GENESIS
    expected_seq = 1
    checked = 0
    for seq, body, stored_content, stored_chain in _iter_rows():
        if seq != expected_seq:
            return VerifyReport(False, checked, expected_seq, f"record {expected_seq} is missing")
        if content_hash(body) != stored_content:
            return VerifyReport(False, checked, seq, "content hash does not match the record's body")
        if json.loads(body).get("seq") != seq:
            return VerifyReport(False, checked, seq, "record body names another sequence number")
        if chain_hash(previous, stored_content) != stored_chain:
            return VerifyReport(False, checked, seq, "chain hash does not follow from the previous record")
        previous = stored_chain
        expected_seq += 1
        checked += 1
    head = ArchiveHead.objects.filter(id=1).first()
    if head is not None and (head.seq != checked or head.chain_hash != previous):
        return VerifyReport(False, checked, checked + 1, "records after the last stored one are missing")
    return VerifyReport(True, checked)

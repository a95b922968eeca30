"""Disposition: the one sanctioned change to an archive record (FINRA 4511(b), SEC 17a-4(b): keep for the
period, then dispose — but never while a legal hold covers the record).

In one transaction: write the certificate record (which records, the cutoffs, the Merkle root of their content
hashes), a `Disposition` row keyed by the certificate's seq, one `DispositionItem` per record, drop the records
from the full-text index, then empty each record's body and set `disposed_at`. The database trigger lets that
UPDATE through only because the item row exists and no other column changes; verify accepts the tombstone by
its stored content hash and checks that the certificate lists it. Records of the archive's own administration
(holds, certificates) are never disposed: they prove what happened to the rest."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from clearpost.archive.hashing import merkle_root, search_text
from clearpost.archive.models import ArchiveRecord, Disposition, DispositionItem, LegalHold, RetentionClass
from clearpost.archive.search import SearchFilters, search_seqs, unindex
from clearpost.archive.services import _require_manager, archive_record_append
from clearpost.core.events import EventType, RecordClass

BATCH = 20_000


def years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def seq_ranges(seqs: list[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for seq in sorted(seqs):
        if ranges and seq == ranges[-1][1] + 1:
            ranges[-1][1] = seq
        else:
            ranges.append([seq, seq])
    return ranges


@dataclass
class DispositionPlan:
    cutoffs: dict[str, str]
    due: list[int] = field(default_factory=list)
    held: dict[int, list[int]] = field(default_factory=dict)  # hold id -> seqs it keeps
    certificate_seq: int | None = None

    @property
    def held_count(self) -> int:
        return len({s for seqs in self.held.values() for s in seqs})


def _held(candidates: list[tuple[int, int | None, int | None, datetime]]) -> dict[int, list[int]]:
    held: dict[int, list[int]] = {}
    if not candidates:
        return held
    for hold in LegalHold.objects.filter(released_at__isnull=True):
        matching = [
            seq for seq, advisor_id, branch_id, occurred_at in candidates
            if (hold.advisor_id is None or advisor_id == hold.advisor_id)
            and (hold.branch_id is None or branch_id == hold.branch_id)
            and (hold.since is None or occurred_at >= hold.since)
            and (hold.until is None or occurred_at <= hold.until)
        ]
        if hold.query and matching:
            found = set(search_seqs(query=hold.query, filters=SearchFilters(), limit=None,
                                    before_seq=max(matching) + 1))
            matching = [s for s in matching if s in found]
        if matching:
            held[hold.pk] = matching
    return held


def disposition_plan(*, now: datetime | None = None, limit: int = BATCH) -> DispositionPlan:
    """What a disposition run would remove now: records past their class's retention, not yet disposed, not
    of the archive's own administration, and under no active legal hold."""
    now = now or timezone.now()
    classes = dict(RetentionClass.objects.values_list("code", "years"))
    default_years = classes.get("default", 6)
    plan = DispositionPlan(cutoffs={})
    candidates: list[tuple[int, int | None, int | None, datetime]] = []
    codes = set(classes) | set(
        ArchiveRecord.objects.filter(disposed_at__isnull=True).values_list("retention_class", flat=True).distinct())
    for code in sorted(codes):
        cutoff = years_before(now, int(classes.get(code) or default_years))
        plan.cutoffs[code] = cutoff.isoformat()
        candidates += list(
            ArchiveRecord.objects.filter(retention_class=code, occurred_at__lt=cutoff, disposed_at__isnull=True)
            .exclude(record_class=RecordClass.ARCHIVE_ADMINISTRATION)
            .order_by("seq").values_list("seq", "advisor_id", "branch_id", "occurred_at")[:limit]
        )
    candidates.sort()
    candidates = candidates[:limit]
    plan.held = _held(candidates)
    held = {s for seqs in plan.held.values() for s in seqs}
    plan.due = [c[0] for c in candidates if c[0] not in held]
    return plan


@transaction.atomic
def archive_dispose(*, actor: Any = None, now: datetime | None = None, dry_run: bool = False,
                    limit: int = BATCH) -> DispositionPlan:
    """Dispose of what `disposition_plan` finds, leaving tombstones and a certificate record. `actor` None is the
    scheduled job; a person must be a compliance admin. Idempotent: a second run finds nothing new."""
    if actor is not None:
        _require_manager(actor)
    now = now or timezone.now()
    plan = disposition_plan(now=now, limit=limit)
    if dry_run or not plan.due:
        return plan
    rows = list(ArchiveRecord.objects.select_for_update().filter(seq__in=plan.due, disposed_at__isnull=True)
                .order_by("seq").values_list("seq", "event_type", "network", "body", "content_hash"))
    plan.due = [r[0] for r in rows]
    if not plan.due:
        return plan
    certificate = archive_record_append(
        event_type=EventType.ARCHIVE_DISPOSITION_CERTIFIED,
        actor_id=getattr(actor, "pk", None),
        payload={
            "performed_at": now.isoformat(),
            "count": len(rows),
            "seq_ranges": seq_ranges(plan.due),
            "merkle_root": merkle_root([r[4] for r in rows]),
            "cutoffs": plan.cutoffs,
            "holds_in_force": sorted(plan.held),
            "held_records": plan.held_count,
        },
    )
    plan.certificate_seq = certificate.seq
    disposition = Disposition.objects.create(certificate_seq=certificate.seq, performed_at=now,
                                             performed_by=actor, count=len(rows))
    DispositionItem.objects.bulk_create([DispositionItem(seq=seq, disposition=disposition) for seq in plan.due],
                                        batch_size=2000)
    unindex([(seq, search_text(et, net, json.loads(body).get("payload"))) for seq, et, net, body, _h in rows])
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cur:
        for i in range(0, len(plan.due), 500):
            chunk = plan.due[i:i + 500]
            cur.execute(
                f"UPDATE archive_archiverecord SET body = '', disposed_at = %s "  # noqa: S608 - placeholders only
                f"WHERE seq IN ({', '.join(['%s'] * len(chunk))})", [stamp, *chunk])
    return plan


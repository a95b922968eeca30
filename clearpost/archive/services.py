"""The one way into the archive, and the compliance admin's archive use cases (retention classes, legal holds,
corrections). Disposition lives in `disposition.py`, checkpoints in `checkpoints.py`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from clearpost.archive.hashing import canonical_json, chain_hash, content_hash, search_text
from clearpost.archive.models import AccessAction, ArchiveAccess, ArchiveHead, ArchiveRecord, LegalHold, RetentionClass
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EVENT_RECORD_CLASS, EventType, RecordClass

DEFAULT_RETENTION = "default"
_CLASS_BY_EVENT = {str(event): str(record_class) for event, record_class in EVENT_RECORD_CLASS.items()}
_INSERT_COLUMNS = (
    "seq", "record_class", "retention_class", "event_type", "occurred_at", "captured_at", "actor_id", "advisor_id",
    "branch_id", "network", "account_id", "post_id", "direction", "verdict", "references_seq", "body",
    "content_hash", "chain_hash",
)
# Fixed column names and placeholders only.
_INSERT_SQL = (
    f"INSERT INTO archive_archiverecord ({', '.join(_INSERT_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join(['%s'] * len(_INSERT_COLUMNS))})"
)


def can_manage_retention(user: Any) -> bool:
    """Compliance admins manage retention, holds and dispositions; `policy.manage_rules` is their role's mark until
    the role table grants `archive.manage_retention` itself."""
    return bool(user is not None
                and (user.has_perm("archive.manage_retention") or user.has_perm("policy.manage_rules")))


def _require_manager(actor: Any) -> None:
    if not can_manage_retention(actor):
        raise NotPermitted("Only a compliance admin may change retention or legal holds.",
                           permission="archive.manage_retention")


@dataclass
class Entry:
    """One record to append; `archive_records_append_many` takes a batch of these."""

    event_type: EventType | str
    payload: Mapping[str, Any]
    actor_id: int | None = None
    advisor_id: int | None = None
    branch_id: int | None = None
    network: str = ""
    account_id: int | None = None
    post_id: int | None = None
    occurred_at: datetime | None = None
    record_class: str | None = None
    retention_class: str | None = None
    references_seq: int | None = None
    direction: str = ""
    verdict: str = ""


def _retention_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for code, classes in RetentionClass.objects.values_list("code", "record_classes"):
        for record_class in classes or []:
            mapping[record_class] = code
    return mapping


def _index(rows: Sequence[tuple[int, str]]) -> None:
    """Keep the full-text index in step with the records, in the same transaction (FTS5 or tsvector)."""
    if not rows:
        return
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # One statement per batch: PostgreSQL computes every tsvector server-side.
            cur.execute("INSERT INTO archive_search (seq, document) SELECT s, to_tsvector('simple', t) "
                        "FROM unnest(%s::bigint[], %s::text[]) AS u(s, t)",
                        [[seq for seq, _ in rows], [text for _, text in rows]])
        else:
            cur.executemany("INSERT INTO archive_search (rowid, text) VALUES (%s, %s)", rows)


@transaction.atomic
def archive_records_append_many(entries: Iterable[Entry]) -> list[int]:
    """Append a batch under one head lock: hash, chain, insert and index every record in the caller's
    transaction (SEC 17a-4(f): each record complete, in order, with its hash). Returns the sequence numbers."""
    return [row[0] for row in _append_rows(list(entries))]


def archive_head_lock() -> None:
    """Take the chain head's row lock now, in the caller's transaction, ahead of any appends it will make. A caller
    that also locks other rows takes this first, so that two such transactions always lock in the same order."""
    ArchiveHead.objects.select_for_update().get_or_create(id=1)


def _append_rows(batch: list[Entry]) -> list[tuple[Any, ...]]:
    if not batch:
        return []
    head, _ = ArchiveHead.objects.select_for_update().get_or_create(id=1)
    retention = _retention_map()
    known_retention = set(retention.values()) | {DEFAULT_RETENTION}
    seq, link = head.seq, head.chain_hash
    rows: list[tuple[Any, ...]] = []
    index: list[tuple[int, str]] = []
    captured_at = timezone.now()
    captured_iso = captured_at.isoformat()
    for entry in batch:
        seq += 1
        event_type = str(entry.event_type)
        record_class = str(entry.record_class) if entry.record_class else _CLASS_BY_EVENT.get(event_type)
        if record_class is None:
            raise DomainError(f"unknown event type {event_type!r}: add it to clearpost.core.events",
                              code="unknown_event_type")
        retention_class = entry.retention_class or retention.get(record_class, DEFAULT_RETENTION)
        if entry.retention_class and entry.retention_class not in known_retention and \
                not RetentionClass.objects.filter(code=entry.retention_class).exists():
            raise DomainError(f"unknown retention class {entry.retention_class!r}", code="unknown_retention_class")
        occurred_at = entry.occurred_at or captured_at
        document: dict[str, Any] = {
            "seq": seq,
            "record_class": record_class,
            "retention_class": retention_class,
            "event_type": event_type,
            "occurred_at": captured_iso if occurred_at is captured_at else occurred_at.isoformat(),
            "captured_at": captured_iso,
            "actor_id": entry.actor_id,
            "subjects": {
                "advisor_id": entry.advisor_id,
                "branch_id": entry.branch_id,
                "network": entry.network,
                "account_id": entry.account_id,
                "post_id": entry.post_id,
            },
            "payload": entry.payload,
        }
        # Only present when given, so ordinary records keep the foundation's shape.
        if entry.direction:
            document["direction"] = entry.direction
        if entry.verdict:
            document["verdict"] = entry.verdict
        if entry.references_seq is not None:
            document["references_seq"] = entry.references_seq
        body = canonical_json(document)
        digest = content_hash(body)
        link = chain_hash(link, digest)
        rows.append((seq, record_class, retention_class, event_type, occurred_at, captured_at, entry.actor_id,
                     entry.advisor_id, entry.branch_id, entry.network, entry.account_id, entry.post_id,
                     entry.direction, entry.verdict, entry.references_seq, body, digest, link))
        index.append((seq, search_text(event_type, entry.network, entry.payload)))
    adapt = connection.ops.adapt_datetimefield_value
    stamps: dict[datetime, Any] = {}  # most records of a batch share their times: adapt each once

    def stamp(moment: datetime) -> Any:
        if moment not in stamps:
            stamps[moment] = adapt(moment)
        return stamps[moment]

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path; it runs inside the caller's transaction like any insert.
            with cur.cursor.copy(f"COPY archive_archiverecord ({', '.join(_INSERT_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cur.executemany(_INSERT_SQL, [(*r[:4], stamp(r[4]), stamp(r[5]), *r[6:]) for r in rows])
    _index(index)
    ArchiveHead.objects.filter(id=1).update(seq=seq, chain_hash=link)
    return rows


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
    record_class: RecordClass | str | None = None,
    retention_class: str | None = None,
    references_seq: int | None = None,
    direction: str = "",
    verdict: str = "",
) -> ArchiveRecord:
    """Append one record in the caller's transaction, so the record and the change it records commit
    together or not at all. The head row lock serialises appenders; the chain therefore has no gaps. The
    record's retention class is fixed now: the explicit one, else the class its record class maps to."""
    (row,) = _append_rows([Entry(
        event_type=event_type, payload=payload, actor_id=actor_id, advisor_id=advisor_id, branch_id=branch_id,
        network=network, account_id=account_id, post_id=post_id, occurred_at=occurred_at,
        record_class=record_class, retention_class=retention_class, references_seq=references_seq,
        direction=direction, verdict=verdict,
    )])
    record = ArchiveRecord(**dict(zip(_INSERT_COLUMNS, row, strict=True)))
    record._state.adding, record._state.db = False, connection.alias
    return record


@transaction.atomic
def archive_record_correct(*, actor: Any, seq: int, payload: Mapping[str, Any], reason: str) -> ArchiveRecord:
    """A correction never touches the original: it is a new record that references it (17a-4(f) audit-trail
    alternative), keeping the original's subjects, record class and retention class."""
    _require_manager(actor)
    original = ArchiveRecord.objects.filter(seq=seq).first()
    if original is None:
        raise DomainError(f"no archive record {seq}", code="not_found")
    if not reason.strip():
        raise DomainError("a correction needs a reason", code="reason_required")
    return archive_record_append(
        event_type=EventType.ARCHIVE_RECORD_CORRECTED, payload={"reason": reason, "corrected": dict(payload)},
        actor_id=actor.pk, advisor_id=original.advisor_id, branch_id=original.branch_id, network=original.network,
        account_id=original.account_id, post_id=original.post_id, record_class=original.record_class,
        retention_class=original.retention_class, references_seq=original.seq,
    )


@transaction.atomic
def retention_class_set(*, actor: Any, code: str, name: str, years: int,
                        record_classes: Sequence[str] = ()) -> RetentionClass:
    """Create or change a retention class (SEC 17a-4(b), FINRA 4511: the firm chooses its periods). Records
    already written keep their class; only the period of the class changes. Archived."""
    _require_manager(actor)
    if years < 1 or years > 100:
        raise DomainError("a retention period is between 1 and 100 years", code="bad_retention")
    unknown = set(record_classes) - {c.value for c in RecordClass}
    if unknown:
        raise DomainError(f"unknown record classes: {', '.join(sorted(unknown))}", code="bad_retention")
    # A record class belongs to one retention class: moving it here takes it from the others.
    for other in RetentionClass.objects.select_for_update().exclude(code=code):
        kept = [c for c in other.record_classes if c not in record_classes]
        if kept != other.record_classes:
            other.record_classes = kept
            other.save(update_fields=["record_classes", "updated_at"])
    before = RetentionClass.objects.filter(code=code).values("name", "years", "record_classes").first()
    obj, _ = RetentionClass.objects.update_or_create(
        code=code, defaults={"name": name, "years": years, "record_classes": list(record_classes)})
    archive_record_append(event_type=EventType.ARCHIVE_RETENTION_CHANGED, actor_id=actor.pk, payload={
        "code": code, "before": before, "after": {"name": name, "years": years, "record_classes": list(record_classes)},
    })
    return obj


@transaction.atomic
def legal_hold_create(*, actor: Any, name: str, reason: str, advisor_id: int | None = None,
                      branch_id: int | None = None, since: datetime | None = None, until: datetime | None = None,
                      query: str = "") -> LegalHold:
    """Put matching records beyond disposition until released (FRCP/regulatory preservation duty). Every given
    criterion must match; a hold with none would hold everything and is refused. Archived."""
    from clearpost.archive.search import parse_query

    _require_manager(actor)
    if not name.strip() or not reason.strip():
        raise DomainError("a legal hold needs a name and a reason", code="reason_required")
    if advisor_id is None and branch_id is None and since is None and until is None and not query.strip():
        raise DomainError("a legal hold needs at least one criterion", code="hold_without_criteria")
    if since and until and since > until:
        raise DomainError("the hold's date range ends before it starts", code="bad_range")
    if query.strip():
        parse_query(query)  # refuse a malformed query now rather than at disposition time
    hold = LegalHold.objects.create(name=name, reason=reason, advisor_id=advisor_id, branch_id=branch_id,
                                    since=since, until=until, query=query.strip(), created_by=actor,
                                    created_at=timezone.now())
    archive_record_append(event_type=EventType.ARCHIVE_HOLD_CREATED, actor_id=actor.pk, advisor_id=advisor_id,
                          branch_id=branch_id, payload=_hold_payload(hold))
    return hold


@transaction.atomic
def legal_hold_release(*, actor: Any, hold_id: int, reason: str) -> LegalHold:
    _require_manager(actor)
    if not reason.strip():
        raise DomainError("releasing a legal hold needs a reason", code="reason_required")
    hold = LegalHold.objects.select_for_update().filter(pk=hold_id).first()
    if hold is None:
        raise DomainError(f"no legal hold {hold_id}", code="not_found")
    if hold.released_at is not None:
        raise DomainError("this legal hold is already released", code="already_released")
    hold.released_at, hold.released_by, hold.release_reason = timezone.now(), actor, reason
    hold.save(update_fields=["released_at", "released_by", "release_reason"])
    archive_record_append(event_type=EventType.ARCHIVE_HOLD_RELEASED, actor_id=actor.pk, advisor_id=hold.advisor_id,
                          branch_id=hold.branch_id, payload={**_hold_payload(hold), "release_reason": reason})
    return hold


def _hold_payload(hold: LegalHold) -> dict[str, Any]:
    return {"hold_id": hold.pk, "name": hold.name, "reason": hold.reason, "advisor_id": hold.advisor_id,
            "branch_id": hold.branch_id, "since": hold.since.isoformat() if hold.since else None,
            "until": hold.until.isoformat() if hold.until else None, "query": hold.query}


def archive_access_record(*, user: Any, action: AccessAction | str, seqs: Sequence[int] = (), query: str = "",
                          filters: Mapping[str, Any] | None = None, seq_ranges: list[list[int]] | None = None,
                          count: int | None = None) -> ArchiveAccess:
    """Every search, record view and export leaves an access-log entry (who, what, which records, when): reads of
    books and records are evidence too (17a-4(f) audit trail, FINRA 4511). The table is insert-only."""
    from clearpost.archive.disposition import seq_ranges as to_ranges

    ranges = seq_ranges if seq_ranges is not None else to_ranges(list(seqs))
    return ArchiveAccess.objects.create(
        at=timezone.now(), user=user if getattr(user, "pk", None) else None, action=action, query=query[:500],
        filters=dict(filters or {}), seq_ranges=ranges,
        record_count=count if count is not None else sum(hi - lo + 1 for lo, hi in ranges))

"""Reads of the archive: verify, a post's history, the access log, legal holds and retention classes."""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection, connections
from django.db.models import QuerySet

from clearpost.archive.checkpoints import (
    CheckpointError,
    checkpoints_check_signatures,
    checkpoints_missing,
    checkpoints_read,
    public_key_hex,
)
from clearpost.archive.hashing import GENESIS
from clearpost.archive.models import ArchiveAccess, ArchiveHead, ArchiveRecord, DispositionItem, LegalHold
from clearpost.archive.verification import VerifyReport, check_checkpoint_sequence, verify_rows

__all__ = ["VerifyReport", "archive_records_for_post", "archive_verify"]


def archive_records_for_post(*, post_id: int) -> list[ArchiveRecord]:
    return list(ArchiveRecord.objects.filter(post_id=post_id).order_by("seq"))


def archive_record_history(*, record: ArchiveRecord) -> list[ArchiveRecord]:
    """Every record of the same post (or interaction account thread), plus corrections referencing it."""
    if record.post_id is not None:
        qs = ArchiveRecord.objects.filter(post_id=record.post_id)
    else:
        qs = ArchiveRecord.objects.filter(seq=record.seq)
    corrections = ArchiveRecord.objects.filter(references_seq__in=qs.values("seq"))
    return list((qs | corrections).order_by("seq"))


def iter_record_rows(batch: int = 20_000, *, first: int = 1, last: int | None = None,
                     raw_bodies: bool = False) -> Iterator[tuple[int, Any, str, str]]:
    """Rows (seq, body, content hash, chain hash) in sequence order: the fast path for verify and replicate.

    With `raw_bodies` the bodies arrive as the stored UTF-8 bytes, so verify hashes them with no decode/encode
    round trip (SQLite: CAST AS BLOB; PostgreSQL: convert_to in the binary protocol)."""
    if connection.vendor == "postgresql":
        yield from _pg_record_rows(batch, first - 1, last, raw_bodies)
        return
    body = "CAST(body AS BLOB)" if raw_bodies else "body"
    upper = "" if last is None else f" AND seq <= {int(last)}"
    with connection.cursor() as cur:
        # One statement, streamed: a consistent snapshot and no re-seek per page.
        cur.execute(f"SELECT seq, {body}, content_hash, chain_hash FROM archive_archiverecord "  # noqa: S608
                    f"WHERE seq > %s{upper} ORDER BY seq", [first - 1])
        while rows := cur.fetchmany(batch):
            yield from rows


def _pg_record_rows(batch: int, after: int, last: int | None, raw_bodies: bool) -> Iterator[tuple[int, Any, str, str]]:
    """Keyset pages with a lower bound and a LIMIT only, so the plan is an index scan whatever the statistics say
    (with an upper bound too, stale statistics picked a bitmap scan that sorted the rest of the range for every
    page: 27k records/s). No transaction is held open, unlike a server-side cursor."""
    import psycopg

    body = "convert_to(body, 'UTF8')" if raw_bodies else "body"
    connection.ensure_connection()
    # Django's cursor binds client-side, which cannot take binary results; a plain psycopg cursor on the same
    # connection (same transaction) can. Never prepared: a generic plan would not see how selective `seq > $1` is.
    with psycopg.Cursor(connection.connection) as cur:
        while True:
            limit = batch if last is None else min(batch, last - after)
            if limit <= 0:
                return
            cur.execute(f"SELECT seq, {body}, content_hash, chain_hash FROM archive_archiverecord "  # noqa: S608
                        f"WHERE seq > %s ORDER BY seq LIMIT {int(limit)}", [after], binary=raw_bodies, prepare=False)
            rows = cur.fetchall()
            if not rows:
                return
            yield from rows
            after = rows[-1][0]


def _tombstones_legitimate(tombstones: tuple[int, ...]) -> tuple[int, str] | None:
    """A tombstone is legitimate only if a disposition item names it and that disposition's certificate record,
    itself in the verified chain, lists it (so an eraser who drops the triggers is still caught)."""
    if not tombstones:
        return None
    items = dict(DispositionItem.objects.filter(seq__in=tombstones).values_list("seq", "disposition_id"))
    certificates: dict[int, list[list[int]]] = {}
    for cert_seq, body in ArchiveRecord.objects.filter(seq__in=set(items.values())).values_list("seq", "body"):
        certificates[cert_seq] = json.loads(body).get("payload", {}).get("seq_ranges", []) if body else []
    for seq in tombstones:
        cert = items.get(seq)
        if cert is None:
            return seq, "record's payload is gone but no disposition names it"
        ranges = certificates.get(cert)
        if ranges is None or not any(lo <= seq <= hi for lo, hi in ranges):
            return seq, f"record's payload is gone but disposition certificate {cert} does not list it"
    return None


PARALLEL_FROM = 200_000


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Verify makes no reference cycles, only millions of short-lived tuples: the cyclic collector would walk the
    whole heap over and over (measured: a third of the time in a process that holds a large heap)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _segments(head_seq: int, checkpoints: list[dict], parts: int) -> list[tuple[int, int]]:
    """Cut 1..head into contiguous ranges, only at checkpoint boundaries when there are checkpoints (a checkpoint's
    Merkle range must be verified whole by one worker)."""
    size = max(head_seq // parts, 1)
    cuts = sorted({c["seq"] for c in checkpoints if c["seq"] < head_seq})
    last_cut = cuts[-1] if cuts else 0
    bounds, start = [], 1
    while start <= head_seq:
        target = start + size - 1
        end = target if target >= last_cut else next(c for c in cuts if c >= target)
        end = min(end, head_seq)
        if head_seq - end < size // 4:  # no sliver at the end
            end = head_seq
        bounds.append((start, end))
        start = end + 1
    return bounds


def _worker_init() -> None:
    connections.close_all()
    gc.disable()  # forked from a paused parent already; explicit so a worker never walks the parent's heap


def _verify_segment(job: tuple[int, int, str, list[dict], tuple[int, str] | None]) -> VerifyReport:
    first, last, previous, checkpoints, head = job
    return verify_rows(iter_record_rows(first=first, last=last, raw_bodies=True), checkpoints=checkpoints,
                       head=head if head is not None else (last, _stored_chain(last)), first_seq=first,
                       previous_chain=previous)


def _stored_chain(seq: int) -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT chain_hash FROM archive_archiverecord WHERE seq = %s", [seq])
        row = cur.fetchone()
    return row[0] if row else ""


def _verify_parallel(head: tuple[int, str], checkpoints: list[dict], progress: Callable[[int], None] | None,
                     workers: int) -> VerifyReport:
    """Verify ranges in parallel processes, each from the stored chain hash before its range; the range before
    it checks that very hash, so the whole chain is covered. Used only outside transactions (forked workers open
    their own connections and must see committed rows)."""
    bounds = _segments(head[0], checkpoints, workers * 4)
    jobs = []
    for i, (first, last) in enumerate(bounds):
        previous = GENESIS if first == 1 else _stored_chain(first - 1)
        if not previous:
            return VerifyReport(False, 0, first - 1, f"record {first - 1} is missing")
        final = i == len(bounds) - 1
        # The last range also takes checkpoints beyond the head: they name records the database lost.
        cps = [c for c in checkpoints if first <= c["seq"] and (final or c["seq"] <= last)]
        jobs.append((first, last, previous, cps, head if final else None))
    connections.close_all()  # forked workers must not share the parent's connection
    checked = 0
    tombstones: list[int] = []
    with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init) as pool:
        for report in pool.imap(_verify_segment, jobs):
            if not report.ok:
                pool.terminate()
                return VerifyReport(False, checked + report.checked, report.first_broken_seq, report.reason)
            checked += report.checked
            tombstones += report.tombstones
            if progress is not None:
                progress(checked)
    return VerifyReport(True, checked, tombstones=tuple(tombstones), checkpoints=len(checkpoints))


def archive_verify(*, progress: Callable[[int], None] | None = None, check_checkpoints: bool = True,
                   workers: int | None = None) -> VerifyReport:
    """Recompute every content hash and the chain from genesis, check every checkpoint file (signature, chain
    head, Merkle root) and every tombstone's certificate; name the first record that does not hold."""
    checkpoint_docs: list[dict] = []
    if check_checkpoints:
        try:
            stored = checkpoints_read()
            if stored:
                checkpoint_docs = checkpoints_check_signatures(stored, public_key_hex())
        except CheckpointError as exc:
            return VerifyReport(False, 0, exc.seq, str(exc))
        gap = check_checkpoint_sequence(checkpoint_docs) or checkpoints_missing(stored)
        if gap:
            return VerifyReport(False, 0, gap[0], gap[1])
    head = ArchiveHead.objects.filter(id=1).values_list("seq", "chain_hash").first()
    workers = workers or min(os.cpu_count() or 1, 4)
    with _gc_paused():
        if head is not None and head[0] >= PARALLEL_FROM and not connection.in_atomic_block and workers > 1:
            report = _verify_parallel(head, checkpoint_docs, progress, workers)
        else:
            # Up to the head read above: records appended while verify runs are the next run's business.
            rows = iter_record_rows(raw_bodies=True, last=head[0] if head else None)
            report = verify_rows(rows, head=head, checkpoints=checkpoint_docs, progress=progress)
    if not report.ok:
        return report
    beyond = _record_beyond_head()
    if beyond is not None:
        return VerifyReport(False, report.checked, beyond, f"record {beyond} lies beyond the chain head")
    bad = _tombstones_legitimate(report.tombstones)
    if bad:
        return VerifyReport(False, report.checked, bad[0], bad[1])
    return report


def _record_beyond_head() -> int | None:
    """Verify reads up to the head it started from, so appends during the run are no false alarm; a committed
    record beyond the committed head was never appended by the service (which moves both in one transaction).
    The largest seq is read before the head, so a commit in between cannot make a legitimate record look stray."""
    with connection.cursor() as cur:
        cur.execute("SELECT MAX(seq) FROM archive_archiverecord")
        top = cur.fetchone()[0]
    head = ArchiveHead.objects.filter(id=1).values_list("seq", flat=True).first() or 0
    return head + 1 if top is not None and top > head else None


def archive_record_count() -> int:
    head = ArchiveHead.objects.filter(id=1).values_list("seq", flat=True).first()
    return int(head or 0)


def access_log_list(limit: int = 200) -> QuerySet[ArchiveAccess]:
    return ArchiveAccess.objects.select_related("user").order_by("-at")[:limit]


def legal_hold_list() -> QuerySet[LegalHold]:
    return LegalHold.objects.select_related("created_by", "released_by").order_by("-created_at")

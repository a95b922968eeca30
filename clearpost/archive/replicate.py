"""The second, independent copy (SEC 17a-4(f)(3)(iii): a duplicate copy stored separately).

`archive_replicate(to=DIR)` appends write-once segment files (`records/seg-<first>-<last>.jsonl`, read-only,
O_EXCL) holding every record's canonical body and hashes since the last segment, and copies checkpoint files it
does not have yet. `archive_replica_verify(to=DIR)` verifies the replica on its own (content, chain, checkpoints)
and then compares it with the database record by record, so a database rewritten after the last checkpoint is
caught too."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from clearpost.archive.checkpoints import _write_once, checkpoints_check_signatures, checkpoints_read, public_key_hex
from clearpost.archive.selectors import iter_record_rows
from clearpost.archive.verification import VerifyReport, check_checkpoint_sequence, verify_rows

SEGMENT = 10_000
_SEG = re.compile(r"seg-(\d+)-(\d+)\.jsonl$")


@dataclass(frozen=True)
class ReplicateResult:
    records: int
    segments: int
    checkpoints: int
    last_seq: int


def _segments(root: Path) -> list[tuple[int, int, Path]]:
    found = []
    for path in (root / "records").glob("seg-*.jsonl"):
        m = _SEG.search(path.name)
        if m:
            found.append((int(m.group(1)), int(m.group(2)), path))
    return sorted(found)


def archive_replicate(*, to: Path) -> ReplicateResult:
    root = Path(to)
    (root / "records").mkdir(parents=True, exist_ok=True)
    (root / "checkpoints").mkdir(exist_ok=True)
    segments = _segments(root)
    last = segments[-1][1] if segments else 0
    written = records = 0
    batch: list[tuple[int, str, str, str]] = []

    def flush() -> None:
        nonlocal written, records, batch
        if not batch:
            return
        lines = "".join(json.dumps({"seq": s, "body": b, "content_hash": c, "chain_hash": h},
                                   ensure_ascii=False) + "\n" for s, b, c, h in batch)
        _write_once(root / "records" / f"seg-{batch[0][0]:015d}-{batch[-1][0]:015d}.jsonl",
                    lines.encode("utf-8"), 0o444)
        written += 1
        records += len(batch)
        batch = []

    for row in iter_record_rows(first=last + 1):
        batch.append(row)
        if len(batch) >= SEGMENT:
            flush()
    flush()
    copied = 0
    for cp in checkpoints_read():
        target = root / "checkpoints" / cp.path.name
        if not target.exists():
            shutil.copyfile(cp.path, target)
            target.chmod(0o444)
            copied += 1
    public = root / "public_key.hex"
    if not public.exists():
        _write_once(public, public_key_hex().encode(), 0o444)
    segments = _segments(root)
    return ReplicateResult(records, written, copied, segments[-1][1] if segments else 0)


def _replica_rows(root: Path) -> Iterator[tuple[int, str, str, str]]:
    for _first, _last, path in _segments(root):
        with path.open("r", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                yield row["seq"], row["body"], row["content_hash"], row["chain_hash"]


def archive_replica_verify(*, to: Path) -> VerifyReport:
    """The replica must verify alone, and the database must agree with it on every record it holds (a tombstone
    in the database is accepted against the replica's body when the hashes agree; its certificate is checked by
    `archive verify`)."""
    root = Path(to)
    stored = checkpoints_read(root / "checkpoints")
    key = (root / "public_key.hex").read_text().strip() if (root / "public_key.hex").exists() else public_key_hex()
    docs = checkpoints_check_signatures(stored, key) if stored else []
    gap = check_checkpoint_sequence(docs)
    if gap:
        return VerifyReport(False, 0, gap[0], f"replica: {gap[1]}")
    primary = {cp.path.name: cp.file_sha256 for cp in checkpoints_read()}
    for cp in stored:
        if primary.get(cp.path.name) != cp.file_sha256:
            return VerifyReport(False, 0, cp.doc.get("seq"),
                                f"checkpoint {cp.path.name} held by the replica is missing or different in "
                                "the checkpoint store")
    replica_rows = list(_replica_rows(root))
    # Checkpoints beyond the replica's last record are checked against the database by `archive verify`.
    last = replica_rows[-1][0] if replica_rows else 0
    alone = verify_rows(iter(replica_rows), checkpoints=[d for d in docs if d["seq"] <= last])
    if not alone.ok:
        return VerifyReport(False, alone.checked, alone.first_broken_seq, f"replica: {alone.reason}")
    db = iter_record_rows(last=last)
    checked = 0
    for replica_row in replica_rows:
        db_row = next(db, None)
        if db_row is None or db_row[0] != replica_row[0]:
            return VerifyReport(False, checked, replica_row[0], "the database lacks a record the replica holds")
        if db_row[2:] != replica_row[2:]:
            return VerifyReport(False, checked, replica_row[0], "the database's hashes differ from the replica's")
        if db_row[1] != replica_row[1] and db_row[1] != "":
            return VerifyReport(False, checked, replica_row[0], "the database's body differs from the replica's")
        checked += 1
    return VerifyReport(True, checked, checkpoints=len(docs))

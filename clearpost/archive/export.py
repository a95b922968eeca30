"""Production sets a regulator can check without Clearpost (SEC 17a-4(f)(3)(iii): produce records in a
human-readable form and a usable electronic format; FINRA 4511).

Layout of an export directory:
  records.jsonl        one record per line: metadata, the original payload, the canonical hashed body, hashes
  chain.tsv            seq, content hash, chain hash of every record from the start of the first checkpoint
                       range that covers the selection to the end of the last (so the chain and the checkpoints
                       can be recomputed)
  html/                post-<id>.html (a post's whole history) or record-<seq>.html, and index.html
  checkpoints/         the signed checkpoint files covering the chain range
  verify_export.py     the stand-alone verifier (Python standard library only)
  manifest.json        SHA-256 of every file, chain bounds, checkpoints, key; written last, atomically, so an
                       interrupted export has no manifest claiming completeness."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone

from clearpost.archive.checkpoints import checkpoints_read, public_key_hex
from clearpost.archive.disposition import seq_ranges
from clearpost.archive.hashing import GENESIS
from clearpost.archive.models import AccessAction, ArchiveHead, ArchiveRecord
from clearpost.archive.search import SearchFilters, search_seqs
from clearpost.archive.services import archive_access_record

FORMAT = "clearpost-archive-export/1"
_COLUMNS = ("seq", "record_class", "retention_class", "event_type", "occurred_at", "captured_at", "actor_id",
            "advisor_id", "branch_id", "network", "account_id", "post_id", "direction", "verdict", "references_seq",
            "body", "content_hash", "chain_hash", "disposed_at")


class ExportError(Exception):
    pass


@dataclass(frozen=True)
class ExportResult:
    out: Path
    record_count: int
    files: int


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _selected(query: str, filters: SearchFilters) -> list[int]:
    """The selection plus the whole history of every post it touches ("each record with its history")."""
    seqs = set(search_seqs(query=query, filters=filters, limit=None))
    posts = set(ArchiveRecord.objects.filter(seq__in=seqs, post_id__isnull=False)
                .values_list("post_id", flat=True)) if len(seqs) < 50_000 else set()
    if posts:
        seqs |= set(ArchiveRecord.objects.filter(post_id__in=posts).values_list("seq", flat=True))
    return sorted(seqs)


def _rows(seqs: list[int]) -> Iterable[dict[str, Any]]:
    for i in range(0, len(seqs), 900):
        yield from ArchiveRecord.objects.filter(seq__in=seqs[i:i + 900]).order_by("seq").values(*_COLUMNS)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def archive_export(*, out: Path, user: Any = None, query: str = "", filters: SearchFilters | None = None
                   ) -> ExportResult:
    """Write a production set into `out` (which must not exist or be empty); log the access."""
    filters = filters or SearchFilters()
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ExportError(f"{out} is not empty; an export goes into a new directory")
    seqs = _selected(query, filters)
    (out / "html").mkdir(parents=True, exist_ok=True)
    (out / "checkpoints").mkdir(exist_ok=True)
    # The verifier goes first: run on an interrupted export it says the manifest is missing.
    (out / "verify_export.py").write_bytes(Path(__file__).with_name("export_verifier.py").read_bytes())
    head = ArchiveHead.objects.filter(id=1).values_list("seq", "chain_hash").first() or (0, GENESIS)
    stored = checkpoints_read()
    first_sel, last_sel = (seqs[0], seqs[-1]) if seqs else (head[0] + 1, head[0])
    start, end = 1, head[0]
    for cp in stored:
        if cp.doc["seq"] < first_sel:
            start = cp.doc["seq"] + 1
    for cp in stored:
        if cp.doc["seq"] >= last_sel:
            end = cp.doc["seq"]
            break
    covering = [cp for cp in stored if cp.doc["prev_seq"] + 1 >= start and cp.doc["seq"] <= end]

    by_post: dict[int, list[dict[str, Any]]] = defaultdict(list)
    loose: list[dict[str, Any]] = []
    with (out / "records.jsonl").open("w", encoding="utf-8") as fh:
        for row in _rows(seqs):
            body = row["body"]
            record = {k: _iso(v) for k, v in row.items()}
            record["payload"] = json.loads(body).get("payload") if body else None
            fh.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
            shown = {**record, "pretty": json.dumps(record["payload"], indent=2, ensure_ascii=False, sort_keys=True)}
            (by_post[row["post_id"]] if row["post_id"] is not None else loose).append(shown)
        fh.flush()
        os.fsync(fh.fileno())

    with connection.cursor() as cur:
        cur.execute("SELECT chain_hash FROM archive_archiverecord WHERE seq = %s", [start - 1])
        row = cur.fetchone()
        start_prev = row[0] if row else GENESIS
        last_chain = start_prev
        with (out / "chain.tsv").open("w", encoding="utf-8") as fh:
            after = start - 1
            while after < end:
                cur.execute("SELECT seq, content_hash, chain_hash FROM archive_archiverecord WHERE seq > %s "
                            "AND seq <= %s ORDER BY seq LIMIT 20000", [after, end])
                rows = cur.fetchall()
                if not rows:
                    break
                fh.writelines(f"{s}\t{c}\t{h}\n" for s, c, h in rows)
                after, last_chain = rows[-1][0], rows[-1][2]

    pages = []
    for post_id, records in sorted(by_post.items()):
        name = f"html/post-{post_id}.html"
        (out / name).write_text(render_to_string("archive/export_history.html", {
            "title": f"Post {post_id}: history", "records": records}), "utf-8")
        pages.append((name, f"Post {post_id}", len(records)))
    for record in loose:
        name = f"html/record-{record['seq']}.html"
        (out / name).write_text(render_to_string("archive/export_history.html", {
            "title": f"Record {record['seq']}", "records": [record]}), "utf-8")
        pages.append((name, f"Record {record['seq']} ({record['event_type']})", 1))
    (out / "html" / "index.html").write_text(render_to_string("archive/export_index.html", {
        "pages": [(n.removeprefix("html/"), label, count) for n, label, count in pages],
        "count": len(seqs)}), "utf-8")
    for cp in covering:
        shutil.copyfile(cp.path, out / "checkpoints" / cp.path.name)

    files = {str(p.relative_to(out)): _sha256_file(p) for p in sorted(out.rglob("*")) if p.is_file()}
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "created_by": getattr(user, "username", None) or "command line",
        "query": query,
        "filters": filters.as_dict(),
        "record_count": len(seqs),
        "seq_ranges": seq_ranges(seqs),
        "chain": {"first_seq": start, "last_seq": end if end >= start else start - 1,
                  "start_prev_chain_hash": start_prev, "last_chain_hash": last_chain,
                  "database_head_seq": head[0], "database_head_chain_hash": head[1]},
        "checkpoints": [f"checkpoints/{cp.path.name}" for cp in covering],
        "public_key": public_key_hex(),
        "signature_algorithm": "Ed25519 over the canonical JSON of each checkpoint without its signature",
        "signature_verification": "verify_export.py checks files, records, chain and Merkle roots with the "
                                  "standard library only; it checks checkpoint signatures when the `cryptography` "
                                  "package is importable and says so when it is not",
        "files": files,
    }
    tmp = out / "manifest.json.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out / "manifest.json")  # atomic: the manifest exists only once everything above does
    archive_access_record(user=user, action=AccessAction.EXPORT, query=query, filters=filters.as_dict(),
                          seq_ranges=seq_ranges(seqs), count=len(seqs))
    return ExportResult(out, len(seqs), len(files) + 1)

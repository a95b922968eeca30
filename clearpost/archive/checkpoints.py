"""Checkpoints outside the database (SEC 17a-4(f)(2)(i)(A) audit-trail alternative: the record's integrity is
provable even against someone who controls the database).

A checkpoint is a signed statement {seq, chain head, Merkle root of the records since the previous checkpoint,
hash of the previous checkpoint file, time}, written once as a read-only file into ARCHIVE_CHECKPOINT_DIR
(O_EXCL: never overwritten). The Ed25519 signing key lives in ARCHIVE_SIGNING_KEY_FILE (created on first use,
mode 0600), never in the database. Rewriting the whole chain in the database therefore breaks either a
checkpoint's chain head, its Merkle root, or its signature. In production the directory is an object-lock
bucket or a WORM mount, which the database's own users cannot write."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import connection
from django.utils import timezone

from clearpost.archive.hashing import canonical_json, merkle_root
from clearpost.archive.models import ArchiveHead, CheckpointWritten

PREFIX = "checkpoint-"
FORMAT = "clearpost-archive-checkpoint/1"


class CheckpointError(Exception):
    def __init__(self, message: str, *, seq: int | None = None) -> None:
        super().__init__(message)
        self.seq = seq


def _write_once(path: Path, data: bytes, mode: int) -> None:
    """Create `path` exclusively, write, fsync file and directory, leave it read-only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode | 0o200)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, mode)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def signing_key(path: Path | None = None) -> Ed25519PrivateKey:
    path = Path(path or settings.ARCHIVE_SIGNING_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        with contextlib.suppress(FileExistsError):  # another process created it first: use theirs
            _write_once(path, pem, 0o600)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise CheckpointError(f"{path} does not hold an Ed25519 private key")
    return loaded


def public_key_hex(key: Ed25519PrivateKey | None = None) -> str:
    key = key or signing_key()
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def _signed_part(doc: dict[str, Any]) -> bytes:
    return canonical_json({k: v for k, v in doc.items() if k != "signature"}).encode("utf-8")


def database_label() -> str:
    """Which database a checkpoint directory belongs to: one store may serve several databases (the demo, a test
    run, production) without one's checkpoints being checked against another. Rewriting a database does not
    change its name, so this is no way around the checkpoints."""
    name = Path(str(connection.settings_dict.get("NAME") or "default")).name
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{connection.vendor}-{name}")[:100]


def checkpoint_dir() -> Path:
    path = Path(settings.ARCHIVE_CHECKPOINT_DIR) / database_label()
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class StoredCheckpoint:
    path: Path
    doc: dict[str, Any]
    file_sha256: str


def checkpoints_read(directory: Path | None = None) -> list[StoredCheckpoint]:
    directory = directory or checkpoint_dir()
    found = []
    for path in sorted(directory.glob(f"{PREFIX}*.json")):
        data = path.read_bytes()
        try:
            doc = json.loads(data)
        except ValueError as exc:
            raise CheckpointError(f"checkpoint file {path.name} is not valid JSON") from exc
        found.append(StoredCheckpoint(path, doc, hashlib.sha256(data).hexdigest()))
    found.sort(key=lambda c: int(c.doc.get("seq", 0)))
    return found


def checkpoints_check_signatures(stored: list[StoredCheckpoint], public_hex: str) -> list[dict[str, Any]]:
    """Every checkpoint must be signed by our key and link to the file before it; returns the docs."""
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
    previous_file = ""
    docs = []
    for cp in stored:
        doc = cp.doc
        seq = doc.get("seq")
        if doc.get("format") != FORMAT or doc.get("public_key") != public_hex:
            raise CheckpointError(f"checkpoint {cp.path.name} is not signed with this archive's key", seq=seq)
        try:
            public.verify(bytes.fromhex(doc["signature"]), _signed_part(doc))
        except (InvalidSignature, ValueError, KeyError) as exc:
            raise CheckpointError(f"checkpoint {cp.path.name} has a bad signature", seq=seq) from exc
        if doc.get("prev_file_sha256", "") != previous_file:
            raise CheckpointError(f"checkpoint {cp.path.name} does not follow the checkpoint before it", seq=seq)
        previous_file = cp.file_sha256
        docs.append(doc)
    return docs


def _content_hashes(first: int, last: int) -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT content_hash FROM archive_archiverecord WHERE seq BETWEEN %s AND %s ORDER BY seq",
                    [first, last])
        return [row[0] for row in cur.fetchall()]


def checkpoint_write(*, force: bool = False) -> StoredCheckpoint | None:
    """Sign and write a checkpoint of the current head; None when nothing was appended since the last one
    (unless `force`). Reads only committed rows, so it may run beside appenders."""
    directory = checkpoint_dir()
    key = signing_key()
    existing = checkpoints_read(directory)
    last = existing[-1] if existing else None
    head = ArchiveHead.objects.filter(id=1).values_list("seq", "chain_hash").first() or (0, "0" * 64)
    prev_seq = int(last.doc["seq"]) if last else 0
    if head[0] == 0 or (head[0] == prev_seq and not force):
        return None
    if head[0] < prev_seq:
        raise CheckpointError(f"the database head ({head[0]}) is behind the last checkpoint ({prev_seq})",
                              seq=head[0] + 1)
    leaves = _content_hashes(prev_seq + 1, head[0])
    with connection.cursor() as cur:
        cur.execute("SELECT chain_hash FROM archive_archiverecord WHERE seq = %s", [head[0]])
        row = cur.fetchone()
    doc: dict[str, Any] = {
        "format": FORMAT,
        "seq": head[0],
        "prev_seq": prev_seq,
        "chain_head": row[0] if row else "0" * 64,
        "merkle_root": merkle_root(leaves),
        "record_count": len(leaves),
        "prev_file_sha256": last.file_sha256 if last else "",
        "created_at": timezone.now().isoformat(),
        "public_key": public_key_hex(key),
    }
    doc["signature"] = key.sign(_signed_part(doc)).hex()
    data = (json.dumps(doc, sort_keys=True, indent=1) + "\n").encode("utf-8")
    path = directory / f"{PREFIX}{head[0]:015d}.json"
    if path.exists() and force:
        return None  # a checkpoint at this very seq exists: write-once
    _write_once(path, data, 0o444)
    stored = StoredCheckpoint(path, doc, hashlib.sha256(data).hexdigest())
    # After the file, so a note never names a file that was not written (a file without a note is still checked).
    CheckpointWritten.objects.create(seq=head[0], file_sha256=stored.file_sha256, written_at=timezone.now())
    return stored


def checkpoints_missing(stored: list[StoredCheckpoint]) -> tuple[int, str] | None:
    """Every checkpoint the database noted writing must still be in the store, unchanged: the file chain alone
    cannot show that its newest file was deleted. Returns (seq, problem) or None."""
    present = {int(cp.doc.get("seq", 0)): cp.file_sha256 for cp in stored}
    for seq, file_sha256 in CheckpointWritten.objects.order_by("seq").values_list("seq", "file_sha256"):
        if present.get(seq) != file_sha256:
            state = "is missing" if seq not in present else "differs from the one written"
            return seq, f"checkpoint file for record {seq} {state}: the checkpoint store was tampered with"
    return None

"""The verification core, independent of the database: it takes rows (seq, body, content hash, chain hash) in
sequence order, the checkpoints and the head, and names the first thing that does not hold. The DB verify, the
randomized tamper suite and the replica check all run through `verify_rows` (SEC 17a-4(f): verifiable)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from clearpost.archive.hashing import GENESIS, merkle_root

Row = tuple[int, str | bytes, str, str]
_SEQ_MARK = b',"seq":'


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    tombstones: tuple[int, ...] = ()
    checkpoints: int = 0


@dataclass
class _Checkpoints:
    by_seq: dict[int, dict[str, Any]] = field(default_factory=dict)
    leaves: list[str] = field(default_factory=list)
    next_seq: int | None = None


def verify_rows(
    rows: Iterable[Row],
    *,
    head: tuple[int, str] | None = None,
    checkpoints: Sequence[dict[str, Any]] = (),
    progress: Callable[[int], None] | None = None,
    progress_every: int = 50_000,
    first_seq: int = 1,
    previous_chain: str = GENESIS,
) -> VerifyReport:
    """Recompute every content hash and the chain from genesis, check each checkpoint's chain head and Merkle
    root against the rows, and the head row against the last record. A tombstone (empty body) is accepted by its
    stored content hash — its legitimacy (a certificate naming it) is checked by the caller.

    `checkpoints` are already signature-checked dicts with `seq`, `prev_seq`, `chain_head`, `merkle_root`."""
    sha256 = hashlib.sha256
    fromhex = bytes.fromhex
    link_bytes = fromhex(previous_chain)
    expected = first_seq
    checked = 0
    tombstones: list[int] = []
    ordered = sorted(checkpoints, key=lambda c: c["seq"])
    cps = {c["seq"]: c for c in ordered}
    next_cp = ordered[0]["seq"] if ordered else None
    cp_index = 0
    leaves: list[str] = []
    collect = next_cp is not None
    for seq, body, stored_content, stored_chain in rows:
        if seq != expected:
            if seq < expected:
                return VerifyReport(False, checked, seq, f"record {seq} appears out of order")
            return VerifyReport(False, checked, expected, f"record {expected} is missing")
        if body:
            # Bodies arrive as the stored bytes from the database (no decode/encode round trip), as str elsewhere.
            raw = body if body.__class__ is bytes else body.encode("utf-8")
            digest = sha256(raw).digest()
            if digest.hex() != stored_content:
                return VerifyReport(False, checked, seq, "content hash does not match the record's body")
            at = raw.rfind(_SEQ_MARK)
            if at < 0 or not raw.startswith(b"%d," % seq, at + 7):
                return VerifyReport(False, checked, seq, "record body names another sequence number")
        else:
            tombstones.append(seq)
            try:
                digest = fromhex(stored_content)
            except ValueError:
                return VerifyReport(False, checked, seq, "a tombstone's content hash is not a hash")
        link_bytes = sha256(link_bytes + digest).digest()
        if link_bytes.hex() != stored_chain:
            return VerifyReport(False, checked, seq, "chain hash does not follow from the previous record")
        if collect:
            leaves.append(stored_content)
            if seq == next_cp:
                cp = cps[seq]
                if cp["chain_head"] != stored_chain:
                    return VerifyReport(False, checked, seq,
                                        f"checkpoint at record {seq} names another chain head: the chain was rewritten")
                if merkle_root(leaves) != cp["merkle_root"]:
                    return VerifyReport(False, checked, seq,
                                        f"checkpoint at record {seq}: Merkle root of records {cp['prev_seq'] + 1}"
                                        f"–{seq} differs: the range was rewritten")
                leaves = []
                cp_index += 1
                next_cp = ordered[cp_index]["seq"] if cp_index < len(ordered) else None
                collect = next_cp is not None
        expected += 1
        checked += 1
        if progress is not None and not checked % progress_every:
            progress(checked)
    if progress is not None:
        progress(checked)
    if next_cp is not None:
        return VerifyReport(False, checked, expected,
                            f"checkpoint at record {next_cp} names records the database no longer has")
    if head is not None and (head[0] != expected - 1 or head[1] != link_bytes.hex()):
        return VerifyReport(False, checked, expected, "records after the last stored one are missing")
    return VerifyReport(True, checked, tombstones=tuple(tombstones), checkpoints=len(ordered))


def check_checkpoint_sequence(checkpoints: Sequence[dict[str, Any]]) -> tuple[int, str] | None:
    """Checkpoints must tile the chain: each starts where the previous ended. Returns (seq, problem) or None."""
    previous = 0
    for cp in sorted(checkpoints, key=lambda c: c["seq"]):
        if cp["prev_seq"] != previous:
            return cp["seq"], (f"checkpoint at record {cp['seq']} starts after record {cp['prev_seq']}, but the "
                               f"previous checkpoint ends at {previous}: a checkpoint is missing")
        previous = cp["seq"]
    return None

"""Canonical encoding, the hash chain and Merkle roots, shared by append, verify, checkpoints, export and replica
(and mirrored by the stand-alone verifier an export ships, `export_verifier.py`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

GENESIS = "0" * 64
_SEQ_MARK = ',"seq":'


# One encoder, built once: json.dumps with non-default options would build a new one per call.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def canonical_json(value: Any) -> str:
    return _ENCODER.encode(value)


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def chain_hash(previous: str, content: str) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(content)).hexdigest()


def body_seq(body: str) -> int | None:
    """The top-level `seq` of a canonical body without parsing the JSON (verify runs at >200k records/s).

    Keys are sorted, so the top-level "seq" comes after "payload"; the only keys after it ("subjects" with fixed
    keys, "verdict") hold no unescaped quote, so the last `,"seq":` is the top-level one."""
    at = body.rfind(_SEQ_MARK)
    if at < 0:
        return None
    start = at + len(_SEQ_MARK)
    end = start
    while end < len(body) and body[end].isdigit():
        end += 1
    return int(body[start:end]) if end > start else None


def merkle_root(leaves_hex: Sequence[str]) -> str:
    """RFC 6962-style Merkle tree hash over content hashes: leaves 0x00||h, nodes 0x01||l||r, an odd node is
    promoted. The empty range hashes to SHA-256 of nothing."""
    sha = hashlib.sha256
    if not leaves_hex:
        return sha(b"").hexdigest()
    level = [sha(b"\x00" + bytes.fromhex(h)).digest() for h in leaves_hex]
    while len(level) > 1:
        nxt = [sha(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0].hex()


# PostgreSQL refuses a tsvector over 1 MB, and a record can carry far more text (an imported rule set is several MB):
# past this many characters the search text keeps each distinct word once, in order, up to it. The record itself is
# archived whole; only what the full-text index holds is bounded.
SEARCH_TEXT_MAX_CHARS = 100_000


def search_text(event_type: str, network: str, payload: Any) -> str:
    """The words a record is found by: its event type, network and every string or number in its payload (for a
    very large record, its distinct words up to SEARCH_TEXT_MAX_CHARS)."""
    parts: list[str] = [event_type.replace(".", " "), network]
    stack: list[Any] = [payload]
    while stack:  # iterative: this runs once per appended record
        value = stack.pop()
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            stack.extend(reversed(value.values()))
        elif isinstance(value, list | tuple):
            stack.extend(reversed(value))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            parts.append(str(value))
    text = " ".join(p for p in parts if p)
    if len(text) <= SEARCH_TEXT_MAX_CHARS:
        return text
    kept: list[str] = []
    size = 0
    for word in dict.fromkeys(text.split()):
        size += len(word) + 1
        if size > SEARCH_TEXT_MAX_CHARS:
            break
        kept.append(word)
    return " ".join(kept)

#!/usr/bin/env python3
"""Verify a Clearpost archive production set without Clearpost (SEC 17a-4(f): records verifiable by the
regulator). Needs only Python 3.9+'s standard library:

    python3 verify_export.py [EXPORT_DIR]

Checks, in order: the SHA-256 of every file the manifest lists; every record's body against its content hash and
its payload; the hash chain over chain.tsv (every record from the first covered checkpoint range to the last);
that every exported record sits in that chain; every checkpoint's chain head and Merkle root against the chain;
and, only when the `cryptography` package is importable, each checkpoint's Ed25519 signature against the public
key in the manifest (pure standard-library Ed25519 is not attempted). Exit status 0 when everything holds.
This file is copied verbatim into each export; keep it standard-library only."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def merkle_root(leaves_hex: list[str]) -> str:
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


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _signed_part(doc: dict) -> bytes:
    body = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")


def verify(root: Path) -> list[str]:
    problems: list[str] = []
    manifest_path = root / "manifest.json"
    if not manifest_path.exists():
        return ["manifest.json is missing: the export is incomplete"]
    manifest = json.loads(manifest_path.read_text("utf-8"))
    for name, expected in sorted(manifest["files"].items()):
        path = root / name
        if not path.is_file():
            problems.append(f"{name}: listed in the manifest but missing")
        elif _sha256_file(path) != expected:
            problems.append(f"{name}: SHA-256 differs from the manifest")
    if problems:
        return problems

    chain_info = manifest["chain"]
    chain: dict[int, tuple[str, str]] = {}
    previous = chain_info["start_prev_chain_hash"]
    expected_seq = chain_info["first_seq"]
    with (root / "chain.tsv").open("r", encoding="utf-8") as fh:
        for line in fh:
            seq_s, content, link = line.rstrip("\n").split("\t")
            seq = int(seq_s)
            if seq != expected_seq:
                problems.append(f"chain.tsv: record {expected_seq} is missing")
                return problems
            if hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(content)).hexdigest() != link:
                problems.append(f"chain.tsv: record {seq}: chain hash does not follow from the previous record")
                return problems
            chain[seq] = (content, link)
            previous = link
            expected_seq += 1
    if chain and (expected_seq - 1 != chain_info["last_seq"] or previous != chain_info["last_chain_hash"]):
        problems.append("chain.tsv does not end where the manifest says")

    count = 0
    with (root / "records.jsonl").open("r", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            seq = record["seq"]
            count += 1
            if seq not in chain or chain[seq] != (record["content_hash"], record["chain_hash"]):
                problems.append(f"record {seq}: not in the verified chain with these hashes")
                continue
            body = record["body"]
            if body == "":
                if not record.get("disposed_at"):
                    problems.append(f"record {seq}: empty body but not marked as disposed")
                continue
            if hashlib.sha256(body.encode("utf-8")).hexdigest() != record["content_hash"]:
                problems.append(f"record {seq}: body does not match its content hash")
            elif json.loads(body).get("payload") != record["payload"]:
                problems.append(f"record {seq}: payload differs from the hashed body")
    if count != manifest["record_count"]:
        problems.append(f"records.jsonl holds {count} records, the manifest says {manifest['record_count']}")

    public_hex = manifest.get("public_key", "")
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)) if public_hex else None
    except ImportError:
        public = None
        print("note: `cryptography` is not installed; checkpoint signatures were not checked", file=sys.stderr)
    for name in manifest.get("checkpoints", []):
        doc = json.loads((root / name).read_text("utf-8"))
        seq, prev = doc["seq"], doc["prev_seq"]
        if public is not None:
            try:
                public.verify(bytes.fromhex(doc["signature"]), _signed_part(doc))
            except Exception:
                problems.append(f"{name}: bad signature")
                continue
        if seq in chain and chain[seq][1] != doc["chain_head"]:
            problems.append(f"{name}: chain head differs from the chain: rewritten")
        covered = all(s in chain for s in range(prev + 1, seq + 1))
        if covered and merkle_root([chain[s][0] for s in range(prev + 1, seq + 1)]) != doc["merkle_root"]:
            problems.append(f"{name}: Merkle root differs from the chain: rewritten")
    return problems


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent)
    problems = verify(root)
    for problem in problems:
        print("FAIL:", problem)
    if problems:
        return 1
    print(f"OK: {root} verifies (files, records, chain, checkpoints)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

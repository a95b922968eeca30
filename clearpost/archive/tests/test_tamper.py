"""At least 1,000 random tamperings, every one detected (issue 4 integrity target): most run against in-memory
rows through the same `verify_rows` the database verify uses, a few dozen through the real database."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection, transaction

from clearpost.archive.checkpoints import checkpoint_write
from clearpost.archive.hashing import GENESIS, canonical_json, chain_hash, content_hash, merkle_root
from clearpost.archive.models import ArchiveHead, ArchiveRecord
from clearpost.archive.selectors import archive_verify
from clearpost.archive.services import archive_record_append
from clearpost.archive.verification import verify_rows
from clearpost.core.events import EventType

Row = tuple[int, str, str, str]
N = 120
CHECKPOINT_EVERY = 30


def _body(seq: int, rng: random.Random) -> str:
    at = (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=seq)).isoformat()
    return canonical_json({"seq": seq, "record_class": "communication", "retention_class": "communications",
                           "event_type": "post.submitted", "occurred_at": at, "captured_at": at, "actor_id": 1,
                           "subjects": {"advisor_id": rng.randint(1, 9), "branch_id": 1, "network": "x",
                                        "account_id": None, "post_id": seq},
                           "payload": {"text": f"post {seq} " + "é" * rng.randint(0, 3), "n": rng.random()}})


def _rechain(bodies: list[str]) -> list[Row]:
    rows, link = [], GENESIS
    for seq, body in enumerate(bodies, start=1):
        digest = content_hash(body)
        link = chain_hash(link, digest)
        rows.append((seq, body, digest, link))
    return rows


def _checkpoints(rows: list[Row]) -> list[dict[str, Any]]:
    cps, prev = [], 0
    for end in range(CHECKPOINT_EVERY, len(rows) + 1, CHECKPOINT_EVERY):
        cps.append({"seq": end, "prev_seq": prev, "chain_head": rows[end - 1][3],
                    "merkle_root": merkle_root([r[2] for r in rows[prev:end]])})
        prev = end
    return cps


def _flip(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    replacement = chr((ord(text[i]) + rng.randint(1, 25)) % 0x7E or 0x41)
    if replacement == text[i]:
        replacement = "Z" if text[i] != "Z" else "Y"
    return text[:i] + replacement + text[i + 1:]


def _flip_hex(value: str, rng: random.Random) -> str:
    i = rng.randrange(len(value))
    return value[:i] + ("0" if value[i] != "0" else "1") + value[i + 1:]


Tamper = Callable[[list[Row], random.Random], tuple[list[Row], tuple[int, str] | None, bool]]
# Each returns (rows, head, use_checkpoints): head None means the attacker also rewrote the head row.


def byte_flip(rows, rng):  # type: ignore[no-untyped-def]
    k = rng.randrange(len(rows))
    seq, body, c, h = rows[k]
    rows[k] = (seq, _flip(body, rng), c, h)
    return rows, (len(rows), rows[-1][3]), rng.random() < 0.5


def hash_flip(rows, rng):  # type: ignore[no-untyped-def]
    k = rng.randrange(len(rows))
    seq, body, c, h = rows[k]
    rows[k] = (seq, body, _flip_hex(c, rng), h) if rng.random() < 0.5 else (seq, body, c, _flip_hex(h, rng))
    return rows, (len(rows), rows[-1][3]), rng.random() < 0.5


def deletion(rows, rng):  # type: ignore[no-untyped-def]
    head = (len(rows), rows[-1][3])
    del rows[rng.randrange(len(rows))]
    return rows, head, rng.random() < 0.5


def tail_truncation(rows, rng):  # type: ignore[no-untyped-def]
    head = (len(rows), rows[-1][3])
    del rows[len(rows) - rng.randint(1, 10):]
    return rows, head, rng.random() < 0.5


def reorder(rows, rng):  # type: ignore[no-untyped-def]
    i, j = sorted(rng.sample(range(len(rows)), 2))
    if rng.random() < 0.5:
        rows[i], rows[j] = rows[j], rows[i]  # whole rows swapped
    else:  # contents swapped, sequence numbers kept
        rows[i], rows[j] = (rows[i][0], *rows[j][1:]), (rows[j][0], *rows[i][1:])
    return rows, (len(rows), rows[-1][3]), rng.random() < 0.5


def rewrite_without_head(rows, rng):  # type: ignore[no-untyped-def]
    """Change a body and recompute every hash after it, but leave the head row: the head catches it."""
    head = (len(rows), rows[-1][3])
    bodies = [r[1] for r in rows]
    k = rng.randrange(len(bodies))
    bodies[k] = bodies[k].replace(f"post {k + 1}", f"post {k + 1} (edited)")
    return _rechain(bodies), head, False


def rewrite_with_head(rows, rng):  # type: ignore[no-untyped-def]
    """A consistent rewrite of the whole chain and the head: only the checkpoints outside the database catch it."""
    bodies = [r[1] for r in rows]
    k = rng.randrange(len(bodies))
    if rng.random() < 0.5:
        bodies[k] = bodies[k].replace(f"post {k + 1}", f"post {k + 1} (edited)")
    else:  # erase a record and renumber everything after it
        del bodies[k]
        bodies = [b.replace(f'"seq":{i + 2},', f'"seq":{i + 1},') if i >= k else b for i, b in enumerate(bodies)]
    new = _rechain(bodies)
    return new, (len(new), new[-1][3]), True


TAMPERS: list[Tamper] = [byte_flip, hash_flip, deletion, tail_truncation, reorder, rewrite_without_head,
                         rewrite_with_head]


def test_a_thousand_random_tamperings_are_all_detected() -> None:
    rng = random.Random(20261126)
    pristine = _rechain([_body(seq, rng) for seq in range(1, N + 1)])
    checkpoints = _checkpoints(pristine)
    assert verify_rows(iter(pristine), head=(N, pristine[-1][3]), checkpoints=checkpoints).ok
    kinds: Counter[str] = Counter()
    for _ in range(1400):
        tamper = rng.choice(TAMPERS)
        rows, head, use_checkpoints = tamper(list(pristine), rng)
        if rows == pristine:
            continue
        report = verify_rows(iter(rows), head=head, checkpoints=checkpoints if use_checkpoints else [])
        assert not report.ok, f"{tamper.__name__} went undetected"
        assert report.first_broken_seq is not None
        kinds[tamper.__name__] += 1
    assert sum(kinds.values()) >= 1000 and set(kinds) == {t.__name__ for t in TAMPERS}


def _unguard() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER archive_record_no_update")
            cur.execute("DROP TRIGGER archive_record_no_delete")
        else:
            cur.execute("ALTER TABLE archive_archiverecord DISABLE TRIGGER USER")


@pytest.mark.django_db
def test_tamperings_through_the_real_database_are_all_detected() -> None:
    rng = random.Random(7)
    for i in range(40):
        archive_record_append(event_type=EventType.POST_SUBMITTED, payload={"i": i, "text": f"post {i}"}, post_id=i)
    checkpoint_write()
    _unguard()
    assert archive_verify().ok
    detected = 0
    for _ in range(36):
        kind = rng.choice(["flip", "delete", "swap", "rewrite_covered", "hash"])
        with transaction.atomic():
            seq = rng.randint(1, 40)
            record = ArchiveRecord.objects.get(seq=seq)
            if kind == "flip":
                ArchiveRecord.objects.filter(seq=seq).update(body=_flip(record.body, rng))
            elif kind == "hash":
                ArchiveRecord.objects.filter(seq=seq).update(chain_hash=_flip_hex(record.chain_hash, rng))
            elif kind == "delete":
                ArchiveRecord.objects.filter(seq=seq).delete()
            elif kind == "swap":
                other = ArchiveRecord.objects.get(seq=seq % 40 + 1)
                ArchiveRecord.objects.filter(seq=seq).update(body=other.body, content_hash=other.content_hash,
                                                             chain_hash=other.chain_hash)
                ArchiveRecord.objects.filter(seq=other.seq).update(body=record.body, content_hash=record.content_hash,
                                                                   chain_hash=record.chain_hash)
            else:  # rewrite the chain from `seq` on, and the head: the checkpoint file catches it
                link = ArchiveRecord.objects.get(seq=seq - 1).chain_hash if seq > 1 else GENESIS
                for r in ArchiveRecord.objects.filter(seq__gte=seq).order_by("seq"):
                    body = r.body.replace('"text":"post', '"text":"forged') if r.seq == seq else r.body
                    digest = content_hash(body)
                    link = chain_hash(link, digest)
                    ArchiveRecord.objects.filter(seq=r.seq).update(body=body, content_hash=digest, chain_hash=link)
                ArchiveHead.objects.filter(id=1).update(chain_hash=link)
            report = archive_verify()
            assert not report.ok, kind
            detected += 1
            transaction.set_rollback(True)
    assert detected == 36 and archive_verify().ok

"""Archive benchmark (issue 4): ingest through the real service path vs a bare bulk insert of the same rows and
indexes, verify rate, search p95, bytes per million records. Figures and ratios come from one run.

    python bench/bench_archive.py [--records 1000000] [--batch 1000] [--postgres postgres://user@host:5432]

Runs standalone: a temporary SQLite file (and, with --postgres, a temporary PostgreSQL database), migrated here.
The capture clock is simulated (a year of traffic spread over the run) so date filters select realistic ranges."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [f"{a}{b}" for a in ("bond", "fund", "rate", "stock", "yield", "market", "client", "advice", "retire", "tax",
                             "gain", "loss", "index", "etf", "cash", "debt", "plan", "risk", "trade", "share")
         for b in ("", "s", "ing", "ed", "er", "ly", "al", "ive", "ion", "ity", "ment", "ness", "ist", "ize", "ous",
                   "ful", "less", "able", "ward", "wise", "ship", "hood", "dom", "ism", "ite")]
EVENTS = ["post.submitted", "post.version_created", "review.approved", "delivery.published", "review.rejected"]
NETWORKS = ["x", "linkedin", "mastodon"]
ADVISORS = 2000
START = datetime(2025, 1, 1, tzinfo=UTC)
YEAR = timedelta(days=365)


def _setup(database_url: str, var: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = database_url
    os.environ["CLEARPOST_VAR_DIR"] = str(var)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _entries(n: int, rng: random.Random) -> list[dict[str, Any]]:
    weights = [1 / (i + 1) for i in range(len(WORDS))]  # Zipf-like: a few common words, a long tail
    out = []
    for _ in range(n):
        text = " ".join(rng.choices(WORDS, weights, k=rng.randint(8, 30)))
        out.append({"event_type": rng.choice(EVENTS), "advisor_id": rng.randint(1, ADVISORS),
                    "branch_id": rng.randint(1, 40), "network": rng.choice(NETWORKS),
                    "post_id": rng.randint(1, n // 4 + 1), "payload": {"text": text, "lang": "en"}})
    return out


class Clock:
    """The capture clock: each batch advances it so the run spans a year of archived traffic."""

    def __init__(self, batches: int) -> None:
        self.now, self.step = START, YEAR / max(batches, 1)

    def __call__(self) -> datetime:
        return self.now


def ingest_both(entries: list[dict[str, Any]], batch: int) -> tuple[float, float]:
    """Interleaved, batch by batch, so machine load falls on both alike: the real service path (hashing, chaining,
    retention, indexing) into the archive, then a bare bulk insert of the very rows it wrote (pre-hashed) into a
    copy of the same table, indexes and full-text index. Returns (service seconds, bare seconds)."""
    from django.db import transaction

    from clearpost.archive import services
    from clearpost.archive.services import Entry, archive_records_append_many

    _bare_schema()
    clock = Clock(len(entries) // batch)
    original = services.timezone.now
    services.timezone.now = clock  # type: ignore[assignment]
    service_s = bare_s = 0.0
    try:
        for i in range(0, len(entries), batch):
            started = time.perf_counter()
            with transaction.atomic():
                seqs = archive_records_append_many([Entry(**e) for e in entries[i:i + batch]])
            service_s += time.perf_counter() - started
            clock.now += clock.step
            rows, texts = _stored_rows(seqs[0], seqs[-1])
            bare_s += _bare_insert(rows, texts)
    finally:
        services.timezone.now = original  # type: ignore[assignment]
    return service_s, bare_s


def _bare_schema() -> None:
    """The same table, indexes and full-text index as the archive, under other names."""
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'archive_archiverecord' AND sql IS NOT NULL "
                        "AND type IN ('table', 'index')")
            for (sql,) in cur.fetchall():
                sql = sql.replace("archive_archiverecord", "bench_bare").replace('"archive_', '"bench_bare_')
                cur.execute(sql.replace("CREATE INDEX \"archive", "CREATE INDEX \"bench_bare"))
            cur.execute("CREATE VIRTUAL TABLE bench_bare_search USING fts5(text, content='', "
                        "tokenize='unicode61 remove_diacritics 2')")
        else:
            cur.execute("CREATE TABLE bench_bare (LIKE archive_archiverecord INCLUDING ALL)")
            cur.execute("CREATE TABLE bench_bare_search (seq bigint PRIMARY KEY, document tsvector NOT NULL)")
            cur.execute("CREATE INDEX bench_bare_search_document ON bench_bare_search USING GIN (document)")


def _bare_insert(rows: list[tuple[Any, ...]], texts: list[tuple[int, str]]) -> float:
    """Pre-hashed rows straight in, one transaction: executemany on SQLite, COPY on PostgreSQL."""
    from django.db import connection, transaction

    from clearpost.archive.services import _INSERT_COLUMNS

    cols = ", ".join(_INSERT_COLUMNS)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(_INSERT_COLUMNS))
            cur.executemany(f"INSERT INTO bench_bare ({cols}) VALUES ({marks})", rows)  # noqa: S608
            cur.executemany("INSERT INTO bench_bare_search (rowid, text) VALUES (%s, %s)", texts)
        else:
            with cur.cursor.copy(f"COPY bench_bare ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            # COPY cannot call to_tsvector: one INSERT ... SELECT over arrays is the bare equivalent.
            cur.execute("INSERT INTO bench_bare_search (seq, document) SELECT s, to_tsvector('simple', t) "
                        "FROM unnest(%s::bigint[], %s::text[]) AS u(s, t)",
                        [[s for s, _ in texts], [t for _, t in texts]])
    return time.perf_counter() - started


def _stored_rows(first: int, last: int) -> tuple[list[tuple[Any, ...]], list[tuple[int, str]]]:
    import json

    from django.db import connection

    from clearpost.archive.hashing import search_text
    from clearpost.archive.services import _INSERT_COLUMNS

    with connection.cursor() as cur:
        cur.execute(f"SELECT {', '.join(_INSERT_COLUMNS)} FROM archive_archiverecord "  # noqa: S608
                    f"WHERE seq BETWEEN %s AND %s ORDER BY seq", [first, last])
        rows = cur.fetchall()
    body = _INSERT_COLUMNS.index("body")
    texts = [(r[0], search_text(r[3], r[9], json.loads(r[body])["payload"])) for r in rows]
    return rows, texts


def bare_read_and_hash(n: int) -> float:
    """The floor any verifier stands on: read every body through a plain cursor and hash it once."""
    import hashlib

    from django.db import connection

    sha256 = hashlib.sha256
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT body FROM archive_archiverecord ORDER BY seq")
        while rows := cur.fetchmany(20_000):
            for (body,) in rows:
                sha256(body.encode()).hexdigest()
    return n / (time.perf_counter() - started)


def search_latency(n_queries: int, rng: random.Random, *, ranked: bool = False) -> list[float]:
    from clearpost.archive.search import SearchFilters, archive_search

    timings = []
    for _ in range(n_queries):
        words = rng.sample(WORDS[:200], rng.choice([1, 1, 2]))
        since = START + timedelta(days=rng.uniform(0, 330))
        filters = SearchFilters(since=since, until=since + timedelta(days=30),
                                advisor_id=rng.randint(1, ADVISORS) if rng.random() < 0.5 else None)
        started = time.perf_counter()
        archive_search(query=" ".join(words), filters=filters, limit=50, ranked=ranked)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def database_bytes() -> int:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            # The whole file minus free pages: the archive, its indexes and its full-text index are all it holds
            # in bulk (the other apps' tables are empty here).
            cur.execute("PRAGMA page_count")
            pages = cur.fetchone()[0]
            cur.execute("PRAGMA freelist_count")
            pages -= cur.fetchone()[0]
            cur.execute("PRAGMA page_size")
            return int(pages * cur.fetchone()[0])
        cur.execute("SELECT pg_total_relation_size('archive_archiverecord') + pg_total_relation_size('archive_search')")
        return int(cur.fetchone()[0])


def run(engine: str, database_url: str, args: argparse.Namespace, var: Path) -> None:
    _setup(database_url, var)
    from django.db import connection

    from clearpost.archive.selectors import archive_verify

    rng = random.Random(17)
    n = args.records
    print(f"[{engine}] {n:,} records, batches of {args.batch}", flush=True)
    entries = _entries(n, rng)
    service_s, bare_s = ingest_both(entries, args.batch)
    service_rate, bare_rate = n / service_s, n / bare_s
    with connection.cursor() as cur:  # keep the size and search numbers about the archive tables only
        cur.execute("DROP TABLE bench_bare_search")
        cur.execute("DROP TABLE bench_bare")
    size = database_bytes()
    bare_verify_rate = bare_read_and_hash(n)
    rates = {}
    for workers in (1, None):  # serial, then the default (one process per core): what `archive verify` runs
        started = time.perf_counter()
        report = archive_verify(workers=workers)
        rates[workers] = report.checked / (time.perf_counter() - started)
        assert report.ok, report
    verify_rate = rates[None]
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE archive_archiverecord")
            cur.execute("ANALYZE archive_search")
    search_latency(20, rng)  # warm the caches
    plain = search_latency(args.queries, rng)
    ranked = search_latency(max(args.queries // 4, 20), rng, ranked=True)
    print(f"[{engine}] ingest via service       {service_rate:>12,.0f} records/s")
    print(f"[{engine}] bare bulk insert         {bare_rate:>12,.0f} records/s")
    print(f"[{engine}] service / bare           {service_rate / bare_rate:>12.2f}  (target >= 0.70)")
    print(f"[{engine}] verify                   {verify_rate:>12,.0f} records/s  (target >= 200,000; "
          f"{rates[1]:,.0f} in one process)")
    print(f"[{engine}] bare read + SHA-256 of each body, one process {bare_verify_rate:>10,.0f} records/s  "
          f"(verify / bare: {verify_rate / bare_verify_rate:.2f}; one process: {rates[1] / bare_verify_rate:.2f})")
    print(f"[{engine}] search p95, 30-day range (+advisor half the time), newest first: {p95(plain):.2f} ms "
          f"(median {statistics.median(plain):.2f}; target <= 20 ms) over {len(plain)} queries at {n:,} records")
    print(f"[{engine}] search p95, ranked by relevance: {p95(ranked):.2f} ms (target <= 150 ms)")
    print(f"[{engine}] bytes per million records (records + indexes + full text): {size / n * 1e6 / 1e6:,.0f} MB",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=int(os.environ.get("BENCH_ARCHIVE_RECORDS", 300_000)))
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", ""),
                        help="server URL without database name; a temporary database is created and dropped")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite", help=argparse.SUPPRESS)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_archive_"))
    try:
        if args.engine == "sqlite":
            run("sqlite", f"sqlite:///{tmp / 'bench.sqlite3'}", args, tmp / "var")
            if args.postgres:
                import subprocess

                subprocess.run([sys.executable, __file__, "--engine", "postgresql", "--records", str(args.records),
                                "--batch", str(args.batch), "--queries", str(args.queries), "--postgres",
                                args.postgres], check=True)
        else:
            import psycopg

            name = f"cp_bench_archive_{uuid.uuid4().hex[:8]}"
            base = args.postgres.rstrip("/")
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
            try:
                run("postgresql", f"{base}/{name}", args, tmp / "var")
            finally:
                from django.db import connections

                connections.close_all()
                with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Publishing benchmark (issue 8): deliveries per second end to end (approved post in the outbox → claimed by a
worker → sent over HTTP to the sandbox network → recorded and archived) with two worker processes, against a
baseline from the same run: raw httpx POSTs to the same sandbox endpoints (two threads, no database on our side).

    python bench/bench_publishing.py [--deliveries 600] [--postgres postgres://user@host:5432/any]

Runs standalone through core.testing.System: a temporary database (SQLite, or PostgreSQL with --postgres), the
sandbox as its own gunicorn process, and two `clearpost worker` processes. Throughput is measured from the first
claim to the last publication, from the database's own timestamps (worker start-up is not counted)."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NETWORKS = ["x", "mastodon", "linkedin"]


def _query(system: object, sql: str) -> list[tuple]:
    db = system.main_db  # type: ignore[attr-defined]
    if db.vendor == "postgresql":
        import psycopg

        with psycopg.connect(db.url) as conn:
            return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]
    path = db.url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as conn:
        return list(conn.execute(sql).fetchall())


def baseline(sandbox_url: str, seconds: float = 4.0, threads: int = 2) -> float:
    """Raw POSTs of new posts to the sandbox's three networks (round robin over the demo accounts)."""
    import httpx

    from clearpost.accounts.demo import DEMO_ADVISORS
    from clearpost.sandbox.tokens import sandbox_token

    done = [0] * threads
    stop = time.monotonic() + seconds

    def run(slot: int) -> None:
        with httpx.Client(timeout=10) as client:
            i = 0
            while time.monotonic() < stop:
                person = DEMO_ADVISORS[(i * threads + slot) % len(DEMO_ADVISORS)]
                network = NETWORKS[i % 3]
                auth = {"Authorization": f"Bearer {sandbox_token(network, person.handle)}"}
                text = f"baseline {uuid.uuid4().hex}"
                if network == "x":
                    r = client.post(f"{sandbox_url}/x/2/tweets", json={"text": text}, headers=auth)
                elif network == "mastodon":
                    r = client.post(f"{sandbox_url}/mastodon/api/v1/statuses", json={"status": text},
                                    headers={**auth, "Idempotency-Key": text})
                else:
                    me = client.get(f"{sandbox_url}/linkedin/v2/userinfo", headers=auth).json()
                    r = client.post(f"{sandbox_url}/linkedin/rest/posts", headers={
                        **auth, "LinkedIn-Version": "202511", "X-Restli-Protocol-Version": "2.0.0"}, json={
                        "author": f"urn:li:person:{me['sub']}", "commentary": text, "visibility": "PUBLIC",
                        "lifecycleState": "PUBLISHED", "distribution": {"feedDistribution": "MAIN_FEED"}})
                r.raise_for_status()
                done[slot] += 1
                i += 1

    pool = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(done) / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deliveries", type=int, default=600)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL to run on instead of SQLite")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    import django

    django.setup()
    import httpx

    from clearpost.core.testing import System
    from clearpost.sandbox.tokens import sandbox_admin_token

    work = Path(tempfile.mkdtemp(prefix="bench-publishing-"))
    system = System(work, web=False, worker=True)
    system.env["CLEARPOST_CAPTURE_INTERVAL_SECONDS"] = "3600"
    system.start_worker = lambda: None  # type: ignore[method-assign,assignment,return-value]
    system.start()
    del system.start_worker
    try:
        for network in NETWORKS:  # no faults, and room for every call in the rate windows
            httpx.put(f"{system.sandbox_url}/_sandbox/faults/{network}", json={"faults": {"rate_limit": 1_000_000},
                      "reset": True}, headers={"Authorization": f"Bearer {sandbox_admin_token()}"}).raise_for_status()
        t0 = time.monotonic()
        system.manage("shell", "-c", "from clearpost.publishing.loadgen import main; "
                      f"main('seed', count={args.deliveries}, networks={NETWORKS!r}, advisors=25, tag='bench')")
        seeded = time.monotonic() - t0
        raw = baseline(system.sandbox_url)
        workers = [system.start_worker(), system.start_worker()]
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            (published,), = _query(system, "SELECT count(*) FROM publishing_delivery WHERE status = 'published'")
            if published >= args.deliveries:
                break
            time.sleep(0.5)
        (first,), = _query(system, "SELECT min(started_at) FROM publishing_deliveryattempt")
        (last, count), = _query(system, "SELECT max(published_at), count(*) FROM publishing_delivery "
                                        "WHERE status = 'published'")
        if isinstance(first, str):
            from datetime import datetime

            first, last = datetime.fromisoformat(first), datetime.fromisoformat(last)
        span = max((last - first).total_seconds(), 1e-6)
        rate = count / span
        vendor = system.main_db.vendor
        print(f"publishing ({vendor}): {count}/{args.deliveries} deliveries published in {span:.1f}s with 2 workers "
              f"= {rate:.1f} deliveries/s end to end (target >= 100/s)")
        print(f"baseline: raw httpx POST to the same sandbox, 2 threads = {raw:.1f} posts/s; "
              f"end to end / baseline = {rate / raw:.2f}x")
        print(f"(seeding {args.deliveries} approved posts through the services took {seeded:.1f}s; "
              f"workers alive: {sum(w.poll() is None for w in workers)})")
    finally:
        system.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

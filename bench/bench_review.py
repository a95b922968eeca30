"""Review queue benchmark (issue 7).

N pending reviews (default 100,000), P principals (default 50) working at once against the production server
(gunicorn as `make demo` runs it, DEBUG off, PostgreSQL when DATABASE_URL names it): each principal acts once every
2 seconds, in turn: opens the queue page; takes the next item (POST /review/next/ claims it, then the review screen
it redirects to: what the principal waits for); approves it. Prints p50/p95/max per request and error counts
(a refused decision counts as an error), then a closed-loop saturation run (no think time) for the ceiling.

Baselines in the same run, through the same server, clients and sessions: a static file at the same pace (p95
ratios) and at saturation (throughput ceiling of server + load generator). CPU per request of the web workers,
of this database's PostgreSQL backends and of the load generator is printed for each phase: on a shared machine
those stay put when latency does not.

    .venv/bin/python bench/bench_review.py                       # PostgreSQL cp_review_helper, 100k, 50
    .venv/bin/python bench/bench_review.py --items 20000 --principals 20 --duration 30
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/bench_review.py --items 10000

Seeding writes rows in bulk (posts, versions, open review tasks) rather than through the services: 100,000
archived submissions would take longer than the measurement and measure the archive, not the queue. The
decisions made during the run do go through the services (and the archive).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/cp_review_helper"
ERROR_KINDS: dict[str, int] = {}
UNUSABLE = "!"  # Django's marker for "no password": sessions are created directly
TARGET_P95_MS = 150
# What `clearpost demo` (make demo) runs in production mode: the bench measures that server, not a tuned one.
GUNICORN_WORKERS, GUNICORN_THREADS = 2, 4


def _env(args: argparse.Namespace, var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0",
                "CLEARPOST_VAR_DIR": str(var_dir), "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)})
    return env


def _fresh_database(url: str) -> None:
    if not url.startswith("postgres"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]


def seed(items: int, principals: int, branches: int) -> list[tuple[str, str]]:
    """Bulk-create the firm and the pending reviews; return (sessionid, csrf secret) per principal."""
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.utils import timezone

    from clearpost.accounts.choices import OrgUnitKind, Registration, Role
    from clearpost.accounts.models import OrgUnit, PrincipalRegistration, User
    from clearpost.archive.hashing import content_hash
    from clearpost.posts.models import Post, PostVersion
    from clearpost.review.models import ReviewTask

    now = timezone.now()
    advisors_per_branch = 40
    with transaction.atomic():
        region = OrgUnit.objects.create(kind=OrgUnitKind.REGION, code="bench", name="Bench region")
        units = OrgUnit.objects.bulk_create([OrgUnit(kind=OrgUnitKind.BRANCH, code=f"b{i:03d}", name=f"Branch {i}",
                                                     parent=region) for i in range(branches)])
        advisor_group = Group.objects.get(name=Role.ADVISOR.value)
        principal_group = Group.objects.get(name=Role.PRINCIPAL.value)
        advisors = User.objects.bulk_create([
            User(username=f"adv{b}_{i}", display_name=f"Advisor {b}.{i}", branch=units[b],
                 crd_number=str(7_000_000 + b * 1000 + i), password=UNUSABLE)
            for b in range(branches) for i in range(advisors_per_branch)])
        User.groups.through.objects.bulk_create([User.groups.through(user_id=a.pk, group_id=advisor_group.pk)
                                                 for a in advisors])
        reviewers = User.objects.bulk_create([
            User(username=f"principal{i}", display_name=f"Principal {i}", branch=units[i % branches],
                 crd_number=str(8_000_000 + i), password=UNUSABLE) for i in range(principals)])
        User.groups.through.objects.bulk_create([User.groups.through(user_id=p.pk, group_id=principal_group.pk)
                                                 for p in reviewers])
        PrincipalRegistration.objects.bulk_create([
            PrincipalRegistration(user=p, registration=Registration.SERIES_24, granted_at=now) for p in reviewers])
    by_branch: dict[int, list[User]] = {}
    for p in reviewers:
        by_branch.setdefault(p.branch_id, []).append(p)  # type: ignore[arg-type]
    rng = random.Random(7)
    batch = 5000
    started = time.monotonic()
    for offset in range(0, items, batch):
        n = min(batch, items - offset)
        with transaction.atomic():
            authors = [advisors[rng.randrange(len(advisors))] for _ in range(n)]
            posts = Post.objects.bulk_create([Post(author=a, network="x", status="in_review") for a in authors])
            texts = [f"Bench post {offset + i}: our office hours change next week. Call us." for i in range(n)]
            screening = {"verdict": "review", "categories": [], "findings": [], "policy_version": "bench",
                         "length": {"network": "x", "counted": 60, "limit": 280, "fits": True}}
            versions = PostVersion.objects.bulk_create([
                PostVersion(post=p, number=1, text=t, content_hash=content_hash(t), screening=screening,
                            created_by_id=p.author_id) for p, t in zip(posts, texts, strict=True)])
            for p, v in zip(posts, versions, strict=True):
                p.current_version = v
            Post.objects.bulk_update(posts, ["current_version"], batch_size=batch)
            tasks = []
            for p, v in zip(posts, versions, strict=True):
                pool = by_branch.get(p.author.branch_id) or reviewers
                tasks.append(ReviewTask(
                    post=p, version=v, version_hash=v.content_hash, author_id=p.author_id,
                    branch_id=p.author.branch_id, network="x", assigned_to=rng.choice(pool), assigned_at=now,
                    due_at=now + timedelta(minutes=rng.randrange(-30, 240))))
            ReviewTask.objects.bulk_create(tasks)
        print(f"  seeded {offset + n:>7} reviews ({time.monotonic() - started:.0f}s)", flush=True)
    _vacuum(connection)
    return sessions_for_principals()


def _vacuum(connection: object) -> None:
    if connection.vendor == "postgresql":  # type: ignore[attr-defined]
        # What autovacuum would have done on a queue that filled up over days: statistics and visibility map.
        with connection.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute("VACUUM ANALYZE")


def sessions_for_principals() -> list[tuple[str, str]]:
    """A signed-in session per seeded principal (created directly: the bench measures the queue, not Argon2)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from clearpost.accounts.models import User

    sessions = []
    for p in User.objects.filter(username__startswith="principal").order_by("pk"):
        store = SessionStore()
        store[SESSION_KEY] = str(p.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = p.get_session_auth_hash()
        store.create()
        sessions.append((store.session_key or "", secrets.token_hex(16)))
    return sessions


def service_times(rounds: int = 40) -> None:
    """Single-client service time in-process (no HTTP, no concurrency) and queries per request: what each
    action costs the server on its own."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from clearpost.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.filter(username__startswith="principal").order_by("pk").first())
    timings: dict[str, list[float]] = {}
    queries: dict[str, int] = {}

    def timed(kind: str, call: Callable[[], Any]) -> Any:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = call()
            timings.setdefault(kind, []).append(time.perf_counter() - started)
        queries[kind] = max(queries.get(kind, 0), len(captured))
        return response

    for _ in range(rounds):
        timed("queue page", lambda: client.get("/review/"))
        location = timed("next item", lambda: client.post("/review/next/")).headers.get("Location", "")
        if _is_review(location):
            timed("review screen", lambda url=location: client.get(url))
            timed("approve", lambda url=location: client.post(f"{url}decide/", {"action": "approve"}))
    print(f"in-process service time, one client ({_load()}):")
    for kind, values in timings.items():
        print(f"  {kind:<44} {_percentiles(values)}  queries≤{queries[kind]}")


def _is_review(location: str) -> bool:
    return location.rstrip("/").split("/")[-1].isdigit()


def _report_open_reviews() -> None:
    from clearpost.review.models import ReviewTask

    print(f"open reviews: {ReviewTask.objects.filter(status='open').count()}", flush=True)


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.95))] if values else 0.0


def _percentiles(values: list[float]) -> str:
    if not values:
        return "n=0"
    return (f"n={len(values):>5}  p50={statistics.median(values) * 1000:6.1f} ms  p95={_p95(values) * 1000:6.1f} ms  "
            f"max={max(values) * 1000:6.1f} ms")


# --- CPU per request: figures that move far less than latency with what else the shared machine is doing ------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int | str) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_seconds(pid: int) -> float:
    try:
        fields = _stat(pid)
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int(_stat(entry.name)[1]) == pid:
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _database_pids() -> list[int]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return []  # SQLite runs inside the web workers: its time is in theirs
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        return [row[0] for row in cursor.fetchall()]


class CpuMeter:
    """CPU seconds of the gunicorn processes, of this database's PostgreSQL backends and of the load generator."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid

    def read(self) -> dict[str, dict[int, float]]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {"web": {p: _cpu_seconds(p) for p in [self.server_pid, *_children(self.server_pid)]},
                "database": {p: _cpu_seconds(p) for p in _database_pids()},
                "load generator": {0: usage.ru_utime + usage.ru_stime}}

    @staticmethod
    def per_request(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]], requests: int) -> str:
        parts = []
        for key, now in after.items():
            if now:
                used = sum(v - before[key].get(p, 0.0) for p, v in now.items())
                parts.append(f"{key} {used / max(requests, 1) * 1000:.1f} ms")
        return "CPU per request: " + " · ".join(parts)


# --- the load ---------------------------------------------------------------------------------------------------

STATIC = "/static/web/app.css"  # the baseline: the same server, clients and sessions, no view and no database
QUEUE = "queue page (GET /review/)"
NEXT = "next item (POST /review/next/)"
SCREEN = "review screen (GET /review/<id>/)"
NEXT_TO_SCREEN = "next item → screen (both, as the principal waits)"
APPROVE = "approve (POST /review/<id>/decide/)"
BASELINE = f"static file (GET {STATIC})"
Results = dict[str, list[float]]


class Principal:
    def __init__(self, base: str, session: tuple[str, str]) -> None:
        import httpx

        sessionid, csrf = session
        self.client = httpx.AsyncClient(base_url=base, cookies={"sessionid": sessionid, "csrftoken": csrf},
                                        headers={"X-CSRFToken": csrf}, follow_redirects=False, timeout=30)
        self.claimed = ""

    async def timed(self, results: Results, errors: dict[str, int], kind: str, method: str, url: str,
                    **kwargs: Any) -> tuple[Any, float]:
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except Exception as exc:
            _error(errors, kind, type(exc).__name__)
            return None, 0.0
        elapsed = time.perf_counter() - started
        results.setdefault(kind, []).append(elapsed)
        if response.status_code not in (200, 302) or "/accounts/login" in response.headers.get("location", ""):
            _error(errors, kind, f"HTTP {response.status_code}")
        return response, elapsed

    async def step(self, tick: int, results: Results, errors: dict[str, int], baseline: bool) -> None:
        """One action: the queue page, the next-item action (claim, then the review screen it lands on), a
        decision on the claimed item, in turn. The baseline fetches a static file instead."""
        if baseline:
            await self.timed(results, errors, BASELINE, "GET", STATIC)
        elif tick % 3 == 0:
            await self.timed(results, errors, QUEUE, "GET", "/review/")
        elif tick % 3 == 1:
            response, claim_time = await self.timed(results, errors, NEXT, "POST", "/review/next/")
            location = response.headers.get("location", "") if response is not None else ""
            self.claimed = location if _is_review(location) else ""
            if self.claimed:
                screen, screen_time = await self.timed(results, errors, SCREEN, "GET", self.claimed)
                if screen is not None:
                    results.setdefault(NEXT_TO_SCREEN, []).append(claim_time + screen_time)
        elif self.claimed:
            response, _ = await self.timed(results, errors, APPROVE, "POST", f"{self.claimed}decide/",
                                           data={"action": "approve"})
            # A refused decision redirects back to the same review with a message: an error, not a success.
            if response is not None and response.headers.get("location", "") == self.claimed:
                _error(errors, APPROVE, "approval refused")
            self.claimed = ""


def _error(errors: dict[str, int], kind: str, what: str) -> None:
    errors[kind] = errors.get(kind, 0) + 1
    ERROR_KINDS[what] = ERROR_KINDS.get(what, 0) + 1


def _requests(results: Results) -> int:
    return sum(len(v) for k, v in results.items() if k != NEXT_TO_SCREEN)


async def open_loop(base: str, sessions: list[tuple[str, str]], duration: float, period: float,
                    baseline: bool = False) -> tuple[Results, dict[str, int]]:
    """Each principal acts once every `period` seconds, whatever the server's speed (an open workload)."""
    results: Results = {}
    errors: dict[str, int] = {}
    principals = [Principal(base, s) for s in sessions]
    end = time.monotonic() + duration

    async def work(p: Principal) -> None:
        await asyncio.sleep(random.uniform(0, period))  # spread the principals over the period
        tick = 0
        while time.monotonic() < end:
            started = time.monotonic()
            await p.step(tick, results, errors, baseline)
            tick += 1
            await asyncio.sleep(max(0.0, period - (time.monotonic() - started)))

    await asyncio.gather(*(work(p) for p in principals))
    await asyncio.gather(*(p.client.aclose() for p in principals))
    return results, errors


async def closed_loop(base: str, sessions: list[tuple[str, str]], duration: float, concurrency: int,
                      baseline: bool = False) -> tuple[Results, dict[str, int]]:
    """`concurrency` clients with no think time: the throughput ceiling."""
    results: Results = {}
    errors: dict[str, int] = {}
    principals = [Principal(base, sessions[i % len(sessions)]) for i in range(concurrency)]
    end = time.monotonic() + duration

    async def work(p: Principal) -> None:
        tick = 0
        while time.monotonic() < end:
            await p.step(tick, results, errors, baseline)
            tick += 1

    await asyncio.gather(*(work(p) for p in principals))
    await asyncio.gather(*(p.client.aclose() for p in principals))
    return results, errors


def measure(meter: CpuMeter, title: str, seconds: float, run: Any, baseline_p95: float = 0.0
            ) -> tuple[Results, float]:
    """Run one phase and print its figures; returns its results and its throughput (requests/s)."""
    before = meter.read()
    started = time.monotonic()
    results, errors = asyncio.run(run)
    elapsed = time.monotonic() - started
    requests = _requests(results)
    print(f"\n{title}: {requests / seconds:.1f} req/s served ({_load()})")
    for kind, values in sorted(results.items()):
        ratio = f"  p95 = {_p95(values) / baseline_p95:4.1f}× static" if baseline_p95 and kind != BASELINE else ""
        print(f"  {kind:<50} {_percentiles(values)}  errors={errors.get(kind, 0)}{ratio}")
    print(f"  {meter.per_request(before, meter.read(), requests)}  ({elapsed:.0f}s)")
    return results, requests / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--principals", type=int, default=50)
    parser.add_argument("--branches", type=int, default=25)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of the paced run")
    parser.add_argument("--period", type=float, default=2.0, help="seconds between one principal's actions")
    parser.add_argument("--baseline-seconds", type=float, default=15.0, help="seconds of each static-file run")
    parser.add_argument("--saturation-seconds", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=16, help="closed-loop clients for saturation")
    parser.add_argument("--workers", type=int, default=GUNICORN_WORKERS)
    parser.add_argument("--threads", type=int, default=GUNICORN_THREADS)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--reuse", metavar="VAR_DIR", help="reuse the database and var dir of an earlier run")
    args = parser.parse_args()

    var_dir = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="cp-bench-review-"))
    env = _env(args, var_dir)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    print(f"database {args.database_url.rsplit('@', 1)[-1]} · {args.items} pending · {args.principals} principals "
          f"· gunicorn {args.workers}×{args.threads} · var {var_dir}", flush=True)
    if args.reuse:
        sessions = sessions_for_principals()
    else:
        _fresh_database(args.database_url)
        clearpost = [str(BIN / "python"), "-m", "clearpost.cli"]
        subprocess.run([*clearpost, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*clearpost, "collectstatic", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
        started = time.monotonic()
        sessions = seed(args.items, args.principals, args.branches)
        print(f"seeded in {time.monotonic() - started:.0f}s", flush=True)
    _report_open_reviews()
    service_times()

    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(args.workers), "--threads", str(args.threads), "--bind",
         f"127.0.0.1:{args.port}", "--log-level", "warning",
         # Longer than the principals' 2 s think time, or a reused connection races the server closing it.
         "--keep-alive", "10", "config.wsgi:application"],
        env=env, cwd=ROOT, stderr=open(var_dir / "gunicorn.log", "ab"))  # noqa: SIM115 - closed with the process
    base = f"http://127.0.0.1:{args.port}"
    meter = CpuMeter(server.pid)
    try:
        import httpx

        for _ in range(100):
            try:
                if httpx.get(f"{base}/accounts/login/", timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        # Warm every worker (imports, connections, template caches) before measuring.
        asyncio.run(open_loop(base, sessions, 6, 0.5))
        ERROR_KINDS.clear()

        pace = f"{args.principals} principals, one action each every {args.period:g}s"
        static, _ = measure(meter, f"baseline, paced: {pace}, static file, {args.baseline_seconds:g}s",
                            args.baseline_seconds, open_loop(base, sessions, args.baseline_seconds, args.period,
                                                             baseline=True))
        static_p95 = _p95(static[BASELINE])
        paced, _ = measure(meter, f"paced: {pace}, {args.duration:g}s", args.duration,
                           open_loop(base, sessions, args.duration, args.period), static_p95)
        _, static_rate = measure(
            meter, f"baseline saturation: {args.concurrency} clients, no think time, static file, "
                   f"{args.baseline_seconds:g}s", args.baseline_seconds,
            closed_loop(base, sessions, args.baseline_seconds, args.concurrency, baseline=True))
        _, rate = measure(
            meter, f"saturation: {args.concurrency} clients, no think time, {args.saturation_seconds:g}s",
            args.saturation_seconds, closed_loop(base, sessions, args.saturation_seconds, args.concurrency),
            static_p95)
        offered = _requests(paced) / args.duration
        print(f"\nsaturation {rate:.1f} req/s = {rate / offered:.1f}× the paced load ({offered:.1f} req/s) "
              f"= {rate / static_rate:.2f}× the static-file ceiling ({static_rate:.0f} req/s)")
        for kind in (QUEUE, NEXT_TO_SCREEN):
            p95 = _p95(paced.get(kind, [])) * 1000
            verdict = "met" if paced.get(kind) and p95 <= TARGET_P95_MS else "NOT met"
            print(f"target p95 ≤ {TARGET_P95_MS} ms, {kind}: {p95:.1f} ms, {verdict}")
        print(f"errors by kind: {ERROR_KINDS or 'none'}")
    finally:
        server.terminate()
        server.wait(timeout=30)

if __name__ == "__main__":
    main()

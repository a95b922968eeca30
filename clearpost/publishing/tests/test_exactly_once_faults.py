"""Exactly once under faults: approved posts go through real worker processes into the sandbox networks while
the sandbox injects ~20% faults of every kind (429 with reset, 5xx, timeouts before and after storing, slow
answers, duplicate refusals) and the test SIGKILLs workers at random. Every post must end published exactly
once, or failed with its reason; nothing lost, nothing doubled, and no call inside an announced rate-limit
window (the sandbox records those). Run with both kinds of worker: `clearpost publisher` (batch claims, a thread
pool of sends, batch records) and `clearpost worker` (one task per delivery, the scheduler's sweep). CI runs
CLEARPOST_FAULT_PUBLISHES (default 120); set it to 1000 for the full run."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from clearpost.core.testing import BIN, System
from clearpost.sandbox.tokens import sandbox_admin_token

PUBLISHES = int(os.environ.get("CLEARPOST_FAULT_PUBLISHES", "120"))
NETWORKS = ["x", "mastodon", "linkedin"]
FAULTS = {"p_rate_limit": 0.04, "p_server_error": 0.04, "p_timeout_before": 0.03, "p_timeout_after": 0.03,
          "p_slow": 0.03, "p_duplicate": 0.03, "reset_seconds": 1, "timeout_seconds": 1.6, "slow_seconds": 0.3}
# Twelve attempts with the production backoff could wait minutes before the last; capped at 8 s the whole
# retry ladder fits well inside the quiet 90 seconds after the last kill.
TUNING = {"CLEARPOST_CONNECTOR_TIMEOUT": "1", "CLEARPOST_DELIVERY_LEASE_SECONDS": "4",
          "CLEARPOST_PUBLISH_MAX_ATTEMPTS": "12", "CLEARPOST_PUBLISH_BACKOFF_MAX_SECONDS": "8",
          "CLEARPOST_CAPTURE_INTERVAL_SECONDS": "3600"}
TERMINAL = {"published", "failed", "held"}


def _shell(system: System, code: str) -> Any:
    out = system.manage("shell", "-c", code)
    return json.loads(out.strip().splitlines()[-1])


def _admin(system: System, method: str, path: str, **kwargs: Any) -> Any:
    response = httpx.request(method, f"{system.sandbox_url}/_sandbox/{path}", timeout=30,
                             headers={"Authorization": f"Bearer {sandbox_admin_token()}"}, **kwargs)
    response.raise_for_status()
    return response.json()


def _sandbox_id(network: str, external_id: str) -> str:
    return external_id.rsplit(":", 1)[-1] if network == "linkedin" else external_id


@pytest.mark.parametrize("kind", ["publisher", "tasks"])
def test_every_approved_post_is_published_exactly_once_under_faults_and_kills(tmp_path: Path, kind: str) -> None:
    system = System(tmp_path, web=False, worker=True)
    system.env.update(TUNING, CLEARPOST_PUBLISH_TASKS="1" if kind == "tasks" else "0")
    system.sandbox_env.update(TUNING)

    def start() -> Any:
        # Four threads each: sends of one publisher overlap, so a kill catches several in flight.
        return system.start_worker() if kind == "tasks" else system.start_publisher("--threads", "4")

    # Seed before any worker runs (SQLite has one writer): start() without its worker, then start two.
    rng = random.Random(8)
    kills = 0
    try:
        system.start_worker = lambda: None  # type: ignore[method-assign,assignment,return-value]
        system.start()
        del system.start_worker
        for network in NETWORKS:
            _admin(system, "PUT", f"faults/{network}", json={"faults": FAULTS, "reset": True})
        seed_started = time.monotonic()
        seeded = _shell(system, "from clearpost.publishing.loadgen import main; "
                                f"main('seed', count={PUBLISHES}, networks={NETWORKS!r}, advisors=10, tag='eo')")
        assert seeded["deliveries"] == PUBLISHES
        started = time.monotonic()
        workers = [start(), start()]
        system._spawn([str(BIN / "clearpost"), "scheduler"], system.env, "scheduler")
        deadline = started + max(120.0, PUBLISHES * 0.5)
        report: dict[str, Any] = {}
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(4.0, 8.0))
            victim = rng.choice([w for w in workers if w.poll() is None])
            os.kill(victim.pid, signal.SIGKILL)  # no chance to record anything: leases must expire
            victim.wait()
            kills += 1
            workers.remove(victim)
            workers.append(start())
            if kills >= 3:
                report = _shell(system, "from clearpost.publishing.loadgen import main; main('report')")
                if all(d["status"] in TERMINAL for d in report["deliveries"]):
                    break
        # Let the last worker generation finish without kills.
        while time.monotonic() < deadline + 90:
            report = _shell(system, "from clearpost.publishing.loadgen import main; main('report')")
            if all(d["status"] in TERMINAL for d in report["deliveries"]):
                break
            time.sleep(2)
        elapsed = time.monotonic() - started
        deliveries = report["deliveries"]
        statuses = Counter(d["status"] for d in deliveries)
        stored = _admin(system, "GET", "posts")["posts"]
        calls = _admin(system, "GET", "calls")
        faults = Counter(row["fault"] for row in calls["breakdown"] for _ in range(row["n"]) if row["fault"])
        print(f"\nexactly-once ({kind}): seeded {PUBLISHES} approved posts in {started - seed_started:.0f}s; "
              f"{PUBLISHES} publishes in {elapsed:.0f}s, {kills} worker SIGKILLs, "
              f"{calls['total']} network calls, faults injected {dict(faults)}, outcomes {dict(statuses)}, "
              f"violations {calls['violations']}")

        assert len(deliveries) == PUBLISHES
        assert not [d for d in deliveries if d["status"] not in TERMINAL], "lost: deliveries never finished"
        copies = Counter((p["network"], p["handle"], p["text"]) for p in stored if not p["deleted"])
        assert not [k for k, n in copies.items() if n > 1], "duplicates on the network"
        by_key = {(p["network"], p["handle"], p["text"]): p for p in stored if not p["deleted"]}
        ours = set()
        for d in deliveries:
            key = (d["network"], d["handle"], d["text"])
            ours.add(key)
            if d["status"] == "published":
                assert key in by_key, f"published but not on the network: {d}"
                assert by_key[key]["id"] == _sandbox_id(d["network"], d["external_id"]), d
            else:
                assert d["last_error"], f"failed without a reason: {d}"
                assert key not in by_key, f"marked {d['status']} but it is on the network: {d}"
        assert not [k for k in by_key if k not in ours and "(eo-" in k[2]], "posts on the network nobody recorded"
        assert calls["violations"] == 0, ("calls inside an announced rate-limit window; each with the account's "
                                          f"calls before it: {json.dumps(calls['violation_details'], indent=1)}")
        assert statuses["published"] >= PUBLISHES * 0.97
        # 20% of writes are faulted, fewer of the reads (a read cannot time out after storing or be a duplicate),
        # and the task kind reads more (a look before every retry): 10% of all calls was seen missed by chance.
        assert sum(faults.values()) >= calls["total"] * 0.07
    finally:
        system.stop()


@pytest.fixture(autouse=True)
def _policy_engine() -> None:
    """This test runs its own processes; the in-process stub of the shared conftest does not apply."""

"""The publisher: a worker loop over the outbox (the delivery table is the queue). It claims due deliveries in
batches, sends them from a small thread pool over pooled connections (the network calls are I/O bound; every
database write stays on the loop's thread), and records finished sends in batches, so one commit covers many
deliveries. Per-account gates keep one call per account in flight across all publishers, and nothing is sent
inside a window a network announced."""

from __future__ import annotations

import logging
import os
import socket
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from itertools import count

from django.db import close_old_connections

from clearpost.publishing.services import Claim, Sent, deliveries_claim, deliveries_record, delivery_send

log = logging.getLogger(__name__)

# After the first send of a round finishes, wait this long for others, so that one commit records several.
LINGER_SECONDS = 0.03
# A claim's transaction costs about the same for one delivery as for many (the send-time checks read the whole
# batch at once): while sends are in flight, claim only once this share of the threads is free.
CLAIM_SHARE = 0.5


class Publisher:
    def __init__(self, *, threads: int = 8, interval: float = 0.5, worker_id: str = "") -> None:
        self.threads = threads
        self.min_claim = max(1, int(threads * CLAIM_SHARE))
        self.interval = interval
        self.worker_id = worker_id or f"{socket.gethostname()[:40]}:{os.getpid()}"
        self.stopping = False
        self._batches = count(1)

    def stop(self) -> None:
        """Claim nothing more; the sends in flight finish and are recorded, then `run` returns."""
        self.stopping = True

    def run(self, *, until_idle: bool = False) -> int:
        """Publish until stopped (or, with `until_idle`, until nothing is due and nothing is in flight). Returns
        how many sends were recorded."""
        recorded = 0
        in_flight: set[Future[Sent]] = set()
        unrecorded: list[Sent] = []
        poll_at = 0.0
        last_tidy = time.monotonic()
        with ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="publish") as pool:
            while True:
                room = self.threads - len(in_flight)
                worth = room >= self.min_claim or not in_flight
                if not self.stopping and room > 0 and worth and time.monotonic() >= poll_at:
                    claims = self._claim(room)
                    in_flight |= {pool.submit(delivery_send, claim) for claim in claims}
                    if not claims:
                        poll_at = time.monotonic() + self.interval
                if not in_flight and not unrecorded:
                    if self.stopping or (until_idle and poll_at > time.monotonic()):
                        return recorded
                    if time.monotonic() - last_tidy > 10:
                        close_old_connections()  # persistent connections: drop broken or expired ones
                        last_tidy = time.monotonic()
                    time.sleep(max(0.0, min(self.interval, poll_at - time.monotonic())))
                    continue
                if in_flight:
                    done, _ = wait(in_flight, timeout=self.interval, return_when=FIRST_COMPLETED)
                    if done and len(done) < len(in_flight):
                        done = wait(in_flight, timeout=LINGER_SECONDS).done
                    in_flight -= done
                    unrecorded += [future.result() for future in done]
                if unrecorded:
                    recorded += self._record(unrecorded)
                    poll_at = 0.0  # a freed account gate may have made another delivery claimable

    def _claim(self, room: int) -> list[Claim]:
        try:
            return deliveries_claim(holder=f"{self.worker_id}:{next(self._batches)}", limit=room)
        except Exception:
            log.exception("publisher: claiming failed; trying again shortly")
            close_old_connections()
            time.sleep(self.interval)
            return []

    def _record(self, unrecorded: list[Sent]) -> int:
        """Record and forget; on a database error keep them and retry (their leases still hold them for us, and if
        a lease runs out first, the next claimant reconciles the delivery before any resend)."""
        try:
            deliveries_record(unrecorded)
        except Exception:
            log.exception("publisher: recording %d sends failed; trying again shortly", len(unrecorded))
            close_old_connections()
            time.sleep(self.interval)
            return 0
        n = len(unrecorded)
        unrecorded.clear()
        return n

from __future__ import annotations

import logging
import signal
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clearpost.publishing.publisher import Publisher

log = logging.getLogger("clearpost.publisher")


class Command(BaseCommand):
    help = (
        "Publish due deliveries from the outbox: claim them in batches (SKIP LOCKED on PostgreSQL), send them over "
        "pooled connections from a small thread pool, record them in batches. Run any number of them; pair with "
        "CLEARPOST_PUBLISH_TASKS=0 so `clearpost worker` does not compete. SIGTERM/SIGINT finish and record the sends "
        "in flight, then exit; a publisher killed outright leaves its leases to expire, and the next claimant "
        "reconciles those deliveries with the network before any resend."
    )

    # Restarted often (deploys, crashes, scaling): the system checks run at deploy and in CI (`clearpost check`),
    # not on every start, where loading every URL and API route to check them cost more than the process's set-up.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--threads", type=int, default=8, help="sends in flight at once (default 8)")
        parser.add_argument("--interval", type=float, default=0.5,
                            help="seconds between polls of the outbox when nothing is due (default 0.5)")

    def handle(self, *args: Any, threads: int, interval: float, **options: Any) -> None:
        publisher = Publisher(threads=max(1, threads), interval=interval)

        def stop(signum: int, frame: FrameType | None) -> None:
            log.info("publisher: %s received, finishing the sends in flight", signal.strsignal(signum))
            publisher.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        log.info("publisher %s: %d threads", publisher.worker_id, publisher.threads)
        publisher.run()

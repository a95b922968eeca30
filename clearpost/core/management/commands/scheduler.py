from __future__ import annotations

import logging
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from clearpost.core.schedule import periodic_jobs

log = logging.getLogger("clearpost.scheduler")


class Command(BaseCommand):
    help = "Run periodic jobs (one process per deployment). Each job enqueues a task; SIGTERM stops cleanly."

    # Restarted often (deploys, crashes, scaling): the system checks run at deploy and in CI (`clearpost check`),
    # not on every start, where loading every URL and API route to check them cost more than the process's set-up.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every job once and exit")

    def handle(self, *args: Any, once: bool, **options: Any) -> None:
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            log.info("scheduler: %s received, stopping", signal.strsignal(signum))
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_run: dict[str, float] = {}
        jobs = periodic_jobs()
        log.info("scheduler: %d periodic jobs: %s", len(jobs), ", ".join(j.name for j in jobs))
        while self.running:
            now = time.monotonic()
            for job in jobs:
                if once or now - last_run.get(job.name, -1e9) >= job.every_seconds:
                    close_old_connections()
                    try:
                        job.enqueue()
                    except Exception:
                        log.exception("scheduler: job %s could not be enqueued", job.name)
                    last_run[job.name] = now
            if once:
                return
            time.sleep(0.5)

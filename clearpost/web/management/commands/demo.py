from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from clearpost.accounts.demo import DEMO_PASSWORD, DEMO_STAFF


class Command(BaseCommand):
    help = ("Run the whole system: web server, task worker, publisher, scheduler and the sandbox networks. Ctrl-C "
            "stops all.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, port: int, host: str, **options: Any) -> None:
        bin_dir = Path(sys.executable).parent
        sandbox_port = port + 1
        # Deliveries go out through a `clearpost publisher` (batch claims, pooled connections), not per-delivery tasks.
        env = {**os.environ, "CLEARPOST_SANDBOX_URL": f"http://{host}:{sandbox_port}",
               "CLEARPOST_PUBLIC_URL": f"http://{host}:{port}", "CLEARPOST_PUBLISH_TASKS": "0"}
        gunicorn = [str(bin_dir / "gunicorn"), "--workers", "2", "--threads", "4", "--access-logfile", "-",
                    "--graceful-timeout", "10"]
        specs = [
            ("web", [*gunicorn, "--bind", f"{host}:{port}", "config.wsgi:application"], env),
            ("sandbox", [*gunicorn, "--bind", f"{host}:{sandbox_port}", "config.wsgi:application"],
             {**env, "DJANGO_SETTINGS_MODULE": "config.settings_sandbox"}),
            ("worker", [str(bin_dir / "clearpost"), "worker"], env),
            ("publisher", [str(bin_dir / "clearpost"), "publisher"], env),
            ("scheduler", [str(bin_dir / "clearpost"), "scheduler"], env),
            # The simulated audience replies to published posts (questions, praise, the odd complaint).
            ("audience", [str(bin_dir / "clearpost"), "sandbox_audience", "--loop", "--every", "20"],
             {**env, "DJANGO_SETTINGS_MODULE": "config.settings_sandbox"}),
        ]
        procs: list[tuple[str, subprocess.Popen[bytes]]] = []
        for name, cmd, proc_env in specs:
            procs.append((name, subprocess.Popen(cmd, env=proc_env, cwd=settings.BASE_DIR)))
        self.stdout.write(self.style.SUCCESS(f"\nClearpost is running at http://{host}:{port}/"))
        self.stdout.write(f"Sandbox network (X timeline): http://{host}:{sandbox_port}/x/")
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}' for all): advisor1 … advisor25, "
                          + ", ".join(p.username for p in DEMO_STAFF))
        self.stdout.write("Press Ctrl-C to stop every process.\n")
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, proc in procs:
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} exited with {proc.returncode}; stopping the rest")
                        stopping = True
                time.sleep(0.5)
        finally:
            for _, proc in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for _, proc in procs:
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
            self.stdout.write("all processes stopped")

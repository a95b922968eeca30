"""Run real Clearpost processes for tests: the sandbox networks, the web server, the worker. Each gets its own
database (a temporary SQLite file, or a fresh PostgreSQL database when the tests run on PostgreSQL), so the
tests exercise real HTTP between real processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path

import httpx
from django.conf import settings

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TempDatabase:
    """A database of the same kind as the one the tests run on."""

    def __init__(self, workdir: Path, name: str) -> None:
        self.vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.name = f"cp_{name}_{uuid.uuid4().hex[:8]}"
        if self.vendor == "postgresql":
            base = settings.DATABASE_URL.rsplit("/", 1)[0]
            self.url = f"{base}/{self.name}"
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{workdir / (self.name + '.sqlite3')}"

    def _admin(self, sql: str) -> None:
        import psycopg

        db = settings.DATABASES["default"]
        with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                             password=db["PASSWORD"] or None, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def drop(self) -> None:
        if self.vendor == "postgresql":
            with suppress(Exception):
                self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class System:
    """A running Clearpost (web, worker) and sandbox network, on free ports."""

    def __init__(self, workdir: Path, *, web: bool = True, worker: bool = True) -> None:
        self.workdir = workdir
        self.procs: list[subprocess.Popen[bytes]] = []
        self.web_port = free_port()
        self.sandbox_port = free_port()
        self.main_db = TempDatabase(workdir, "main")
        self.sandbox_db = TempDatabase(workdir, "sandbox")
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": self.main_db.url,
            "SANDBOX_DATABASE_URL": self.sandbox_db.url,
            "SECRET_KEY": settings.SECRET_KEY,
            "CLEARPOST_TOKEN_KEY": settings.TOKEN_KEY,
            "CLEARPOST_SANDBOX_URL": f"http://127.0.0.1:{self.sandbox_port}",
            "CLEARPOST_VAR_DIR": str(workdir / "var"),
            "DEBUG": "0",
            # Throw-away databases: no need to wait for the disk on every commit.
            "CLEARPOST_SQLITE_SYNCHRONOUS": "OFF",
        }
        self.sandbox_env = {**self.env, "DJANGO_SETTINGS_MODULE": "config.settings_sandbox"}
        self.want_web = web
        self.want_worker = worker

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def sandbox_url(self) -> str:
        return f"http://127.0.0.1:{self.sandbox_port}"

    def manage(self, *args: str, sandbox: bool = False) -> str:
        result = subprocess.run([str(BIN / "clearpost"), *args], env=self.sandbox_env if sandbox else self.env,
                                capture_output=True, text=True, timeout=300, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"clearpost {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def _run_steps(self, steps: list[tuple[str, ...]], sandbox: bool) -> None:
        for step in steps:
            self.manage(*step, sandbox=sandbox)

    def _spawn(self, cmd: list[str], env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR)
        self.procs.append(proc)
        return proc

    def start(self, *, sandbox_accounts: tuple[str, ...] = ()) -> System:
        """Migrate, seed and start. With neither web nor worker only the sandbox network runs, with the given
        `network:handle` accounts (their tokens are `sandbox_token(network, handle)`). The firm's and the
        sandbox's set-up run side by side: they touch different databases."""
        firm_steps: list[tuple[str, ...]] = []
        if self.want_web or self.want_worker:
            firm_steps += [("migrate", "--noinput", "-v0"), ("seed-demo", "--no-history")]
        if self.want_web:
            firm_steps.append(("collectstatic", "--noinput", "-v0"))
        sandbox_steps = [("migrate", "--noinput", "-v0"), ("sandbox_seed", "--demo", *sandbox_accounts)]
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(self._run_steps, firm_steps, False),
                       pool.submit(self._run_steps, sandbox_steps, True)]
            for future in futures:
                future.result()
        gunicorn = [str(BIN / "gunicorn"), "--workers", "1", "--threads", "4", "config.wsgi:application"]
        self._spawn([*gunicorn, "--bind", f"127.0.0.1:{self.sandbox_port}"], self.sandbox_env, "sandbox")
        if self.want_web:
            self._spawn([*gunicorn, "--bind", f"127.0.0.1:{self.web_port}"], self.env, "web")
        if self.want_worker:
            self.start_worker()
        self._wait_http(f"{self.sandbox_url}/x/")
        if self.want_web:
            self._wait_http(f"{self.url}/accounts/login/")
        return self

    def start_worker(self) -> subprocess.Popen[bytes]:
        return self._spawn([str(BIN / "clearpost"), "worker", "--interval", "0.2"], self.env, "worker")

    def start_publisher(self, *args: str) -> subprocess.Popen[bytes]:
        """A `clearpost publisher`: the outbox worker that claims, sends and records deliveries in batches (run
        with CLEARPOST_PUBLISH_TASKS=0 in `env` so that no `clearpost worker` competes for the same deliveries)."""
        return self._spawn([str(BIN / "clearpost"), "publisher", "--interval", "0.2", *args], self.env, "publisher")

    def _wait_http(self, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with suppress(httpx.HTTPError):
                if httpx.get(url, timeout=2).status_code < 500:
                    return
            time.sleep(0.2)
        logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in self.workdir.glob("*.log"))
        raise RuntimeError(f"{url} did not come up in {timeout}s\n{logs}")

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.main_db.drop()
        self.sandbox_db.drop()

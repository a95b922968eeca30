"""Shared set-up for the benchmarks: Django on a throw-away database (SQLite in a temp folder unless
BENCH_DATABASE_URL names another), migrated."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def setup_django(prefix: str) -> Path:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{prefix}-"))
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("CLEARPOST_VAR_DIR", str(workdir / "var"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return workdir

"""Nothing acknowledged is lost when an appender is killed with SIGKILL mid-write (issue 4 integrity target)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from clearpost.core.testing import TempDatabase

KILLS = 120


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_every_acknowledged_record_survives_sigkill_and_the_chain_verifies(tmp_path: Path) -> None:
    database = TempDatabase(tmp_path, "archive_kill")
    try:
        env = {**os.environ, "DATABASE_URL": database.url, "CLEARPOST_VAR_DIR": str(tmp_path / "var"),
               "SECRET_KEY": settings.SECRET_KEY, "CLEARPOST_TOKEN_KEY": settings.TOKEN_KEY,
               "PYTHONPATH": os.pathsep.join([str(settings.BASE_DIR), *sys.path])}
        harness = Path(__file__).with_name("sigkill_harness.py")
        done = subprocess.run([sys.executable, str(harness), str(KILLS), "4511"], env=env, capture_output=True,
                              text=True, timeout=170, check=False, cwd=settings.BASE_DIR)
        assert done.returncode == 0, done.stderr[-3000:]
        outcome = json.loads(done.stdout.strip().splitlines()[-1])
        assert outcome["kills"] == KILLS and outcome["acknowledged"] >= KILLS
        assert outcome["missing"] == [] and outcome["verified"], outcome
    finally:
        database.drop()

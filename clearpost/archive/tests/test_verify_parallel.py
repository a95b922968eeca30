"""The parallel verify (used above PARALLEL_FROM records, outside transactions) must agree with the serial one.
It forks workers that open their own connections, so it is exercised in a subprocess on its own database."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from clearpost.archive.selectors import _segments
from clearpost.core.testing import TempDatabase

SCRIPT = r"""
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
from clearpost.archive import selectors
from clearpost.archive.checkpoints import checkpoint_write
from clearpost.archive.services import Entry, archive_records_append_many
call_command("migrate", verbosity=0, interactive=False)
for batch in range(6):
    archive_records_append_many([Entry(event_type="post.submitted", payload={"text": f"r {batch} {i}"})
                                 for i in range(500)])
    if batch in (1, 3):
        checkpoint_write()
selectors.PARALLEL_FROM = 100
out = {"clean": selectors.archive_verify(workers=2).ok, "serial": selectors.archive_verify(workers=1).ok}
with connection.cursor() as cur:
    if connection.vendor == "sqlite":
        cur.execute("DROP TRIGGER archive_record_no_update")
        cur.execute("DROP TRIGGER archive_record_no_delete")
    else:
        cur.execute("ALTER TABLE archive_archiverecord DISABLE TRIGGER USER")
for seq, sql in ((2200, "UPDATE archive_archiverecord SET body = replace(body, 'r 4', 'R 4') WHERE seq = %s"),
                 (2700, "DELETE FROM archive_archiverecord WHERE seq = %s"),
                 (1000, "UPDATE archive_archiverecord SET chain_hash = content_hash WHERE seq = %s")):
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(sql, [seq])
        report = selectors.archive_verify(workers=2)
        out[str(seq)] = [report.ok, report.first_broken_seq]
        transaction.set_rollback(True)
print(json.dumps(out))
"""


def test_segments_cut_only_at_checkpoints_inside_checkpointed_ranges() -> None:
    bounds = _segments(1000, [{"seq": 300}, {"seq": 650}], 4)
    assert bounds[0][0] == 1 and bounds[-1][1] == 1000
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(bounds))
    assert {end for _, end in bounds if end < 650} <= {300, 650}


def test_parallel_verify_agrees_with_serial_and_finds_tampering(tmp_path: Path) -> None:
    database = TempDatabase(tmp_path, "archive_pverify")
    try:
        env = {**os.environ, "DATABASE_URL": database.url, "CLEARPOST_VAR_DIR": str(tmp_path / "var"),
               "SECRET_KEY": settings.SECRET_KEY, "CLEARPOST_TOKEN_KEY": settings.TOKEN_KEY,
               "PYTHONPATH": os.pathsep.join([str(settings.BASE_DIR), *sys.path])}
        done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=170,
                              check=False, cwd=settings.BASE_DIR)
        assert done.returncode == 0, done.stderr[-3000:]
        out = json.loads(done.stdout.strip().splitlines()[-1])
        assert out["clean"] and out["serial"]
        assert out["2200"] == [False, 2200] and out["2700"] == [False, 2700] and out["1000"] == [False, 1000]
    finally:
        database.drop()

"""Refused attempts are themselves logged (refusals.py). The log is written in a transaction of its own, after the
refusing one has ended, so it is exercised in subprocesses on their own database, where transactions really
commit (the test's own transaction never does)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, connections, transaction

from clearpost.archive import refusals
from clearpost.archive.models import ArchiveRecord
from clearpost.archive.services import archive_record_append
from clearpost.core.events import EventType
from clearpost.core.testing import TempDatabase

SETUP = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from clearpost.archive.models import AccessAction, ArchiveAccess, ArchiveRecord
from clearpost.archive.services import archive_record_append

def logged():
    return list(ArchiveAccess.objects.filter(action=AccessAction.REFUSED_CHANGE).order_by("id")
                .values("query", "filters"))
"""

ATTEMPTS_BODY = """
call_command("migrate", verbosity=0, interactive=False)
for i in range(3):
    archive_record_append(event_type="post.submitted", payload={"text": f"record {i}"})
out = {}
try:  # outside a transaction: logged at once
    ArchiveRecord.objects.filter(seq=1).update(body="{}")
except DatabaseError:
    out["autocommit"] = len(logged())
try:  # inside one: the caller's rollback must not take the log along
    with transaction.atomic():
        archive_record_append(event_type="post.submitted", payload={"text": "rolled back with the attempt"})
        with connection.cursor() as cur:
            cur.execute("DELETE FROM archive_archiverecord WHERE seq = %s", [2])
except DatabaseError:
    pass
out["after_rollback"] = len(logged())
try:
    with connection.cursor() as cur:
        cur.execute("SELEC nonsense")
except DatabaseError:
    out["other_errors"] = len(logged())
out["records"] = ArchiveRecord.objects.count()
print(json.dumps(out), flush=True)
with transaction.atomic():  # the last thing this process does: written at exit
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM archive_archiveaccess")
    except DatabaseError:
        pass
"""
ATTEMPTS = SETUP + ATTEMPTS_BODY
READ = SETUP + "print(json.dumps(logged()))\n"


def _run(database: TempDatabase, tmp_path: Path, script: str) -> str:
    env = {**os.environ, "DATABASE_URL": database.url, "CLEARPOST_VAR_DIR": str(tmp_path / "var"),
           "SECRET_KEY": settings.SECRET_KEY, "CLEARPOST_TOKEN_KEY": settings.TOKEN_KEY,
           "PYTHONPATH": os.pathsep.join([str(settings.BASE_DIR), *sys.path])}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          check=False, cwd=settings.BASE_DIR)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def test_refused_updates_and_deletes_are_logged_even_when_their_transaction_rolls_back(tmp_path: Path) -> None:
    database = TempDatabase(tmp_path, "archive_refusals")
    try:
        out = json.loads(_run(database, tmp_path, ATTEMPTS))
        assert out == {"autocommit": 1, "after_rollback": 2, "other_errors": 2, "records": 3}
        entries = json.loads(_run(database, tmp_path, READ))
    finally:
        database.drop()
    assert [e["filters"]["operation"] for e in entries] == ["UPDATE", "DELETE", "DELETE"]
    update, delete, at_exit = entries
    assert update["query"].startswith('UPDATE "archive_archiverecord"') and not update["filters"]["in_transaction"]
    assert "append-only" in update["filters"]["error"] and update["filters"]["code"].startswith("<string>:")
    assert delete["query"] == "DELETE FROM archive_archiverecord WHERE seq = %s" and delete["filters"]["in_transaction"]
    assert at_exit["query"] == "DELETE FROM archive_archiveaccess"  # written at process exit
    if database.vendor == "postgresql":  # the guard names who was refused, which the server log keeps too
        assert "session user" in update["filters"]["error"] and "record 1" in update["filters"]["error"]


@pytest.mark.django_db
def test_a_refusal_inside_a_transaction_waits_for_it_to_end() -> None:
    archive_record_append(event_type=EventType.POST_SUBMITTED, payload={"text": "x"})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ArchiveRecord.objects.filter(seq=1).delete()
    wrapper = connections["default"]  # the connection itself, not django.db.connection's proxy
    pending = wrapper.__dict__.get(refusals._PENDING)
    assert pending and pending[0]["filters"]["operation"] == "DELETE"
    assert refusals.flush(wrapper) == 0  # still inside the test's transaction: writing now would roll back too
    assert len(wrapper.__dict__[refusals._PENDING]) == 1


def test_only_the_guards_refusals_count() -> None:
    assert refusals.is_refusal(DatabaseError("archive records are append-only: UPDATE refused"))
    assert refusals.is_refusal(DatabaseError("permission denied for table archive_archiverecord"))
    assert not refusals.is_refusal(DatabaseError("UNIQUE constraint failed: archive_archiverecord.seq"))

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from clearpost.archive.checkpoints import checkpoint_dir, checkpoint_write, checkpoints_read, signing_key
from clearpost.archive.hashing import merkle_root
from clearpost.archive.models import ArchiveRecord
from clearpost.archive.selectors import archive_verify
from clearpost.archive.services import archive_record_append
from clearpost.core.events import EventType

pytestmark = pytest.mark.django_db


def _append(n: int) -> None:
    for i in range(n):
        archive_record_append(event_type=EventType.POST_SUBMITTED, payload={"i": i, "text": f"post {i}"})


def test_the_signing_key_is_created_once_outside_the_database_with_mode_0600() -> None:
    key = signing_key()
    path = Path(settings.ARCHIVE_SIGNING_KEY_FILE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing_key().public_key().public_bytes_raw() == key.public_key().public_bytes_raw()


def test_a_checkpoint_is_a_signed_write_once_read_only_file() -> None:
    _append(5)
    first = checkpoint_write()
    assert first is not None and first.doc["seq"] == 5 and first.doc["prev_seq"] == 0
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o444
    hashes = list(ArchiveRecord.objects.order_by("seq").values_list("content_hash", flat=True))
    assert first.doc["merkle_root"] == merkle_root(hashes)
    assert checkpoint_write() is None  # nothing new
    _append(3)
    second = checkpoint_write()
    assert second is not None and second.doc["prev_seq"] == 5 and second.doc["prev_file_sha256"] == first.file_sha256
    assert second.doc["merkle_root"] == merkle_root(hashes[5:] + list(
        ArchiveRecord.objects.filter(seq__gt=5).values_list("content_hash", flat=True))[len(hashes[5:]):])
    with pytest.raises(FileExistsError):
        os.open(second.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    report = archive_verify()
    assert report.ok and report.checkpoints == 2
    call_command("archive", "checkpoint")


def test_verify_fails_on_a_forged_or_missing_checkpoint() -> None:
    _append(4)
    checkpoint_write()
    _append(4)
    cp = checkpoint_write()
    assert cp is not None
    doc = dict(cp.doc)
    doc["chain_head"] = "1" * 64
    cp.path.chmod(0o644)
    cp.path.write_text(json.dumps(doc))
    report = archive_verify()
    assert not report.ok and "bad signature" in report.reason
    _append(2)
    latest = checkpoint_write()
    assert latest is not None
    cp.path.unlink()
    report = archive_verify()
    assert not report.ok and "does not follow" in report.reason


def test_verify_notices_that_the_newest_checkpoint_file_is_gone() -> None:
    _append(4)
    checkpoint_write()
    _append(3)
    newest = checkpoint_write()
    assert newest is not None and archive_verify().ok
    newest.path.unlink()  # the older files still chain perfectly: only the database's note can tell
    report = archive_verify()
    assert not report.ok and report.first_broken_seq == 7 and "checkpoint file for record 7 is missing" in report.reason
    with pytest.raises(CommandError, match="record 7 is missing"):
        call_command("archive", "verify", "--no-progress")


def test_verify_command_shows_progress_on_stderr(capsys) -> None:  # type: ignore[no-untyped-def]
    _append(3)
    checkpoint_write()
    call_command("archive", "verify")
    captured = capsys.readouterr()
    assert "3 records" in captured.out and "1 checkpoints" in captured.out
    assert "verifying [" in captured.err


def test_verify_command_names_the_first_broken_record_when_checkpoints_lie(tmp_path: Path) -> None:
    _append(3)
    checkpoint_write()
    assert len(checkpoints_read()) == 1
    (checkpoint_dir() / "checkpoint-000000000000009.json").write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("archive", "verify", "--no-progress")

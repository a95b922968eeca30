from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from clearpost.archive import export as export_module
from clearpost.archive.checkpoints import checkpoint_write
from clearpost.archive.export import archive_export
from clearpost.archive.models import AccessAction, ArchiveAccess, ArchiveHead, ArchiveRecord
from clearpost.archive.replicate import archive_replica_verify, archive_replicate
from clearpost.archive.search import SearchFilters
from clearpost.archive.services import archive_record_append
from clearpost.core.events import EventType

pytestmark = pytest.mark.django_db


def _history() -> None:
    for post in (1, 2, 3):
        for event in (EventType.POST_SUBMITTED, EventType.REVIEW_APPROVED, EventType.DELIVERY_PUBLISHED):
            archive_record_append(event_type=event, post_id=post, advisor_id=post, network="x",
                                  payload={"text": f"post {post} about bonds — é", "event": str(event)})
    archive_record_append(event_type=EventType.AUTH_LOGIN, payload={"username": "avery"})


def _verify_export(out: Path, *, isolated: bool = True) -> subprocess.CompletedProcess[str]:
    # -I -S: no site-packages, so the script is shown to need only the standard library.
    flags = ["-I", "-S"] if isolated else []
    return subprocess.run([sys.executable, *flags, str(out / "verify_export.py"), str(out)], capture_output=True,
                          text=True, check=False, timeout=60)


def test_an_export_verifies_with_the_standard_library_alone(tmp_path: Path, auditor) -> None:  # type: ignore[no-untyped-def]
    _history()
    checkpoint_write()
    archive_record_append(event_type=EventType.POST_SUBMITTED, post_id=9, payload={"text": "after the checkpoint"})
    out = tmp_path / "set"
    result = archive_export(out=out, user=auditor, query="bonds", filters=SearchFilters(advisor_id=2))
    assert result.record_count == 3  # post 2's whole history
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["record_count"] == 3 and manifest["checkpoints"] and "cryptography" in manifest[
        "signature_verification"]
    assert set(manifest["files"]) >= {"records.jsonl", "chain.tsv", "verify_export.py", "html/post-2.html",
                                      "html/index.html"}
    lines = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    assert lines[0]["payload"]["text"] == "post 2 about bonds — é"
    assert "post 2 about bonds" in (out / "html" / "post-2.html").read_text()
    done = _verify_export(out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "signatures were not checked" in done.stderr
    assert _verify_export(out, isolated=False).returncode == 0
    access = ArchiveAccess.objects.get(action=AccessAction.EXPORT)
    assert access.user == auditor and access.record_count == 3

    records = out / "records.jsonl"
    records.write_text(records.read_text().replace("post 2 about", "post 2 abort"))
    assert _verify_export(out).returncode == 1


def test_a_tampered_export_body_with_fixed_up_manifest_still_fails(tmp_path: Path) -> None:
    _history()
    out = tmp_path / "set"
    archive_export(out=out)
    records = out / "records.jsonl"
    rows = [json.loads(line) for line in records.read_text().splitlines()]
    rows[0]["body"] = rows[0]["body"].replace("bonds", "gold")
    rows[0]["payload"]["text"] = rows[0]["payload"]["text"].replace("bonds", "gold")
    records.write_text("".join(json.dumps(r) + "\n" for r in rows))
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["files"]["records.jsonl"] = export_module._sha256_file(records)
    (out / "manifest.json").write_text(json.dumps(manifest))
    done = _verify_export(out)
    assert done.returncode == 1 and "content hash" in done.stdout


def test_an_interrupted_export_leaves_no_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _history()

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "render_to_string", boom)
    out = tmp_path / "set"
    with pytest.raises(OSError, match="disk full"):
        archive_export(out=out)
    assert (out / "records.jsonl").exists() and not (out / "manifest.json").exists()
    done = _verify_export(out)
    assert done.returncode == 1 and "incomplete" in done.stdout
    with pytest.raises(CommandError, match="not empty"):
        call_command("archive", "export", "--out", str(out))


def test_export_command_with_filters(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _history()
    call_command("archive", "export", "--out", str(tmp_path / "x"), "--event-type", "auth.login")
    assert "exported 1 records" in capsys.readouterr().out
    assert _verify_export(tmp_path / "x").returncode == 0


def test_the_replica_is_incremental_and_catches_a_rewrite_after_the_last_checkpoint(tmp_path: Path) -> None:
    _history()
    checkpoint_write()
    replica = tmp_path / "replica"
    first = archive_replicate(to=replica)
    assert first.records == 10 and first.checkpoints == 1
    archive_record_append(event_type=EventType.POST_SUBMITTED, payload={"text": "later"})
    second = archive_replicate(to=replica)
    assert (second.records, second.last_seq) == (1, 11)
    assert archive_replicate(to=replica).records == 0
    assert archive_replica_verify(to=replica).ok
    call_command("archive", "replicate", "--to", str(replica), "--verify")

    # A consistent rewrite of the tail after the last checkpoint: invisible to the hashes, not to the replica.
    from django.db import connection

    from clearpost.archive.hashing import chain_hash, content_hash

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER archive_record_no_update")
        else:
            cur.execute("ALTER TABLE archive_archiverecord DISABLE TRIGGER USER")
    last = ArchiveRecord.objects.get(seq=11)
    forged = last.body.replace("later", "LATER")
    link = chain_hash(ArchiveRecord.objects.get(seq=10).chain_hash, content_hash(forged))
    ArchiveRecord.objects.filter(seq=11).update(body=forged, content_hash=content_hash(forged), chain_hash=link)
    ArchiveHead.objects.filter(id=1).update(chain_hash=link)
    from clearpost.archive.selectors import archive_verify

    assert archive_verify().ok  # nothing inside the database can tell...
    report = archive_replica_verify(to=replica)
    assert not report.ok and report.first_broken_seq == 11  # ...the second copy can
    with pytest.raises(CommandError, match="record 11"):
        call_command("archive", "replicate", "--to", str(replica), "--verify")


def test_export_defaults_to_the_export_folder(capsys) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings

    _history()
    call_command("archive", "export", "--post", "1")
    (made,) = Path(settings.ARCHIVE_EXPORT_DIR).iterdir()
    assert made.name.startswith("export-") and (made / "manifest.json").exists()
    assert _verify_export(made).returncode == 0

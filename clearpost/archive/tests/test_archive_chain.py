from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from clearpost.archive.models import ArchiveRecord
from clearpost.archive.selectors import archive_verify
from clearpost.archive.services import archive_record_append
from clearpost.core.events import EventType


def _append(n: int) -> None:
    for i in range(n):
        archive_record_append(event_type=EventType.POST_SUBMITTED, payload={"i": i, "text": f"post {i} — é"},
                              post_id=i)


def _disable_guards() -> None:
    """Simulate an attacker with direct database access who drops the append-only triggers."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER archive_record_no_update")
            cur.execute("DROP TRIGGER archive_record_no_delete")
        else:
            cur.execute("ALTER TABLE archive_archiverecord DISABLE TRIGGER USER")


@pytest.mark.django_db
def test_records_chain_and_verify() -> None:
    _append(20)
    report = archive_verify()
    assert report.ok and report.checked == 20
    assert list(ArchiveRecord.objects.values_list("seq", flat=True)) == list(range(1, 21))
    call_command("archive", "verify")


@pytest.mark.django_db
def test_the_database_refuses_updates_and_deletes() -> None:
    _append(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ArchiveRecord.objects.filter(seq=1).update(body="{}")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ArchiveRecord.objects.filter(seq=2).delete()
    assert archive_verify().ok


@pytest.mark.django_db
def test_verify_names_the_first_tampered_record() -> None:
    _append(10)
    _disable_guards()
    record = ArchiveRecord.objects.get(seq=6)
    ArchiveRecord.objects.filter(seq=6).update(body=record.body.replace("post 5", "post 9"))
    report = archive_verify()
    assert not report.ok and report.first_broken_seq == 6
    with pytest.raises(CommandError, match="record 6"):
        call_command("archive", "verify")


@pytest.mark.django_db
def test_verify_catches_a_deleted_record_and_a_rewritten_hash() -> None:
    _append(10)
    _disable_guards()
    ArchiveRecord.objects.filter(seq=4).delete()
    assert archive_verify().first_broken_seq == 4


@pytest.mark.django_db
def test_verify_catches_a_recomputed_content_hash_by_the_chain() -> None:
    from clearpost.archive.hashing import content_hash

    _append(5)
    _disable_guards()
    record = ArchiveRecord.objects.get(seq=3)
    forged = record.body.replace("post 2", "post X")
    ArchiveRecord.objects.filter(seq=3).update(body=forged, content_hash=content_hash(forged))
    report = archive_verify()
    assert not report.ok and report.first_broken_seq == 3 and "chain" in report.reason


@pytest.mark.django_db
def test_verify_catches_a_truncated_tail() -> None:
    _append(5)
    _disable_guards()
    ArchiveRecord.objects.filter(seq=5).delete()
    report = archive_verify()
    assert not report.ok and report.first_broken_seq == 5


@pytest.mark.django_db
def test_verify_catches_a_record_slipped_in_beyond_the_head() -> None:
    from django.db import connection

    from clearpost.archive.services import _INSERT_COLUMNS, _INSERT_SQL

    _append(3)
    last = ArchiveRecord.objects.get(seq=3)
    row = [getattr(last, c) for c in _INSERT_COLUMNS]
    row[0] = 4  # the INSERT the triggers allow, without the head the service would move with it
    with connection.cursor() as cur:
        cur.execute(_INSERT_SQL, row)
    report = archive_verify()
    assert not report.ok and report.first_broken_seq == 4 and "beyond the chain head" in report.reason

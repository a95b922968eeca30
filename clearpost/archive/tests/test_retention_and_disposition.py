from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from clearpost.archive.disposition import archive_dispose, disposition_plan
from clearpost.archive.models import AccessAction, ArchiveRecord, Disposition, LegalHold, RetentionClass
from clearpost.archive.search import SearchFilters, search_seqs
from clearpost.archive.selectors import archive_verify
from clearpost.archive.services import (
    archive_access_record,
    archive_record_append,
    archive_record_correct,
    legal_hold_create,
    legal_hold_release,
    retention_class_set,
)
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType, RecordClass

pytestmark = pytest.mark.django_db


def _old(years: float, **kwargs):  # type: ignore[no-untyped-def]
    when = timezone.now() - timedelta(days=365.25 * years)
    defaults = {"event_type": EventType.POST_SUBMITTED, "payload": {"text": "hello world"}}
    return archive_record_append(occurred_at=when, **{**defaults, **kwargs})


def test_default_retention_classes_are_the_firms_starting_point() -> None:
    years = dict(RetentionClass.objects.values_list("code", "years"))
    assert years == {"communications": 3, "default": 6, "complaints": 4, "adviser_records": 5}


def test_each_record_gets_its_retention_class_at_write_time() -> None:
    communication = _old(0)
    decision = archive_record_append(event_type=EventType.REVIEW_APPROVED, payload={})
    complaint = archive_record_append(event_type=EventType.POST_SUBMITTED, payload={},
                                      record_class=RecordClass.COMPLAINT)
    explicit = archive_record_append(event_type=EventType.POST_SUBMITTED, payload={},
                                     retention_class="adviser_records")
    assert (communication.retention_class, decision.retention_class) == ("communications", "default")
    assert (complaint.retention_class, explicit.retention_class) == ("complaints", "adviser_records")
    assert '"retention_class":"communications"' in communication.body  # hashed with the record


def test_a_retention_change_does_not_move_written_records(compliance) -> None:  # type: ignore[no-untyped-def]
    before = _old(0)
    retention_class_set(actor=compliance, code="communications", name="Comms", years=5, record_classes=[])
    after = _old(0)
    assert ArchiveRecord.objects.get(seq=before.seq).retention_class == "communications"
    assert after.retention_class == "default"
    assert ArchiveRecord.objects.filter(event_type=EventType.ARCHIVE_RETENTION_CHANGED).exists()


def test_only_compliance_admins_manage_retention_and_holds(advisor, auditor) -> None:  # type: ignore[no-untyped-def]
    for user in (advisor, auditor):
        with pytest.raises(NotPermitted):
            retention_class_set(actor=user, code="communications", name="x", years=1)
        with pytest.raises(NotPermitted):
            legal_hold_create(actor=user, name="m", reason="r", advisor_id=1)
        with pytest.raises(NotPermitted):
            archive_dispose(actor=user)


def test_disposition_removes_payloads_past_retention_and_leaves_a_verifiable_tombstone(compliance) -> None:  # type: ignore[no-untyped-def]
    expired = _old(3.5, payload={"text": "an old post about bonds"})
    young = _old(1, payload={"text": "a recent post about bonds"})
    decision = _old(3.5, event_type=EventType.REVIEW_APPROVED, payload={"note": "approved bonds"})
    assert search_seqs(query="bonds", filters=SearchFilters()) == [decision.seq, young.seq, expired.seq]

    plan = archive_dispose(actor=compliance, dry_run=True)
    assert plan.due == [expired.seq] and ArchiveRecord.objects.get(seq=expired.seq).body
    plan = archive_dispose(actor=compliance)
    assert plan.due == [expired.seq] and plan.certificate_seq is not None

    tomb = ArchiveRecord.objects.get(seq=expired.seq)
    assert tomb.body == "" and tomb.disposed_at is not None and tomb.content_hash == expired.content_hash
    assert search_seqs(query="bonds", filters=SearchFilters()) == [decision.seq, young.seq]
    certificate = ArchiveRecord.objects.get(seq=plan.certificate_seq)
    assert certificate.event_type == EventType.ARCHIVE_DISPOSITION_CERTIFIED
    assert f"[{expired.seq},{expired.seq}]" in certificate.body
    assert Disposition.objects.get().count == 1
    report = archive_verify()
    assert report.ok and report.tombstones == (expired.seq,)
    assert archive_dispose().due == []  # idempotent


def test_a_legal_hold_keeps_records_until_released(compliance, advisor) -> None:  # type: ignore[no-untyped-def]
    held = _old(4, advisor_id=advisor.pk, payload={"text": "guaranteed returns"})
    other = _old(4, payload={"text": "guaranteed returns"})
    by_query = _old(4, payload={"text": "merger rumours"})
    hold = legal_hold_create(actor=compliance, name="Matter 1", reason="SEC inquiry", advisor_id=advisor.pk)
    query_hold = legal_hold_create(actor=compliance, name="Matter 2", reason="litigation", query="merger")
    plan = disposition_plan()
    assert plan.due == [other.seq]
    assert plan.held == {hold.pk: [held.seq], query_hold.pk: [by_query.seq]}
    archive_dispose()
    assert ArchiveRecord.objects.get(seq=held.seq).body

    legal_hold_release(actor=compliance, hold_id=hold.pk, reason="matter closed")
    assert archive_dispose().due == [held.seq]
    assert ArchiveRecord.objects.get(seq=by_query.seq).body
    assert ArchiveRecord.objects.filter(event_type=EventType.ARCHIVE_HOLD_RELEASED).count() == 1
    assert archive_verify().ok
    with pytest.raises(DomainError, match="already released"):
        legal_hold_release(actor=compliance, hold_id=hold.pk, reason="again")


def test_a_hold_needs_a_reason_a_criterion_and_a_valid_query(compliance) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match="reason"):
        legal_hold_create(actor=compliance, name="m", reason=" ", advisor_id=1)
    with pytest.raises(DomainError, match="criterion"):
        legal_hold_create(actor=compliance, name="m", reason="r")
    with pytest.raises(DomainError, match="quote"):
        legal_hold_create(actor=compliance, name="m", reason="r", query='"open')


def test_the_database_refuses_every_update_but_the_sanctioned_disposition(compliance) -> None:  # type: ignore[no-untyped-def]
    record = _old(4)
    # Without a disposition item the same update is refused...
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ArchiveRecord.objects.filter(seq=record.seq).update(body="", disposed_at=timezone.now())
    plan = archive_dispose()
    assert plan.due == [record.seq]
    # ...and even with one, nothing else may change, nor may a tombstone be touched again or deleted.
    for change in ({"content_hash": "0" * 64}, {"body": "x"}, {"disposed_at": None}, {"network": "x"}):
        with pytest.raises(DatabaseError), transaction.atomic():
            ArchiveRecord.objects.filter(seq=record.seq).update(**change)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ArchiveRecord.objects.filter(seq=record.seq).delete()
    archive_access_record(user=compliance, action=AccessAction.VIEW, seqs=[record.seq])
    for table in ("archive_dispositionitem", "archive_disposition", "archive_archiveaccess"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"DELETE FROM {table}")  # noqa: S608
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            column = {"archive_disposition": "count", "archive_archiveaccess": "record_count"}.get(table, "seq")
            cur.execute(f"UPDATE {table} SET {column} = {column}")  # noqa: S608
    hold = legal_hold_create(actor=compliance, name="m", reason="r", advisor_id=1)
    with pytest.raises(DatabaseError, match="released"), transaction.atomic():
        LegalHold.objects.filter(pk=hold.pk).update(advisor_id=2)
    with pytest.raises(DatabaseError), transaction.atomic():
        LegalHold.objects.filter(pk=hold.pk).delete()


def test_an_erased_payload_without_a_certificate_fails_verification() -> None:
    record = _old(0)
    with connection.cursor() as cur:  # an attacker with the database: drop the guard, erase, forge a licence
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER archive_record_no_update")
        else:
            cur.execute("ALTER TABLE archive_archiverecord DISABLE TRIGGER USER")
    ArchiveRecord.objects.filter(seq=record.seq).update(body="", disposed_at=timezone.now())
    report = archive_verify()
    assert not report.ok and report.first_broken_seq == record.seq and "no disposition" in report.reason


def test_a_correction_is_a_new_record_referencing_the_original(compliance) -> None:  # type: ignore[no-untyped-def]
    original = _old(0, post_id=7, payload={"text": "typo"})
    fixed = archive_record_correct(actor=compliance, seq=original.seq, payload={"text": "fixed"}, reason="typo")
    assert fixed.references_seq == original.seq and fixed.post_id == 7
    assert ArchiveRecord.objects.get(seq=original.seq).body == original.body
    assert archive_verify().ok


def test_dispose_command_dry_run_changes_nothing(capsys) -> None:  # type: ignore[no-untyped-def]
    record = _old(4)
    call_command("archive", "dispose", "--dry-run")
    assert "would dispose of 1 records" in capsys.readouterr().out
    assert ArchiveRecord.objects.get(seq=record.seq).body
    call_command("archive", "dispose")
    assert ArchiveRecord.objects.get(seq=record.seq).body == ""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clearpost.archive.models import ArchiveRecord
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.training.choices import TrainingState
from clearpost.training.models import Completion
from clearpost.training.selectors import course_status
from clearpost.training.services import completions_import_csv, course_complete, course_publish_version


@pytest.fixture
def course(compliance):  # type: ignore[no-untyped-def]
    return course_publish_version(actor=compliance, course_code="social-media", title="Social media policy",
                                  content="Read the policy.", attestation_text="I have read and will follow it.",
                                  validity_months=12, unlocks=[{"network": "linkedin", "level": "compose"}])


def test_advisor_completes_a_course_with_attestation(advisor, course) -> None:
    with pytest.raises(DomainError, match="attestation"):
        course_complete(advisor=advisor, course_version_id=course.pk, attested=False)
    completion = course_complete(advisor=advisor, course_version_id=course.pk, attested=True)
    assert completion.attestation == "I have read and will follow it."
    assert course_status(advisor=advisor, course_code="social-media").state == TrainingState.CURRENT
    assert ArchiveRecord.objects.filter(event_type="training.completed", advisor_id=advisor.pk).exists()


def test_only_the_latest_version_can_be_taken(advisor, course, compliance) -> None:
    course_publish_version(actor=compliance, course_code="social-media", title="Social media policy",
                           content="v2", attestation_text="I attest v2.", validity_months=12, unlocks=[])
    with pytest.raises(DomainError, match="newer version"):
        course_complete(advisor=advisor, course_version_id=course.pk, attested=True)


def _csv(*lines: str) -> bytes:
    return ("crd_number,course_code,course_version,completed_at\n" + "\n".join(lines) + "\n").encode()


def test_import_is_all_or_nothing_and_idempotent(advisor, outsider, course, compliance) -> None:
    good = _csv(f"{advisor.crd_number},social-media,1,2026-06-01", f"{outsider.crd_number},social-media,1,2026-07-15")
    report = completions_import_csv(data=good, actor=compliance)
    assert report.ok and report.created == 2
    again = completions_import_csv(data=good, actor=compliance)
    assert again.ok and again.created == 0 and again.unchanged == 2
    assert Completion.objects.count() == 2


@pytest.mark.parametrize(("data", "message"), [
    (b"crd,course\n1,2\n", "line 1: expected the columns"),
    (_csv("9999999,social-media,1,2026-06-01"), "line 3: no advisor with CRD number"),
    (_csv("{crd},social-media,1,2026-02-30"), "line 3: completed_at '2026-02-30' is not a date"),
    (_csv("{crd},social-media,1,2099-01-01"), "impossible"),
    (_csv("{crd},no-such-course,1,2026-01-01"), "no course 'no-such-course'"),
    (_csv("{crd},social-media,one,2026-01-01"), "whole number"),
    ("crd_number,course_code,course_version,completed_at\n1,é,1,2026\n".encode("latin-1"), "not UTF-8"),
])
def test_bad_files_are_reported_by_line_and_change_nothing(advisor, course, compliance, data, message) -> None:
    data = data.replace(b"{crd}", advisor.crd_number.encode())
    good_first = _csv(f"{advisor.crd_number},social-media,1,2026-06-01").decode().splitlines()[1]
    if data.startswith(b"crd_number") and b"\n" in data:
        head, rest = data.split(b"\n", 1)
        data = head + b"\n" + good_first.encode() + b"\n" + rest  # a valid row before the bad one
    report = completions_import_csv(data=data, actor=compliance)
    assert not report.ok
    assert any(message in e for e in report.errors), report.errors
    assert Completion.objects.count() == 0


def test_only_compliance_imports(advisor, course) -> None:
    with pytest.raises(NotPermitted):
        completions_import_csv(data=_csv(), actor=advisor)


def test_states_current_expiring_lapsed(advisor, course, compliance) -> None:
    now = timezone.now()
    Completion.objects.create(advisor=advisor, course_version=course, completed_at=now - timedelta(days=360),
                              expires_at=now + timedelta(days=5), source="lms_import")
    assert course_status(advisor=advisor, course_code="social-media").state == TrainingState.EXPIRING
    Completion.objects.all().update(expires_at=now - timedelta(days=1))
    assert course_status(advisor=advisor, course_code="social-media").state == TrainingState.LAPSED


def test_expiry_reminders_go_once_to_advisors_about_to_lapse(advisor, outsider, course, mailoutbox) -> None:
    from clearpost.training.tasks import remind_expiring_training_task

    now = timezone.now()
    advisor.email, outsider.email = "avery@example.com", "olive@example.com"
    advisor.save()
    outsider.save()
    Completion.objects.create(advisor=advisor, course_version=course, completed_at=now - timedelta(days=350),
                              expires_at=now + timedelta(days=10), source="in_app")
    Completion.objects.create(advisor=outsider, course_version=course, completed_at=now - timedelta(days=10),
                              expires_at=now + timedelta(days=350), source="in_app")
    assert remind_expiring_training_task.call() == 1
    assert remind_expiring_training_task.call() == 0
    assert [m.to for m in mailoutbox] == [["avery@example.com"]]
    assert "/training/courses/social-media/" in mailoutbox[0].body

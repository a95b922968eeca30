"""Training use cases: in-app completion with attestation, and all-or-nothing CSV import from the firm's
learning system. Every completion is archived (FINRA 3110 training evidence; 4511 books and records)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from clearpost.accounts.models import User
from clearpost.archive.services import archive_record_append
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.training.choices import CompletionSource
from clearpost.training.models import Completion, Course, CourseVersion

CSV_COLUMNS = ["crd_number", "course_code", "course_version", "completed_at"]


def add_months(when: datetime, months: int) -> datetime:
    month = when.month - 1 + months
    year = when.year + month // 12
    month = month % 12 + 1
    day = min(when.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31,
                         31, 30, 31, 30, 31][month - 1])
    return when.replace(year=year, month=month, day=day)


def _archive_completion(completion: Completion, actor_id: int | None) -> None:
    version = completion.course_version
    archive_record_append(
        event_type=EventType.TRAINING_COMPLETED, actor_id=actor_id, advisor_id=completion.advisor_id,
        branch_id=completion.advisor.branch_id,
        payload={"course": version.course.code, "version": version.number, "source": completion.source,
                 "completed_at": completion.completed_at.isoformat(), "expires_at": completion.expires_at.isoformat(),
                 "attestation": completion.attestation},
    )


@transaction.atomic
def course_complete(*, advisor: User, course_version_id: int, attested: bool) -> Completion:
    """The advisor completes the current version of a course in the app, attesting to its text."""
    if not advisor.has_perm("posts.compose_post"):
        raise NotPermitted("only advisors take courses")
    if not attested:
        raise DomainError("tick the attestation to complete the course", code="attestation_required")
    version = CourseVersion.objects.select_related("course").get(pk=course_version_id)
    latest = version.course.versions.order_by("-number").first()
    if latest is not None and latest.pk != version.pk:
        raise DomainError("a newer version of this course exists; take that one", code="stale_course")
    now = timezone.now()
    completion = Completion.objects.create(
        advisor=advisor, course_version=version, completed_at=now,
        expires_at=add_months(now, version.validity_months), source=CompletionSource.IN_APP,
        attestation=version.attestation_text, recorded_by=advisor,
    )
    _archive_completion(completion, advisor.pk)
    return completion


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_when(raw: str) -> datetime | None:
    raw = raw.strip()
    try:
        value = parse_datetime(raw)
        day = parse_date(raw) if value is None else None
    except ValueError:  # well-formed but impossible, such as 2026-02-30
        return None
    if value is None:
        if day is None:
            return None
        value = datetime.combine(day, time(12, 0))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def completions_import_csv(
    *, data: bytes, actor: User, dry_run: bool = False, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Validate every row first; import nothing unless every row is valid; a row already imported is skipped."""
    if not actor.has_perm("policy.manage_rules"):
        raise NotPermitted("only compliance admins import training records")
    report = ImportReport()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.errors.append(f"the file is not UTF-8 (byte {exc.start}): save it as UTF-8 CSV and try again")
        return report
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or [c.strip() for c in reader.fieldnames] != CSV_COLUMNS:
        report.errors.append(f"line 1: expected the columns {','.join(CSV_COLUMNS)}, got "
                             f"{','.join(reader.fieldnames or []) or 'nothing'}")
        return report
    rows = list(reader)
    advisors = {u.crd_number: u for u in User.objects.filter(crd_number__in={r["crd_number"].strip() for r in rows})}
    versions = {(v.course.code, v.number): v for v in CourseVersion.objects.select_related("course")}
    now = timezone.now()
    valid: list[tuple[User, CourseVersion, datetime]] = []
    for line, row in enumerate(rows, start=2):
        report.rows += 1
        if None in row.values() or None in row:
            report.errors.append(f"line {line}: wrong number of fields")
            continue
        crd = row["crd_number"].strip()
        advisor = advisors.get(crd)
        if advisor is None:
            report.errors.append(f"line {line}: no advisor with CRD number {crd!r}")
        try:
            number = int(row["course_version"])
        except ValueError:
            report.errors.append(f"line {line}: course_version must be a whole number, got {row['course_version']!r}")
            continue
        version = versions.get((row["course_code"].strip(), number))
        if version is None:
            report.errors.append(f"line {line}: no course {row['course_code']!r} version {number}")
        when = _parse_when(row["completed_at"])
        if when is None:
            report.errors.append(f"line {line}: completed_at {row['completed_at']!r} is not a date (YYYY-MM-DD)")
        elif when > now + timedelta(days=1) or when.year < 2000:
            report.errors.append(f"line {line}: completed_at {row['completed_at']!r} is impossible")
        if advisor is not None and version is not None and when is not None and not report.errors:
            valid.append((advisor, version, when))
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        existing = set(Completion.objects.filter(advisor__in=[a for a, _, _ in valid])
                       .values_list("advisor_id", "course_version_id", "completed_at"))
        fresh: list[Completion] = []
        for advisor, version, when in valid:
            key = (advisor.pk, version.pk, when)
            if key in existing:
                report.unchanged += 1
                continue
            existing.add(key)
            fresh.append(Completion(advisor=advisor, course_version=version, completed_at=when,
                                    expires_at=add_months(when, version.validity_months),
                                    source=CompletionSource.LMS_IMPORT, recorded_by=actor))
        for i in range(0, len(fresh), 1000):
            Completion.objects.bulk_create(fresh[i:i + 1000])
            if progress:
                progress(min(i + 1000, len(fresh)), len(fresh))
        report.created = len(fresh)
        archive_record_append(
            event_type=EventType.TRAINING_IMPORTED, actor_id=actor.pk,
            payload={"rows": report.rows, "created": report.created, "unchanged": report.unchanged,
                     "completions": [[a.crd_number, v.course.code, v.number, w.isoformat()] for a, v, w in valid]},
        )
    return report


@transaction.atomic
def course_publish_version(*, actor: User, course_code: str, title: str, content: str, attestation_text: str,
                           validity_months: int, unlocks: list[dict[str, str]]) -> CourseVersion:
    if not actor.has_perm("policy.manage_rules"):
        raise NotPermitted("only compliance admins publish courses")
    course, _ = Course.objects.get_or_create(code=course_code, defaults={"title": title})
    number = (course.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = CourseVersion.objects.create(course=course, number=number, content=content,
                                           attestation_text=attestation_text, validity_months=validity_months,
                                           unlocks=unlocks, published_at=timezone.now())
    archive_record_append(event_type=EventType.TRAINING_COURSE_PUBLISHED, actor_id=actor.pk,
                          payload={"course": course_code, "version": number, "title": title, "content": content,
                                   "attestation": attestation_text, "validity_months": validity_months,
                                   "unlocks": unlocks})
    return version

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from clearpost.core.errors import DomainError
from clearpost.training.services import completions_import_csv

router = Router(tags=["training"])


class ImportOut(Schema):
    rows: int
    created: int
    unchanged: int


@router.post("/completions/import", response={200: ImportOut},
             summary="Import LMS completions (text/csv body: crd_number,course_code,course_version,completed_at)")
def import_completions(request: HttpRequest, dry_run: bool = False) -> ImportOut:
    """All or nothing: any bad row refuses the whole file with every problem listed by line number."""
    report = completions_import_csv(data=request.body, actor=request.user, dry_run=dry_run)
    if not report.ok:
        raise DomainError("; ".join(report.errors[:50]), code="invalid_csv")
    return ImportOut(rows=report.rows, created=report.created, unchanged=report.unchanged)

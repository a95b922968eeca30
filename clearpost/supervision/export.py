"""The quarterly complaint statistics export (FINRA 4530(d)), in a documented CSV layout.

Layout (one header row, then one row per complaint received in the quarter, ordered by date received):

| column | content |
| --- | --- |
| case_id | Clearpost complaint case number |
| date_received | YYYY-MM-DD, the day the firm received the complaint |
| advisor_crd | the associated person's CRD number |
| advisor_name | the associated person's name |
| branch_code | the branch the advisor belonged to |
| customer_name | the customer (or their representative) |
| problem_code | one of the firm's problem categories (supervision/choices.py ProblemCode) |
| product_code | one of the firm's product categories (ProductCode) |
| allegation | the allegation, on one line |
| amount | the amount claimed where stated, dot decimal, blank otherwise |
| status | open, under_review, resolved, closed |
| resolved_date | YYYY-MM-DD or blank |
| report_due_date | YYYY-MM-DD when reportable within 30 days (theft, misappropriation, forgery), else blank |
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time
from typing import IO

from django.utils import timezone

from clearpost.supervision.models import ComplaintCase

COLUMNS = ["case_id", "date_received", "advisor_crd", "advisor_name", "branch_code", "customer_name", "problem_code",
           "product_code", "allegation", "amount", "status", "resolved_date", "report_due_date"]
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def quarter_bounds(quarter: str) -> tuple[datetime, datetime]:
    """'2026-Q3' → [2026-07-01, 2026-10-01) in the firm's time zone; ValueError with a clear message."""
    match = _QUARTER.match(quarter.strip())
    if not match:
        raise ValueError(f"quarter must look like 2026-Q3, got {quarter!r}")
    year, q = int(match.group(1)), int(match.group(2))
    tz = timezone.get_current_timezone()
    start = datetime.combine(date(year, 3 * q - 2, 1), time.min, tzinfo=tz)
    end = datetime.combine(date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1), time.min, tzinfo=tz)
    return start, end


def _day(value: datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def complaints_quarterly_csv(quarter: str, out: IO[str]) -> int:
    start, end = quarter_bounds(quarter)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = (ComplaintCase.objects.filter(received_at__gte=start, received_at__lt=end)
            .select_related("advisor", "branch").order_by("received_at", "pk"))
    count = 0
    for case in rows.iterator(chunk_size=2000):
        writer.writerow([
            case.pk, _day(case.received_at), case.advisor.crd_number, str(case.advisor), case.branch.code
            if case.branch else "", case.customer_name, case.problem_code, case.product_code,
            " ".join(case.allegation.split()), f"{case.amount:.2f}" if case.amount is not None else "", case.status,
            _day(case.resolved_at), _day(case.report_due_at),
        ])
        count += 1
    return count


def validate_quarterly_csv(text: str) -> list[str]:
    """Check a file against the layout above; returns the problems found (empty when valid)."""
    from clearpost.supervision.choices import ComplaintStatus, ProblemCode, ProductCode

    problems: list[str] = []
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != COLUMNS:
        return [f"line 1: header must be {','.join(COLUMNS)}"]
    day = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for line, row in enumerate(reader, start=2):
        if len(row) != len(COLUMNS):
            problems.append(f"line {line}: {len(row)} fields, expected {len(COLUMNS)}")
            continue
        rec = dict(zip(COLUMNS, row, strict=True))
        if not rec["case_id"].isdigit():
            problems.append(f"line {line}: case_id")
        if not day.match(rec["date_received"]):
            problems.append(f"line {line}: date_received")
        for field in ("resolved_date", "report_due_date"):
            if rec[field] and not day.match(rec[field]):
                problems.append(f"line {line}: {field}")
        if rec["problem_code"] not in ProblemCode.values or rec["product_code"] not in ProductCode.values:
            problems.append(f"line {line}: problem or product code")
        if rec["status"] not in ComplaintStatus.values:
            problems.append(f"line {line}: status")
        if rec["amount"] and not re.match(r"^\d+\.\d{2}$", rec["amount"]):
            problems.append(f"line {line}: amount")
    return problems

"""Quarterly complaint export (FINRA 4530(d)) of 10,000 complaints, validated against the documented layout.

Baseline in the same run: writing the same rows with csv.writer from a bare values_list query."""

from __future__ import annotations

import csv
import io
import os
import time

from _django import setup_django

COMPLAINTS = int(os.environ.get("BENCH_COMPLAINTS", "10000"))


def main() -> None:
    setup_django("supervision")
    from datetime import timedelta
    from decimal import Decimal

    from clearpost.accounts.models import OrgUnit, User
    from clearpost.supervision.export import complaints_quarterly_csv, quarter_bounds, validate_quarterly_csv
    from clearpost.supervision.models import ComplaintCase

    region = OrgUnit.objects.create(kind="region", code="r", name="R")
    branches = [OrgUnit.objects.create(kind="branch", code=f"b{i}", name=f"B{i}", parent=region) for i in range(10)]
    advisors = User.objects.bulk_create(
        [User(username=f"a{i}", crd_number=str(6_000_000 + i), branch=branches[i % 10]) for i in range(500)])
    opener = advisors[0]
    start, _ = quarter_bounds("2026-Q3")
    problems = ["service", "fees", "unsuitable", "theft", "misrepresentation"]
    ComplaintCase.objects.bulk_create([
        ComplaintCase(received_at=start + timedelta(minutes=13 * i), customer_name=f"Customer {i}",
                      advisor=advisors[i % 500], branch=advisors[i % 500].branch, problem_code=problems[i % 5],
                      product_code="equity", allegation=f"Allegation number {i},\nwith a comma and a newline",
                      amount=Decimal(i % 900) if i % 3 else None, opened_by=opener)
        for i in range(COMPLAINTS)], batch_size=2000)

    out = io.StringIO()
    t0 = time.perf_counter()
    count = complaints_quarterly_csv("2026-Q3", out)
    export_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    problems_found = validate_quarterly_csv(out.getvalue())
    validate_s = time.perf_counter() - t0
    assert count == COMPLAINTS and problems_found == [], problems_found[:5]

    t0 = time.perf_counter()
    bare = io.StringIO()
    writer = csv.writer(bare)
    rows = ComplaintCase.objects.values_list("pk", "received_at", "customer_name", "allegation", "amount")
    for row in rows.iterator():
        writer.writerow(row)
    bare_s = time.perf_counter() - t0
    print(f"complaints exported: {count}")
    print(f"quarterly export: {export_s:.2f} s (target < 10 s); layout validation: {validate_s:.2f} s, 0 problems")
    print(f"baseline bare values_list + csv.writer: {bare_s:.2f} s; export / baseline = {export_s / bare_s:.1f}x")


if __name__ == "__main__":
    main()

"""Training CSV import: 20,000 completions through the real service (validation, all-or-nothing, archive).

Baseline in the same run: a bare bulk_create of the same 20,000 rows, no validation."""

from __future__ import annotations

import os
import time

from _django import setup_django

ROWS = int(os.environ.get("BENCH_TRAINING_ROWS", "20000"))


def main() -> None:
    setup_django("training")
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from clearpost.accounts.models import User
    from clearpost.accounts.roles import sync_role_groups
    from clearpost.training.models import Completion
    from clearpost.training.services import add_months, completions_import_csv, course_publish_version

    sync_role_groups()
    admin = User.objects.create(username="bench-compliance")
    admin.groups.add(Group.objects.get(name="compliance_admin"))
    version = course_publish_version(actor=admin, course_code="smp", title="SMP", content="…", attestation_text="ok",
                                     validity_months=12, unlocks=[])
    advisors = User.objects.bulk_create([User(username=f"a{i}", crd_number=str(8_000_000 + i)) for i in range(ROWS)])
    lines = ["crd_number,course_code,course_version,completed_at"]
    lines += [f"{a.crd_number},smp,1,2026-{1 + i % 9:02d}-{1 + i % 27:02d}" for i, a in enumerate(advisors)]
    data = ("\n".join(lines) + "\n").encode()

    start = time.perf_counter()
    report = completions_import_csv(data=data, actor=admin)
    service_s = time.perf_counter() - start
    assert report.ok and report.created == ROWS, report.errors[:5]
    start = time.perf_counter()
    again = completions_import_csv(data=data, actor=admin)
    reimport_s = time.perf_counter() - start
    assert again.created == 0 and again.unchanged == ROWS

    Completion.objects.all().delete()
    now = timezone.now()
    start = time.perf_counter()
    rows = [Completion(advisor=a, course_version=version, completed_at=now, expires_at=add_months(now, 12),
                       source="lms_import") for a in advisors]
    for i in range(0, len(rows), 1000):
        Completion.objects.bulk_create(rows[i:i + 1000])
    bare_s = time.perf_counter() - start

    print(f"rows: {ROWS}")
    print(f"service import (validate + insert + archive): {service_s:.2f} s  ({ROWS / service_s:,.0f} rows/s)  "
          f"target < 10 s")
    print(f"re-import of the same file (all unchanged):   {reimport_s:.2f} s")
    print(f"baseline bare bulk_create:                    {bare_s:.2f} s  ({ROWS / bare_s:,.0f} rows/s)")
    print(f"service / baseline time ratio: {service_s / bare_s:.1f}x")


if __name__ == "__main__":
    main()

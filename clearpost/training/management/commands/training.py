from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearpost.accounts.models import User
from clearpost.training.services import completions_import_csv


class Command(BaseCommand):
    help = "Training records. `training import FILE --as USERNAME [--dry-run]`: LMS completions, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import completions from a CSV file")
        imp.add_argument("file", type=Path)
        imp.add_argument("--as", dest="username", required=True, help="the compliance admin doing the import")
        imp.add_argument("--dry-run", action="store_true", help="check every row, import nothing")

    def handle(self, *args: Any, action: str, file: Path, username: str, dry_run: bool, **options: Any) -> None:
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"no user {username!r}")
        if not file.exists():
            raise CommandError(f"no such file: {file}")

        def progress(done: int, total: int) -> None:
            width = 40
            filled = int(width * done / max(total, 1))
            sys.stderr.write(f"\rimporting [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                sys.stderr.write("\n")

        report = completions_import_csv(data=file.read_bytes(), actor=actor, dry_run=dry_run, progress=progress)
        if not report.ok:
            for error in report.errors[:500]:
                self.stderr.write(error)
            raise CommandError(f"nothing imported: {len(report.errors)} problem(s) in {report.rows} rows")
        if dry_run:
            self.stdout.write(f"{report.rows} rows checked, all valid; nothing imported (dry run)")
        else:
            self.stdout.write(f"{report.rows} rows checked: imported {report.created}, "
                              f"{report.unchanged} already present")

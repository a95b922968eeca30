from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearpost.archive.selectors import archive_verify


class Command(BaseCommand):
    help = "Books-and-records archive: `archive verify` checks every record's hash and the chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Verify every content hash and the hash chain; exit 1 naming the first break")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            report = archive_verify()
            if not report.ok:
                raise CommandError(
                    f"archive verification FAILED at record {report.first_broken_seq}: {report.reason} "
                    f"({report.checked} records verified before it)"
                )
            self.stdout.write(f"archive verified: {report.checked} records, chain intact")

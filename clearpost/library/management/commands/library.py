"""`clearpost library …`: the library's periodic work by hand (the scheduler runs the same services).

    clearpost library expire [--dry-run]      approved items past their window become expired
    clearpost library launch-campaigns        launch campaigns that are due
    clearpost library process-shares          submit queued automatic shares now
    clearpost library list [--status approved]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from clearpost.library.choices import ItemStatus
from clearpost.library.models import LibraryItem
from clearpost.library.selectors import library_items_for_manager, queued_share_ids
from clearpost.library.services import campaigns_launch_due, library_items_expire, share_queued_process


class Command(BaseCommand):
    help = "Content library: expire items, launch due campaigns, process queued auto-shares, list items."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        expire = sub.add_parser("expire")
        expire.add_argument("--dry-run", action="store_true")
        sub.add_parser("launch-campaigns")
        sub.add_parser("process-shares")
        listing = sub.add_parser("list")
        listing.add_argument("--status", default="", choices=["", *ItemStatus.values])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "expire":
            if options["dry_run"]:
                due = LibraryItem.objects.filter(status=ItemStatus.APPROVED,
                                                 current_version__valid_until__lte=timezone.now()).count()
                self.stdout.write(f"{due} item(s) would expire (dry run)")
            else:
                self.stdout.write(f"{library_items_expire()} item(s) expired")
        elif action == "launch-campaigns":
            self.stdout.write(f"{campaigns_launch_due()} campaign(s) launched")
        elif action == "process-shares":
            done = sum(1 for share_id in queued_share_ids() if share_queued_process(share_id=share_id) is not None)
            self.stdout.write(f"{done} queued share(s) submitted")
        else:
            for item in library_items_for_manager(status=options["status"]):
                v = item.current_version
                self.stdout.write(f"{item.pk}\t{item.status}\tv{v.number if v else '-'}\t{v.title if v else ''}")

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clearpost.archive.checkpoints import CheckpointError, checkpoint_write
from clearpost.archive.disposition import archive_dispose
from clearpost.archive.export import ExportError, archive_export
from clearpost.archive.models import AccessAction
from clearpost.archive.replicate import archive_replica_verify, archive_replicate
from clearpost.archive.search import SearchError, SearchFilters, archive_search, parse_when
from clearpost.archive.selectors import archive_record_count, archive_verify
from clearpost.archive.services import archive_access_record
from clearpost.core.errors import DomainError


def add_filter_arguments(parser: CommandParser) -> None:
    parser.add_argument("--advisor", help="advisor user id or username")
    parser.add_argument("--branch", type=int, help="branch (org unit) id")
    parser.add_argument("--network", default="")
    parser.add_argument("--record-class", default="")
    parser.add_argument("--event-type", default="")
    parser.add_argument("--direction", default="", choices=["", "outgoing", "inbound"])
    parser.add_argument("--verdict", default="")
    parser.add_argument("--post", type=int)
    parser.add_argument("--since", help="archived at or after (YYYY-MM-DD or ISO date-time)")
    parser.add_argument("--until", help="archived at or before (YYYY-MM-DD or ISO date-time)")


def filters_from_options(options: dict[str, Any]) -> SearchFilters:
    advisor_id: int | None = None
    if options.get("advisor"):
        raw = str(options["advisor"])
        if raw.isdigit():
            advisor_id = int(raw)
        else:
            user = get_user_model().objects.filter(username=raw).first()
            if user is None:
                raise CommandError(f"no advisor named {raw!r}")
            advisor_id = user.pk
    try:
        since = parse_when(options.get("since"))
        until = parse_when(options.get("until"), end=True)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    return SearchFilters(advisor_id=advisor_id, branch_id=options.get("branch"), network=options.get("network") or "",
                         record_class=options.get("record_class") or "", event_type=options.get("event_type") or "",
                         direction=options.get("direction") or "", verdict=options.get("verdict") or "",
                         post_id=options.get("post"), since=since, until=until)


class Progress:
    """A progress bar on stderr, so stdout stays parseable."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.started = max(total, 1), label, time.monotonic()
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int) -> None:
        rate = done / max(time.monotonic() - self.started, 1e-9)
        filled = int(30 * min(done / self.total, 1))
        line = f"{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total} ({rate:,.0f} records/s)"
        sys.stderr.write(("\r" + line) if self.tty else (line + "\n"))
        sys.stderr.flush()

    def done(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


class Command(BaseCommand):
    help = ("Books-and-records archive (SEC 17a-4(f), FINRA 4511): verify, checkpoint, dispose, search, export, "
            "replicate.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Verify every content hash, the chain and every checkpoint; exit 1 "
                                               "naming the first break")
        verify.add_argument("--no-progress", action="store_true")
        checkpoint = sub.add_parser("checkpoint", help="Sign the chain head into a write-once checkpoint file")
        checkpoint.add_argument("--force", action="store_true", help="write one even if nothing was appended")
        dispose = sub.add_parser("dispose", help="Remove payloads past retention and not held; leave tombstones")
        dispose.add_argument("--dry-run", action="store_true")
        dispose.add_argument("--limit", type=int, default=20_000)
        search = sub.add_parser("search", help="Full-text search with filters")
        search.add_argument("query", nargs="?", default="")
        add_filter_arguments(search)
        search.add_argument("--limit", type=int, default=50)
        search.add_argument("--ranked", action="store_true", help="best matches first instead of newest first")
        search.add_argument("--json", action="store_true")
        search.add_argument("--as-user", help="username the access log attributes the search to")
        export = sub.add_parser("export", help="Write a production set with a manifest an outsider can verify")
        export.add_argument("--out", help="a new directory (default: ARCHIVE_EXPORT_DIR/export-<UTC time>)")
        export.add_argument("--query", default="")
        add_filter_arguments(export)
        export.add_argument("--as-user", help="username the access log attributes the export to")
        replicate = sub.add_parser("replicate", help="Bring a second copy up to date, or verify against it")
        replicate.add_argument("--to", required=True)
        replicate.add_argument("--verify", action="store_true", help="compare the database with the replica")

    def _user(self, options: dict[str, Any]) -> Any:
        name = options.get("as_user")
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise CommandError(f"no user named {name!r}")
        return user

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"do_{action}")(options)

    def do_verify(self, options: dict[str, Any]) -> None:
        bar = None if options["no_progress"] else Progress(archive_record_count(), "verifying")
        started = time.monotonic()
        report = archive_verify(progress=bar)
        if bar:
            bar.done()
        if not report.ok:
            raise CommandError(
                f"archive verification FAILED at record {report.first_broken_seq}: {report.reason} "
                f"({report.checked} records verified before it)"
            )
        elapsed = time.monotonic() - started
        self.stdout.write(f"archive verified: {report.checked} records, chain intact, {report.checkpoints} "
                          f"checkpoints hold, {len(report.tombstones)} tombstones certified "
                          f"({report.checked / max(elapsed, 1e-9):,.0f} records/s)")

    def do_checkpoint(self, options: dict[str, Any]) -> None:
        try:
            written = checkpoint_write(force=options["force"])
        except CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        if written is None:
            self.stdout.write("no new records since the last checkpoint")
        else:
            self.stdout.write(f"checkpoint written: {written.path} (record {written.doc['seq']})")

    def do_dispose(self, options: dict[str, Any]) -> None:
        plan = archive_dispose(dry_run=options["dry_run"], limit=options["limit"])
        verb = "would dispose of" if options["dry_run"] else "disposed of"
        self.stdout.write(f"{verb} {len(plan.due)} records past retention; {plan.held_count} kept under "
                          f"{len(plan.held)} legal holds")
        for code, cutoff in sorted(plan.cutoffs.items()):
            self.stdout.write(f"  {code}: records that occurred before {cutoff}")
        if plan.due and options["dry_run"]:
            from clearpost.archive.disposition import seq_ranges

            self.stdout.write("  records: " + ", ".join(f"{a}-{b}" if a != b else str(a)
                                                        for a, b in seq_ranges(plan.due)[:50]))
        if plan.certificate_seq:
            self.stdout.write(f"  disposition certificate: record {plan.certificate_seq}")

    def do_search(self, options: dict[str, Any]) -> None:
        filters = filters_from_options(options)
        if options["limit"] < 1 or options["limit"] > 10_000:
            raise CommandError("--limit must be between 1 and 10000")
        try:
            hits = archive_search(query=options["query"], filters=filters, limit=options["limit"],
                                  ranked=options["ranked"])
        except SearchError as exc:
            raise CommandError(f"bad search: {exc.message}") from exc
        archive_access_record(user=self._user(options), action=AccessAction.SEARCH, query=options["query"],
                              filters=filters.as_dict(), seqs=[h.seq for h in hits])
        if options["json"]:
            for h in hits:
                self.stdout.write(json.dumps({
                    "seq": h.seq, "occurred_at": h.occurred_at.isoformat(), "captured_at": h.captured_at.isoformat(),
                    "event_type": h.event_type, "record_class": h.record_class, "network": h.network,
                    "advisor_id": h.advisor_id, "branch_id": h.branch_id, "post_id": h.post_id,
                    "disposed": h.disposed, "snippet": h.snippet}, ensure_ascii=False))
        else:
            for h in hits:
                self.stdout.write(f"{h.seq:>10}  {h.occurred_at:%Y-%m-%d %H:%M}  {h.event_type:<28} {h.snippet}")
            self.stdout.write(f"{len(hits)} records")

    def do_export(self, options: dict[str, Any]) -> None:
        filters = filters_from_options(options)
        try:
            out = Path(options["out"]) if options["out"] else Path(settings.ARCHIVE_EXPORT_DIR) / (
                "export-" + timezone.now().strftime("%Y%m%dT%H%M%SZ"))
            result = archive_export(out=out, user=self._user(options), query=options["query"], filters=filters)
        except (ExportError, SearchError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"exported {result.record_count} records into {result.out} ({result.files} files); "
                          f"check with: python3 {result.out / 'verify_export.py'}")

    def do_replicate(self, options: dict[str, Any]) -> None:
        target = Path(options["to"])
        if options["verify"]:
            try:
                report = archive_replica_verify(to=target)
            except (CheckpointError, DomainError) as exc:
                raise CommandError(str(exc)) from exc
            archive_access_record(user=None, action=AccessAction.REPLICA_VERIFY, count=report.checked,
                                  filters={"replica": str(target)})
            if not report.ok:
                raise CommandError(f"replica verification FAILED at record {report.first_broken_seq}: "
                                   f"{report.reason}")
            self.stdout.write(f"replica agrees with the database: {report.checked} records")
            return
        result = archive_replicate(to=target)
        self.stdout.write(f"replicated {result.records} new records in {result.segments} segments, "
                          f"{result.checkpoints} new checkpoints; replica holds records up to {result.last_seq}")

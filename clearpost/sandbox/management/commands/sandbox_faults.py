from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearpost.sandbox.gate import faults_for
from clearpost.sandbox.models import SandboxFaults
from clearpost.sandbox.services import faults_dict, sandbox_faults_set


class Command(BaseCommand):
    help = ("Show or switch a sandbox network's faults and rate limits (run with DJANGO_SETTINGS_MODULE="
            "config.settings_sandbox), e.g. `sandbox_faults x --set p_rate_limit=0.05 --set p_timeout_after=0.03`.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("network", choices=["x", "linkedin", "mastodon"])
        parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                            help=f"one of {', '.join(SandboxFaults.FIELDS)}")
        parser.add_argument("--off", action="store_true", help="reset every setting to its default (no faults)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, network: str, set: list[str], off: bool, dry_run: bool, **options: Any) -> None:
        values: dict[str, str] = {}
        for item in set:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"expected KEY=VALUE, got {item!r}")
            values[key.strip()] = value.strip()
        if dry_run or not (values or off):
            self.stdout.write(json.dumps(faults_dict(faults_for(network)), indent=2))
            return
        try:
            faults = sandbox_faults_set(network=network, values=values, reset=off)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(faults_dict(faults), indent=2))

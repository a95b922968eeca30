from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clearpost.sandbox.audience import audience_members
from clearpost.sandbox.services import NETWORKS, sandbox_account_ensure, sandbox_accounts_bulk


class Command(BaseCommand):
    help = "Create sandbox network accounts (run with DJANGO_SETTINGS_MODULE=config.settings_sandbox). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("accounts", nargs="*", help="network:handle pairs, e.g. x:alice mastodon:bob")
        parser.add_argument("--demo", action="store_true", help="create the demo firm's accounts on every network")
        parser.add_argument("--bulk", default="", metavar="NETWORK:PREFIX:COUNT",
                            help="create COUNT accounts PREFIX0 … at once (load tests: a firm-wide fan-out)")

    def handle(self, *args: Any, accounts: list[str], demo: bool, bulk: str, **options: Any) -> None:
        if bulk:
            network, prefix, count = bulk.split(":")
            created = sandbox_accounts_bulk(network=network, handles=[f"{prefix}{i}" for i in range(int(count))])
            self.stdout.write(f"sandbox accounts created in bulk: {created}")
        # network:handle or network:handle:Display Name (a new display name changes the profile).
        pairs = [tuple(item.split(":", 2)) for item in accounts]
        if demo:
            from clearpost.accounts.demo import DEMO_ADVISORS

            pairs += [(network, a.handle) for a in DEMO_ADVISORS for network in NETWORKS]
        for network, handle, *name in pairs:
            sandbox_account_ensure(network=network, handle=handle, display_name=name[0] if name else "")
        for network in NETWORKS:
            audience_members(network)
        self.stdout.write(f"sandbox accounts ready: {len(pairs)}")

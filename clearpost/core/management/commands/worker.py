from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = (
        "Run background tasks (all queues by default). SIGTERM/SIGINT finish the running task, then exit; a worker "
        "killed outright leaves its deliveries' leases to expire, and the scheduler hands them to another worker."
    )

    # Restarted often (deploys, crashes, scaling): the system checks run at deploy and in CI (`clearpost check`),
    # not on every start, where loading every URL and API route to check them cost more than the process's set-up.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from clearpost.sandbox.audience import audience_reply_round


class Command(BaseCommand):
    help = ("Let the simulated audience reply to advisors' posts (run with DJANGO_SETTINGS_MODULE="
            "config.settings_sandbox). --loop keeps replying every --every seconds.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--probability", type=float, default=0.5)
        parser.add_argument("--max", type=int, default=50, dest="max_replies")
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--every", type=float, default=20.0)
        parser.add_argument("--kind", choices=["question", "praise", "complaint", "trade_instruction"], default=None,
                            help="reply with this kind only (default: a weighted mix)")

    def handle(self, *args: Any, probability: float, max_replies: int, seed: int | None, loop: bool, every: float,
               kind: str | None, **options: Any) -> None:
        while True:
            close_old_connections()
            created = audience_reply_round(probability=probability, max_replies=max_replies, seed=seed, kind=kind)
            self.stdout.write(f"audience replies: {len(created)}")
            if not loop:
                return
            time.sleep(every)

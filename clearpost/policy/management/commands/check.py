"""`clearpost check`: Django's system check, extended with the policy screen.

Without policy options it is Django's ``check`` unchanged (``clearpost check --deploy --fail-level WARNING``).
With ``--jsonl`` or ``--network`` it screens texts with the policy engine:

    clearpost check --jsonl posts.jsonl > results.jsonl      # or --jsonl - to read standard input
    clearpost check "Guaranteed 12% returns!" --network x    # a readable report for one text

``--jsonl`` reads one JSON object a line, ``{"id", "text", "network", "direction"}``, and writes one line
each, in input order: ``{"id", "verdict", "categories", "findings", "length", "policy_version"}``.  A bad
line is reported on stderr with its line number and skipped; the command then exits non-zero.  Lines are
screened by one process per CPU (``--workers N`` to choose; see :mod:`clearpost.policy.engine.batch`).
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser, ArgumentTypeError
from concurrent.futures.process import BrokenProcessPool
from typing import IO, Any

from django.core.management.base import CommandError
from django.core.management.commands.check import Command as CheckCommand

from clearpost.policy.engine import Engine, RuleSet, RuleSetError, default_engine
from clearpost.policy.engine.batch import default_workers, screen_lines
from clearpost.policy.engine.length import normalize_network
from clearpost.policy.engine.vocabulary import DIRECTIONS


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return n


class Command(CheckCommand):
    help = (
        "Checks the project for problems (Django's system check); with --jsonl or --network, screens "
        "texts with the policy engine instead."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        group = parser.add_argument_group("policy screening")
        group.add_argument(
            "--jsonl", metavar="FILE", help="screen one JSON object per line from FILE (- for stdin)"
        )
        group.add_argument(
            "--network", help="x (or twitter), linkedin or mastodon; screens the positional text"
        )
        group.add_argument("--direction", default="outgoing", choices=DIRECTIONS, help="default: outgoing")
        group.add_argument(
            "--rules", metavar="FILE", help="a rule-set JSON file to use instead of the baseline"
        )
        group.add_argument(
            "--workers",
            type=_positive_int,
            metavar="N",
            help="with --jsonl: screen in N processes (default: one per CPU this process may use)",
        )

    def handle(self, *app_labels: str, **options: Any) -> None:
        if not options.get("jsonl") and not options.get("network"):
            return super().handle(*app_labels, **options)
        engine = self._engine(options.get("rules"))
        if options.get("jsonl"):
            self._jsonl(engine, options["jsonl"], options)
            return None
        text = " ".join(app_labels)
        if not text:
            raise CommandError('give the text to screen, e.g. clearpost check "some text" --network x')
        try:
            network = normalize_network(options["network"])
            result = engine.screen(text, network, options["direction"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self._report(text, network, options["direction"], result)
        return None

    # -- helpers --------------------------------------------------------------------------------------------
    @staticmethod
    def _engine(rules_path: str | None) -> Engine:
        if not rules_path:
            return default_engine()
        try:
            with open(rules_path, encoding="utf-8") as fh:
                return Engine(RuleSet.from_json(fh.read()))
        except OSError as exc:
            raise CommandError(f"cannot read rule set {rules_path}: {exc}") from exc
        except RuleSetError as exc:
            raise CommandError(f"invalid rule set {rules_path}: {exc}") from exc

    def _jsonl(self, engine: Engine, path: str, options: dict[str, Any]) -> None:
        workers = options.get("workers") or default_workers()
        if path == "-":
            stream: IO[str] = options.get("stdin") or sys.stdin
            bad = self._screen_lines(engine, stream, options, workers)
        else:
            try:
                with open(path, encoding="utf-8") as stream:
                    bad = self._screen_lines(engine, stream, options, workers)
            except OSError as exc:
                raise CommandError(f"cannot read {path}: {exc}") from exc
        if bad:
            raise CommandError(f"{bad} bad line(s) skipped")

    def _screen_lines(self, engine: Engine, stream: IO[str], options: dict[str, Any], workers: int) -> int:
        bad = written = 0
        network, direction = options.get("network"), options.get("direction") or "outgoing"
        try:
            for out, errors in screen_lines(engine, stream, network, direction, workers):
                for lineno, message in errors:
                    self.stderr.write(f"line {lineno}: {message}")
                bad += len(errors)
                if out:
                    self.stdout.write("\n".join(out), ending="\n")
                    written += len(out)
        except BrokenProcessPool as exc:
            raise CommandError(
                f"a screening worker process stopped unexpectedly ({exc}); the {written} result line(s) written "
                "are complete and in input order, the lines after them were not screened"
            ) from exc
        return bad

    def _report(self, text: str, network: str, direction: str, result: Any) -> None:
        w = self.stdout.write
        style = {
            "reject": self.style.ERROR,
            "complaint": self.style.ERROR,
            "review": self.style.WARNING,
            "flag": self.style.WARNING,
        }.get(result.verdict, self.style.SUCCESS)
        w(f"verdict:    {style(result.verdict)}  ({direction}, {network})")
        w(f"categories: {', '.join(result.categories)}")
        if result.findings:
            w("findings:")
            for f in result.findings:
                w(f"  - {f.rule}  [{f.category}, {f.severity}]  chars {f.start}-{f.end}: {f.excerpt!r}")
                w(f"      {f.rationale}")
        else:
            w("findings:   none")
        if result.disclosures:
            w(f"disclosures required: {', '.join(result.disclosures)}")
        ln = result.length
        w(f"length:     {ln.counted}/{ln.limit} on {ln.network} ({'fits' if ln.fits else 'does NOT fit'})")
        w(f"policy:     {result.policy_version}")

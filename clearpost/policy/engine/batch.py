"""Batch screening of JSON lines (``clearpost check --jsonl``), on one core or on several.

Each input line is ``{"id", "text", "network", "direction"}``; each output line
``{"id", "verdict", "categories", "findings", "length", "policy_version"}``, in input order.  A bad line
(not JSON, a missing or invalid field, a text too large) yields an error naming its line number and is
skipped; the caller decides what that means for its exit status.

With ``workers > 1`` the lines are screened in chunks by forked worker processes that share the parent's
compiled engine (no second compile, and its pages are shared until written).  At most two chunks per worker
are in flight, so a file of any size streams through in bounded memory; the output keeps the input order.
A worker that dies (killed, out of memory) stops the batch with ``BrokenProcessPool`` rather than leaving a
gap in the output.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from .engine import Engine
from .vocabulary import DIRECTIONS

CHUNK_LINES = 256  # lines per task: large enough that passing them between processes costs little

NumberedLine = tuple[int, str]
Chunk = tuple[list[str], list[tuple[int, str]]]  # output lines, (line number, error) for each bad line


def default_workers() -> int:
    """The CPUs this process may run on (``os.sched_getaffinity`` where the platform has it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def screen_chunk(
    engine: Engine, lines: Iterable[NumberedLine], default_network: str | None, default_direction: str
) -> Chunk:
    """Screen numbered JSON lines; blank lines are skipped without a word."""
    dumps = json.dumps
    out: list[str] = []
    errors: list[tuple[int, str]] = []
    for lineno, line in lines:
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            if "id" not in row:
                raise ValueError("missing field 'id'")
            text = row.get("text")
            if not isinstance(text, str):
                raise ValueError("field 'text' must be a string")
            network = row.get("network", default_network)
            if not isinstance(network, str):
                raise ValueError("missing or invalid field 'network'")
            direction = row.get("direction", default_direction)
            if direction not in DIRECTIONS:
                raise ValueError(f"invalid field 'direction': {direction!r}")
            res = engine.screen(text, network, direction)
        except ValueError as exc:  # JSONDecodeError, TextTooLarge and bad fields are ValueErrors
            errors.append((lineno, str(exc)))
            continue
        out.append(
            dumps(
                {
                    "id": row["id"],
                    "verdict": res.verdict,
                    "categories": res.categories,
                    "findings": [f.to_dict() for f in res.findings],
                    "length": res.length.to_dict(),
                    "policy_version": res.policy_version,
                },
                separators=(",", ":"),
                ensure_ascii=False,
            )
        )
    return out, errors


def _chunks(lines: Iterable[str]) -> Iterator[list[NumberedLine]]:
    numbered = enumerate(lines, 1)
    while chunk := list(islice(numbered, CHUNK_LINES)):
        yield chunk


# The engine a forked worker screens with: set in the parent just before the pool forks, inherited by the workers.
_WORKER_ENGINE: Engine | None = None


def _screen_in_worker(chunk: list[NumberedLine], default_network: str | None, default_direction: str) -> Chunk:
    assert _WORKER_ENGINE is not None, "the pool must be forked after the engine is set"
    return screen_chunk(_WORKER_ENGINE, chunk, default_network, default_direction)


def screen_lines(
    engine: Engine,
    lines: Iterable[str],
    default_network: str | None = None,
    default_direction: str = "outgoing",
    workers: int = 1,
) -> Iterator[Chunk]:
    """Screen ``lines`` (numbered from 1) chunk by chunk, in input order.  ``workers`` > 1 forks that many
    processes where the platform can fork; elsewhere, and for 1, it screens in this process."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in _chunks(lines):
            yield screen_chunk(engine, chunk, default_network, default_direction)
        return
    global _WORKER_ENGINE
    _WORKER_ENGINE = engine
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            pending: deque[Future[Chunk]] = deque()
            try:
                for chunk in _chunks(lines):
                    pending.append(pool.submit(_screen_in_worker, chunk, default_network, default_direction))
                    if len(pending) >= 2 * workers:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            finally:  # stopped early (an error, or the reader went away): drop what has not started
                for future in pending:
                    future.cancel()
    finally:
        _WORKER_ENGINE = None

"""Batch screening in forked workers: order, bounded hand-off, and no silent gap when a worker dies."""

from __future__ import annotations

import json
import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from clearpost.policy.engine import ScreenResult, batch, default_engine


class _DyingEngine:
    """Screens like the shipped engine, but the process screening the text "die" exits on the spot (as a worker
    killed by the kernel would)."""

    def screen(self, text: str, network: str, direction: str = "outgoing") -> ScreenResult:
        if text == "die":
            os._exit(3)
        return default_engine().screen(text, network, direction)


def _lines(texts: list[str]) -> list[str]:
    return [json.dumps({"id": i, "text": t, "network": "x"}) for i, t in enumerate(texts, 1)]


def test_results_keep_input_order_across_chunks_and_workers() -> None:
    texts = [f"Note {i}: guaranteed returns" if i % 5 == 0 else f"Note {i}: see you Friday" for i in range(1, 900)]
    chunks = list(batch.screen_lines(default_engine(), _lines(texts), workers=2))
    assert len(chunks) == -(-len(texts) // batch.CHUNK_LINES)
    rows = [json.loads(line) for out, errors in chunks for line in out]
    assert not any(errors for _, errors in chunks)
    assert [r["id"] for r in rows] == list(range(1, 900))
    assert [r["verdict"] == "reject" for r in rows] == [i % 5 == 0 for i in range(1, 900)]


def test_a_worker_that_dies_stops_the_batch_instead_of_leaving_a_gap() -> None:
    texts = ["Happy Friday!"] * (3 * batch.CHUNK_LINES) + ["die"] + ["Happy Friday!"] * batch.CHUNK_LINES
    done: list[int] = []
    with pytest.raises(BrokenProcessPool):
        for out, _errors in batch.screen_lines(_DyingEngine(), _lines(texts), workers=2):  # type: ignore[arg-type]
            done.append(len(out))
    # whatever came back before the failure is whole chunks, in order, all before the line that killed its worker
    assert sum(done) <= 3 * batch.CHUNK_LINES and all(n == batch.CHUNK_LINES for n in done)


class _RecordingEngine:
    """Screens like the shipped engine and notes which process did it."""

    def __init__(self) -> None:
        self.pids: set[int] = set()

    def screen(self, text: str, network: str, direction: str = "outgoing") -> ScreenResult:
        self.pids.add(os.getpid())
        return default_engine().screen(text, network, direction)


def test_one_worker_screens_in_this_process() -> None:
    engine = _RecordingEngine()
    chunks = list(batch.screen_lines(engine, ["", "not json", *_lines(["Hello"])], workers=1))  # type: ignore[arg-type]
    assert engine.pids == {os.getpid()}
    assert len(chunks) == 1
    ((out, errors),) = chunks
    assert len(out) == 1 and [lineno for lineno, _ in errors] == [2]  # the blank line 1 is skipped without a word
    assert json.loads(out[0])["verdict"] == "approve"
    assert "Expecting value" in errors[0][1]

"""Policy-engine speed: posts/s in-process, the same texts through a naive per-rule regex loop, JSONL
throughput (JSON in + screen + JSON out: in-process, and the real ``clearpost check --jsonl`` command run as
a child process over the same texts) and single-call latency.

    .venv/bin/python bench/bench_policy.py [--posts 30000] [--seed 7]

Texts are synthetic posts generated from a vocabulary (a fraction carry risky phrases, obfuscations or
figures) plus the labelled corpus texts when ../shared/corpus/dev.jsonl is present.  Every figure is
measured in this run, on one core.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from clearpost.policy.engine import Engine, RuleSet  # noqa: E402
from clearpost.policy.engine.batch import default_workers, screen_chunk  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "dev.jsonl"

OPENERS = [
    "Quick reminder:",
    "Happy Friday!",
    "Big news:",
    "Client question of the week:",
    "Thinking about",
    "Heads up:",
    "Proud moment:",
    "Weekend reading:",
    "Market note:",
    "Planning tip:",
    "Fun fact:",
    "Reminder -",
]
SUBJECTS = [
    "our team",
    "the office",
    "your emergency fund",
    "your 401(k)",
    "a Roth IRA",
    "the bond market",
    "the S&P 500",
    "our new intern",
    "the annual picnic",
    "your beneficiaries",
    "inflation",
    "mortgage rates",
    "the Fed",
    "college savings",
    "estate documents",
    "Social Security",
    "our webinar",
    "my daughter",
]
VERBS = [
    "is coming up",
    "matters more than you think",
    "deserves a second look",
    "changed a lot this year",
    "was the topic of our workshop",
    "keeps coming up in meetings",
    "is worth reviewing",
    "can be confusing",
    "looks different after 50",
    "is on the agenda Thursday",
    "made headlines again",
    "surprised a few people",
]
TAILS = [
    "Call the office if you have questions.",
    "Link in the comments.",
    "See you there!",
    "No sales pitch.",
    "Bring a friend.",
    "Thanks to everyone who joined!",
    "#FinancialLiteracy",
    "Stay safe out there.",
    "Office closed Monday.",
    "Details on our website.",
    "☕📊",
    "🎉",
    "Questions welcome below 👇",
]
RISKY = [
    "Guaranteed 9% returns, no risk!",
    "DM me on WhatsApp for details.",
    "$NVDA is going to the moon 🚀",
    "Our model returned 14% net of fees.",
    "I think rates will fall by summer.",
    "gu4r4nt33d income, sp0ts limited",
    "A friend on the inside says the merger closes Friday.",
    "Text my personal cell 555-0142.",
    "Consider a Roth conversion before year end.",
    "You literally can't lose.",
    "r i s k - f r e e yield",
    "Great piece from the WSJ: wsj.com/articles/rates",
    "Thrilled to be named to the Forbes list!",
    "𝗴𝘂𝗮𝗿𝗮𝗻𝘁𝗲𝗲𝗱 returns",
    "we never guarantee returns",
    "Bitcoin could double this year.",
]


def synthetic_posts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(OPENERS), rng.choice(SUBJECTS), rng.choice(VERBS) + "."]
        for _ in range(rng.choice((1, 1, 2, 2))):
            parts += [rng.choice(SUBJECTS).capitalize(), rng.choice(VERBS) + "."]
        if rng.random() < 0.15:
            parts.append(rng.choice(RISKY))
        if rng.random() < 0.15:
            parts.append(f"{rng.randint(2, 40)}% of families {rng.choice(VERBS)}.")
        parts.append(rng.choice(TAILS))
        out.append(" ".join(parts))
    return out


def corpus_posts() -> list[tuple[str, str]]:
    if not CORPUS.exists():
        return []
    rows = []
    with open(CORPUS, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                rows.append((d["text"], d["direction"]))
    return rows


class NaiveScreener:
    """The baseline the engine is compared with: one compiled regex per phrase/regex rule (phrases of a rule
    as one word-bounded alternation), every rule run over the lower-cased text in a loop."""

    def __init__(self, rs: RuleSet) -> None:
        self.rules: list[tuple[str, re.Pattern[str]]] = []
        for r in rs.rules:
            if r.phrases:
                alt = "|".join(re.escape(p.lower()) for p in sorted(r.phrases, key=len, reverse=True))
                self.rules.append((r.id, re.compile(rf"(?<!\w)(?:{alt})(?!\w)")))
            for rx in r.regexes:
                self.rules.append((r.id, re.compile(rx.pattern)))

    def screen(self, text: str) -> list[str]:
        low = text.lower()
        return [rid for rid, rx in self.rules if rx.search(low)]


# CPU time of this process: "per second on one core" even when other work shares the machine.
clock = time.process_time


class NaivePerPhrase:
    """The literal reading of "one regex per phrase/regex rule": every phrase compiled on its own."""

    def __init__(self, rs: RuleSet) -> None:
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        for r in rs.rules:
            for p in r.phrases:
                self.patterns.append((r.id, re.compile(rf"(?<!\w){re.escape(p.lower())}(?!\w)")))
            for rx in r.regexes:
                self.patterns.append((r.id, re.compile(rx.pattern)))

    def screen(self, text: str) -> list[str]:
        low = text.lower()
        return [rid for rid, rx in self.patterns if rx.search(low)]


def rate(fn, items, min_seconds: float = 1.0) -> float:
    gc.collect()
    count = 0
    start = clock()
    while True:
        for it in items:
            fn(it)
        count += len(items)
        elapsed = clock() - start
        if elapsed >= min_seconds:
            return count / elapsed


def child_cpu_seconds(args: list[str]) -> float:
    """Run a child process (output discarded) and return the CPU time (user + system) it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, stdout=subprocess.DEVNULL, check=True, cwd=REPO)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# The same engine as plain Python, in a child process that imports a copy of its source without the compiled
# modules (Python would load those first): the figure beside which the mypyc build is measured (ADR 0009).
_PLAIN_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import clearpost.policy.engine.engine as module  # the copy, imported first: bench_policy below reuses it
assert module.__file__.endswith(".py"), module.__file__
sys.path.insert(0, sys.argv[3])
from bench_policy import Engine, RuleSet, rate
engine = Engine(RuleSet.load_default())
texts = json.load(open(sys.argv[2], encoding="utf-8"))
for t in texts[:2000]:
    engine.screen(t, "x", "outgoing")
print(rate(lambda t: engine.screen(t, "x", "outgoing"), texts, 3.0))
"""


def plain_python_rate(texts: list[str]) -> float | None:
    """Posts/s of the engine run as plain Python (None when it is not compiled here)."""
    source = REPO / "clearpost" / "policy" / "engine"
    if not any(source.glob("*.so")):
        return None
    with tempfile.TemporaryDirectory(prefix="bench-policy-plain-") as tmp:
        shutil.copytree(source, Path(tmp) / "clearpost" / "policy" / "engine", ignore=shutil.ignore_patterns("*.so"))
        for package in ("clearpost", "clearpost/policy"):
            (Path(tmp) / package / "__init__.py").touch()
        posts = Path(tmp) / "posts.json"
        posts.write_text(json.dumps(texts), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-c", _PLAIN_CHILD, tmp, str(posts), str(REPO / "bench")],
            capture_output=True,
            text=True,
            check=True,
        )
    return float(out.stdout)


def _command(path: Path, *options: str) -> list[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    return [sys.executable, "-c", "from clearpost.cli import main; main()", "check", "--jsonl", str(path), *options]


def wall_seconds(args: list[str]) -> float:
    """Run a child process (output discarded) and return the wall-clock time it took."""
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, check=True, cwd=REPO)
    return time.perf_counter() - start


def command_rates(
    lines: list[str], workers: int, seconds: Callable[[list[str]], float] = child_cpu_seconds
) -> tuple[float, float]:
    """Lines/s of ``clearpost check --jsonl FILE --workers N`` timed by ``seconds`` (CPU time for one worker; wall
    clock for several, whose summed CPU time says nothing of how soon the batch is done): over the whole run
    (interpreter and Django start-up, rule-set compilation included) and sustained: the second half of the lines
    over the time they add to a run of the first half alone, so that start-up cancels whatever its shape (a
    one-line run's start-up, subtracted instead, is not the fixed part of a long run with several workers, and
    overstated their rate).  Best of two runs each, as other work on a shared machine only ever slows a run down."""
    half = len(lines) // 2
    with tempfile.TemporaryDirectory(prefix="bench-policy-") as tmp:
        whole_file, half_file = Path(tmp) / "posts.jsonl", Path(tmp) / "half.jsonl"
        whole_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        half_file.write_text("\n".join(lines[:half]) + "\n", encoding="utf-8")
        first = min(seconds(_command(half_file, "--workers", str(workers))) for _ in range(2))
        whole = min(seconds(_command(whole_file, "--workers", str(workers))) for _ in range(2))
    return len(lines) / whole, (len(lines) - half) / max(whole - first, 1e-9)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=30000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    rs = RuleSet.load_default()
    t0 = time.perf_counter()
    engine = Engine(rs)
    compile_s = time.perf_counter() - t0
    posts = synthetic_posts(args.posts, args.seed)
    corpus = corpus_posts()
    texts = posts + [t for t, _ in corpus]
    lengths = sorted(len(t) for t in texts)
    median = lengths[len(lengths) // 2]
    print(
        f"rule set {rs.name} {rs.version[:23]}…: {len(rs.rules)} rules, {rs.phrase_count()} phrases; "
        f"compiled in {compile_s * 1000:.0f} ms"
    )
    print(f"texts: {len(posts)} synthetic + {len(corpus)} corpus, median {median} chars")

    def screen_out(t: str) -> None:
        engine.screen(t, "x", "outgoing")

    for t in texts[:2000]:  # warm the per-character tables
        screen_out(t)
    eng_rate = rate(screen_out, texts, 3.0)
    print(f"engine (outgoing, full pipeline):   {eng_rate:10,.0f} posts/s (CPU time, one core)")
    plain = plain_python_rate(texts)
    if plain is not None:
        print(f"the same engine as plain Python:    {plain:10,.0f} posts/s; compiled / plain {eng_rate / plain:.2f}x")
    corpus_out = [t for t, d in corpus if d == "outgoing"]
    if corpus_out:
        c_rate = rate(screen_out, corpus_out, 1.0)
        print(f"engine (outgoing, corpus texts only): {c_rate:8,.0f} posts/s ({len(corpus_out)} texts)")
    inbound = [t for t, d in corpus if d == "inbound"] or posts[:1000]
    in_rate = rate(lambda t: engine.screen(t, "linkedin", "inbound"), inbound, 1.0)
    print(f"engine (inbound):                   {in_rate:10,.0f} posts/s")

    naive = NaiveScreener(rs)
    sample = texts[: min(len(texts), 400)]
    naive_rate = rate(naive.screen, sample, 3.0)
    print(f"naive per-rule regex loop:          {naive_rate:10,.0f} posts/s ({len(naive.rules)} regexes)")
    print(f"ratio engine / naive:               {eng_rate / naive_rate:10,.1f}x")
    per_phrase = NaivePerPhrase(rs)
    pp_rate = rate(per_phrase.screen, texts[:60], 2.0)
    print(
        f"naive one-regex-per-phrase loop:    {pp_rate:10,.0f} posts/s ({len(per_phrase.patterns)} regexes), "
        f"ratio {eng_rate / pp_rate:,.0f}x"
    )

    lines = [
        json.dumps({"id": f"p{i}", "text": t, "network": "x", "direction": "outgoing"})
        for i, t in enumerate(texts)
    ]

    gc.collect()
    start = clock()
    screen_chunk(engine, enumerate(lines, 1), None, "outgoing")  # what the command runs per chunk of lines
    jl_inproc = len(lines) / (clock() - start)
    print(f"jsonl in-process (parse + screen + serialise): {jl_inproc:10,.0f} lines/s")
    cmd_whole, jl_rate = command_rates(lines, 1)
    print(
        f"clearpost check --jsonl --workers 1:  {jl_rate:10,.0f} lines/s sustained (CPU time), "
        f"{cmd_whole:,.0f} lines/s including start-up ({len(lines)} lines)"
    )
    workers = default_workers()
    wall_whole, wall_rate = command_rates(lines, workers, wall_seconds)
    print(
        f"clearpost check --jsonl ({workers} workers):  {wall_rate:10,.0f} lines/s sustained (wall clock), "
        f"{wall_whole:,.0f} lines/s including start-up; {wall_rate / jl_rate:.2f}x one worker's CPU-time rate"
    )

    lat = []
    for t in texts[:20000]:
        s = time.perf_counter_ns()
        engine.screen(t, "x", "outgoing")
        lat.append(time.perf_counter_ns() - s)
    lat.sort()
    p50 = lat[len(lat) // 2] / 1e6
    p95 = lat[int(len(lat) * 0.95)] / 1e6
    p99 = lat[int(len(lat) * 0.99)] / 1e6
    print(
        f"single call latency: p50 {p50:.3f} ms  p95 {p95:.3f} ms  p99 {p99:.3f} ms"
        f"  max {lat[-1] / 1e6:.2f} ms"
    )
    big = ("Guaranteed returns, text me on WhatsApp. Our fund returned 12% net of fees! " * 13000)[:999_000]
    s = time.perf_counter()
    engine.screen(big, "linkedin", "outgoing")
    print(f"~1 MB text: {time.perf_counter() - s:.2f} s")
    print(
        f"targets: engine >= 50,000 posts/s [{'ok' if eng_rate >= 50000 else 'LOW'}], ratio >= 50x "
        f"[{'ok' if eng_rate / naive_rate >= 50 else 'LOW'}], jsonl >= 20,000 lines/s "
        f"[one worker {'ok' if jl_rate >= 20000 else 'LOW'}, {workers} workers {'ok' if wall_rate >= 20000 else 'LOW'}]"
        f", p95 < 20 ms [{'ok' if p95 < 20 else 'LOW'}]"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

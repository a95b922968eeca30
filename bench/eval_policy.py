"""Measure the policy engine on a labelled corpus and compare it with a keyword-only baseline.

    .venv/bin/python bench/eval_policy.py [path/to/dev.jsonl | --corpus PATH] [--errors]

The default corpus is ../shared/corpus/dev.jsonl beside the repository.  Prints precision and recall per
verdict and per category, the issue's target metrics, and the same figures for the keyword baseline (plain
lower-cased substring search of the baseline rule set's phrases: no normalisation, negation or detectors).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from clearpost.policy.engine import Engine, RuleSet  # noqa: E402
from clearpost.policy.engine.evaluation import (  # noqa: E402
    engine_predictor,
    evaluate,
    format_report,
    keyword_predictor,
    load_corpus,
)

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dev.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=None, help=f"labelled JSONL (default: {DEFAULT_CORPUS})")
    ap.add_argument("--corpus", dest="corpus_opt", metavar="PATH", help="the same, as an option")
    ap.add_argument("--errors", action="store_true", help="list every misclassified record")
    ap.add_argument("--rules", help="rule-set JSON to evaluate instead of the baseline")
    args = ap.parse_args(argv)
    if args.corpus and args.corpus_opt and args.corpus != args.corpus_opt:
        ap.error("give the corpus once (positional or --corpus)")
    path = Path(args.corpus_opt or args.corpus or DEFAULT_CORPUS)
    if not path.exists():
        print(f"corpus not found: {path}", file=sys.stderr)
        return 2
    rs = (
        RuleSet.from_json(Path(args.rules).read_text(encoding="utf-8"))
        if args.rules
        else RuleSet.load_default()
    )
    records = load_corpus(path)
    engine_rep = evaluate(records, engine_predictor(Engine(rs)))
    base_rep = evaluate(records, keyword_predictor(rs))
    print(f"corpus: {path} ({len(records)} records)  rules: {rs.name} {rs.version}")
    print(format_report(engine_rep, base_rep))
    if args.errors:
        print("\nmisclassified (engine):")
        for r, verdict, cats in engine_rep.errors:
            text = r.text.replace("\n", " / ")
            print(
                f"  {r.id} gold={r.verdict}:{','.join(r.categories)} got={verdict}:{','.join(cats)}"
                f" | {text[:200]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

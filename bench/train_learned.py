"""Rebuild the learned stage (``clearpost/policy/engine/data/learned.json``) and print what it earns.

    .venv/bin/python bench/train_learned.py [--folds 5] [--repeats 3] [--check]

Trains on TRAIN_FILES only: dev.jsonl, the texts the team wrote, and the held-out sets that have served their
turn (holdout2-151: each was a test set, measured once, then studied and the rules fitted to its errors).  Texts
in fresh voices are what the stage generalises from: with holdout2-9 added, holdout10 (then the validation set)
went from recall(reject) 0.960, recall(review+reject) 0.958, precision(approve) 0.944, precision(reject) 0.889 to
0.973, 0.976, 0.967, 0.880; with holdout54-115 added (stop 25), holdout116-121 gained as much (see TRAIN_FILES).
Not trained on: holdout152 onwards, the test sets still to be measured.
The model, its training and its hyper-parameters are those of ``bench/eval_learned.py`` (``Params``, fixed in
advance); the output is deterministic (fixed seeds, sorted keys), so a rebuild from unchanged files gives the
same bytes.  ``--check`` compares instead of writing (exit 1 when the file differs).

Figures:
1. grouped, stratified k-fold CV on the pooled training texts (near-duplicate templates share a fold): rules
   alone vs rules + a model trained on the other folds;
2. rules vs rules + the shipped model on UNSEEN_FILES, sets measured once and never trained on (none now).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import eval_learned as L  # noqa: E402

from clearpost.policy.engine import Engine, RuleSet  # noqa: E402
from clearpost.policy.engine.evaluation import Record, load_corpus  # noqa: E402
from clearpost.policy.engine.learned import DATA_FILE, FORMAT, LearnedStage  # noqa: E402
from clearpost.policy.engine.normalize import build_views  # noqa: E402

# Paths relative to the repository root, as recorded in the data file.
TRAIN_FILES = (
    "../shared/corpus/dev.jsonl",
    "bench/paraphrase_train.jsonl",
    "bench/paraphrase_train2.jsonl",
    "bench/holdout_probe.jsonl",
    "bench/learned_probe.jsonl",
    "bench/train_texts3a.jsonl",
    "bench/train_texts3b.jsonl",
    "bench/train_texts3c.jsonl",
    "bench/train_texts3d.jsonl",
    "bench/train_texts4a.jsonl",
    "bench/train_texts4b.jsonl",
    "bench/train_texts4d.jsonl",
    "bench/train_texts5b.jsonl",
    *(f"bench/holdout{n}.jsonl" for n in range(2, 152)),
    "bench/train_texts7a.jsonl",
    "bench/train_texts7b.jsonl",
    "bench/train_texts7c.jsonl",
    "bench/train_texts7d.jsonl",
)
# train_texts4d (360 texts in Spanish, French, Portuguese, German and Italian, mostly harmless or review): the
# earlier foreign-language training texts were nearly all risky, so the reject head had learned their function
# words ("que", "vai", "je") and raised correct reviews in those languages to reject (rules_probe4: precision of
# reject 0.77 -> 0.84 with it; holdout2-6 pooled unchanged within a text or two).  Not bench/train_texts4c.jsonl
# (400 short, heavily obfuscated texts): with it the stage escalated 9-11 of the rule tests' 48 harmless
# near-misses instead of 3-6 ("Still waiting for part two of this series"), for no gain on holdout2-6.  Nor
# bench/train_texts5a.jsonl (450 outgoing texts): on holdout2-7 pooled it lowered recall(review+reject) 0.980 ->
# 0.975 and doubled those false alarms (3 -> 6); train_texts5b (420 inbound texts) raised precision(flag) 0.922 ->
# 0.929 and changed nothing else.
# Nor bench/train_texts6a-d.jsonl (1,800 texts in the held-out proportions, four voices): trained on as well, the
# stage moved holdout12 (the validation set for the choice) from recall(reject) 0.960, recall(review+reject) 0.970,
# precision(approve) 0.959, precision(reject) 0.923, recall(approve) 0.867 to 0.947, 0.982, 0.976, 0.910, 0.889:
# more right on the whole but below the recall(reject) target, so not yet.  Nor holdout12-13 once measured: on
# holdout14, the validation set for the choice, the model trained on TRAIN_FILES gave recall(reject) 0.960,
# recall(review+reject) 0.970, precision(approve) 0.959, precision(reject) 0.911, recall(approve) 0.874; with
# holdout12-13 added 0.960, 0.964, 0.953, 0.911, 0.896; with holdout12-13 and train_texts6a-d 0.947, 0.958,
# 0.945, 0.899, 0.896.  More texts in the same voices no longer buy recall.
# Not bench/rules_probe3.jsonl: written phrase by phrase to exercise the rules, which were then fitted to it.
# Trained on as well, it lowered recall on the validation sets (holdout2-4 pooled: recall(reject) 0.964 ->
# 0.957, recall(review+reject) 0.973 -> 0.958, precision(approve) 0.961 -> 0.940).

# holdout12-41 joined when their turn as test and validation sets was over.  With holdout12-19 added (and the
# thresholds from the budgets alone, see eval_learned.Params.min_evidence), holdout20-21, then the validation sets
# (measured as test sets, never trained on, no rule fitted to them), went from recall(reject) 0.953,
# recall(review+reject) 0.958, precision(approve) 0.944, precision(reject) 0.923, recall(approve) 0.881 to 0.967,
# 0.973, 0.965, 0.924, 0.907.  holdout22-25 were
# then measured once as the test sets, with the model trained up to holdout21: 0.893, 0.967, 0.954, 0.884, 0.850;
# holdout26-27 with the model trained up to holdout25: 0.900, 0.967, 0.956, 0.912, 0.893; holdout28-29 with the
# model trained up to holdout27: 0.920, 0.979, 0.970, 0.932, 0.852; holdout30-33 with the model trained up to
# holdout29 (and the reject head's held threshold, see eval_learned.Params.held_margins): 0.920, 0.965, 0.951,
# 0.899, 0.820; holdout34-37 with the model trained up to holdout33: 0.923, 0.962, 0.949, 0.866, 0.859;
# holdout38-41 with the model trained up to holdout37: 0.917, 0.944, 0.927, 0.884, 0.869; holdout42-45 and
# holdout46-49 with the model trained up to holdout41: 0.927, 0.965, 0.954, 0.933, 0.893 and 0.953, 0.971, 0.963,
# 0.932, 0.920; holdout50-53, measured once more with nothing changed: 0.967, 0.979, 0.972, 0.924, 0.909;
# holdout54-57 with the same model: 0.937, 0.971, 0.962, 0.937, 0.900; holdout58-61 with the model trained up to
# holdout53 (min_df 5, rules of round 24): 0.970, 0.973, 0.964, 0.927, 0.885 (the model trained up to holdout41
# with the rules of round 23 there: 0.960, 0.973, 0.964, 0.923, 0.887); holdout62-65 with the same model and the
# rules of round 25: 0.940, 0.971, 0.963, 0.934, 0.913 (start of stop: 0.930, 0.971, 0.963, 0.939, 0.920);
# holdout66-69 with the rules of round 26: 0.940, 0.974, 0.965, 0.876, 0.874 (start of stop: 0.940, 0.971, 0.962,
# 0.890, 0.880).  Most of its wrong rejects were texts written in Russian or Ukrainian, which normalisation folds into
# Latin look-alikes; abstaining on text mostly in Cyrillic or Greek took that set (holdout68) from precision(reject)
# 0.745 to 0.894 but recall(reject) 0.933 to 0.787 (the folded words of the Russian training texts carry signal), so
# the stage still reads them.

# Stop 21's four fresh test sets, each measured once with the model trained up to holdout53 (unchanged) and the
# rules of that moment, against the start-of-stop rules: holdout70-73 0.900, 0.952, 0.939, 0.928, 0.909 (start of
# stop); holdout74-77 with round 27 and the first core vocabulary 0.920, 0.958, 0.941, 0.860, 0.833 (start 0.910,
# 0.955, 0.938, 0.856, 0.833); holdout78-81 with round 28 0.927, 0.955, 0.943, 0.908, 0.920 (start 0.917, 0.952,
# 0.940, 0.908, 0.920); holdout82-85 with round 29 0.923, 0.965, 0.953, 0.926, 0.869 (start 0.920, 0.965, 0.953,
# 0.923, 0.867).
# Tried on holdout70-73 (then the validation sets) and holdout54-69, never trained on, and not shipped: adding
# holdout54-69 to the training texts (holdout70-73: recall(reject) 0.970 -> 0.977, recall(review+reject) 0.970 ->
# 0.973, precision(approve) 0.961 -> 0.965, precision(reject) 0.957 -> 0.939, recall(approve) 0.920 -> 0.922, and
# 8 paraphrase fixtures wrong); word prefixes as extra features (first 4 or 5 letters, for inflected languages:
# recall(review+reject) down 0.002-0.010); bare numbers left out of the features, or read by their length.  The
# stage has memorised digits of the training texts' account and phone numbers and years: it escalates 24 of 3,998
# short harmless posts with a number ("Note 58: see you Friday").  Without numbers none, but on holdout54-69
# recall(review+reject) 0.984 -> 0.981, precision(approve) 0.979 -> 0.975, on holdout70-73 recall(reject) 0.970 ->
# 0.957, and 8 of the 364 paraphrase fixtures wrong (7 allowed); by their length, phone numbers read as account
# numbers (12 of the rule tests' 48 harmless near-misses escalated, 9 allowed).  Every retrain this stop flipped
# two borderline harmless fixtures ("Happy retirement, Linda! Thank you for 25 years at the front desk.").

# Trained up to holdout81 and measured on holdout82-85 (measured once as test sets before, no rule fitted to them):
# recall(reject) 0.923 -> 0.937, complaint recall 0.917 -> 0.925, the other four within 0.002; but 10 of the 364
# paraphrase fixtures wrong (7 allowed; "We never promise returns. We promise to listen." and "Questions about your
# account? Message us here or call our office line." rejected through the held threshold) and 41 of the 3,998
# short harmless posts with a number escalated (24 now).  Not shipped while those bounds stand.

# Stop 22: trained up to holdout85, with bare numbers of two or more digits left out of the features (they were
# memorised phone numbers, ages and dates: 56 of 3,999 posts "Note N: see you Friday" escalated when trained up to
# holdout81, none without them), and measured once on holdout86-91 (fresh test sets, no rule fitted to them) beside
# the shipped model, both with the rules of round 30: recall(reject) 0.900 -> 0.918, recall(review+reject) 0.949 ->
# 0.947, precision(approve) 0.934 -> 0.932, precision(reject) 0.860 -> 0.881, recall(approve) 0.872 -> 0.885,
# complaint recall 0.900 -> 0.906, but precision(complaint) 0.895 -> 0.849.  Not shipped: it puts 10 of the 364
# paraphrase fixtures wrong (7 allowed; every one a harmless or review text escalated), and its complaint head turns
# a plain instruction the rules flag ("Could you put $2,000 into the total market index fund for me?") into a
# complaint.  It is the second fresh measurement in a row where more training texts caught more rejects.
# Stop 23: trained up to holdout91 the same way (44,392 texts, bare numbers left out) and measured on holdout92-97
# (measured once with the shipped model just before, no rule fitted to them yet) beside the shipped model, both with
# the rules of round 31: recall(reject) 0.958 -> 0.953, recall(review+reject) 0.970 both, precision(approve) 0.961
# both, precision(reject) 0.905 -> 0.894, recall(approve) 0.904 both, complaint recall 0.922 -> 0.939.  The third
# fresh measurement of a retrain, and the first where more training texts caught no more rejects: not shipped.
# Char n-grams (3-5 letters within words) as features, tried in the same stop with a scikit-learn logistic regression
# standing in for this trainer, on holdout70-85 (each block of four with a model trained on the sets before it):
# recall(reject) 0.971 with words, 0.956-0.966 with chars.

# Never trained on, reported after training: the validation and test sets.
# Stop 25: holdout54-115 joined the training texts (55,045 texts), measured beside the shipped model (trained up to
# holdout53) on holdout116-121, six fresh sets measured once just before with the shipped model, both with the same
# rules: recall(reject) 0.876 -> 0.882, recall(review+reject) 0.923 -> 0.933, precision(approve) 0.901 -> 0.914,
# precision(reject) 0.853 -> 0.850, recall(approve) 0.854 -> 0.864, complaint recall 0.767 -> 0.878 (precision of
# complaint 0.780 -> 0.775).  Trained up to holdout109 and measured on holdout110-115 (studied, never trained on):
# 0.889 -> 0.904, 0.912 -> 0.922, 0.890 -> 0.901, 0.810 -> 0.836, 0.865 -> 0.860, 0.772 -> 0.861.  The earlier
# retrains (stops 21-23) each gained a little and were held back by the fixture bounds; these sets are in languages
# the stage had never read (Polish, Haitian, Mongolian, Arabic dialects...), and complaint recall moved most.
# Shipped trained up to holdout121 (57,745 texts); holdout122 onwards stay unseen until they are measured.
# Stop 26: trained up to holdout127 (60,592 texts) and measured on holdout128-133 (measured once just before with
# the shipped model, same rules) it did a little worse on all six figures: 0.916 -> 0.913, 0.939 -> 0.934, 0.926 ->
# 0.920, 0.912 -> 0.907, 0.925 -> 0.922, complaint recall 0.928 -> 0.917.  Not shipped.  Raising the reject head's
# min_evidence to 1.5 or 2.0 (on holdout122-133) traded recall(reject) for precision(reject): kept at 1.0.
# Stop 27, on holdout122-145 pooled (never trained on; this stop's rules): rebuilt from the same files with this
# stop's rules 0.983 / 0.976 / 0.969 / 0.899 / 0.917 / 0.972 against the shipped 0.983 / 0.976 / 0.969 / 0.897 /
# 0.920 / 0.976; with bare numbers out of the training features 0.980 / 0.974 / 0.967 / 0.895 / 0.917 / 0.972;
# with Russian function words as folded ("hac", "4to", "he") as stop words 0.980 / 0.975 / 0.968 / 0.901 / 0.920
# / 0.969.  None shipped.  With the rules as stop 26 began on holdout128-139 (fresh to those rules), lowering the
# review head's threshold 0.0 -> -0.5 / -1.0 gave recall(review+reject) 0.949 -> 0.953 / 0.955 and precision
# (approve) 0.936 -> 0.940 / 0.941 for recall(approve) 0.915 -> 0.902 / 0.886: kept at the budget's threshold.
# Stop 28: trained up to holdout151 (71,392 texts from 163 files) and measured on holdout152-157 (measured once
# just before with the shipped model, no rule fitted to them yet) beside the stage trained up to holdout121, same
# rules: recall(reject) 0.902 both, recall(review+reject) 0.949 -> 0.959, precision(approve) 0.933 -> 0.944,
# precision(reject) 0.834 -> 0.830, recall(approve) 0.853 -> 0.856, complaint recall 0.894 -> 0.906; on the 258
# texts mostly outside ASCII 0.667 -> 0.722, 0.739 -> 0.841, 0.733 -> 0.811, 0.783 -> 0.765, 0.875 -> 0.833,
# 0.500 -> 0.700.  Shipped: holdout122-151 were in languages the stage had not read (Arabic dialects, Khmer,
# Wolof, Tajik, Zapotec, Papiamento, German, Telugu, Neapolitan...).
# Then train_texts7a-d joined (1,800 texts in the held-out proportions, written for this from the labeling guide by
# four writers, in 55 languages: Spanish, Portuguese, French, Italian, German, Dutch, Catalan, Polish, Czech,
# Hungarian; Russian, Ukrainian, Bulgarian, Turkish, Armenian, Georgian, Persian, Arabic, Hebrew, Kurdish,
# Azerbaijani, Uzbek, Kazakh; Hindi, Urdu, Bengali, Punjabi, Gujarati, Tamil, Telugu, Marathi, Nepali, Sinhala,
# Malayalam, Kannada; Vietnamese, Thai, Tagalog, Indonesian, Malay, Khmer, Burmese, Hmong, Swahili, Amharic,
# Somali, Yoruba, Igbo, Haitian and Cape Verdean Creole; none of the next test sets' languages), mostly ordinary
# harmless posts so that a language's function words stop counting as evidence.  On holdout152-157 (never
# trained on; the rules of rounds 39-40 and layer 15): 0.962 -> 0.973, 0.982 -> 0.984, 0.975 -> 0.977, 0.851 ->
# 0.859, 0.863 -> 0.856, complaint recall 0.961 -> 0.956; on the 258 texts mostly outside ASCII 0.926 -> 0.963,
# 0.955 both, 0.938 -> 0.935, 0.806 -> 0.800, 0.833 -> 0.806, 0.900 both.
# Not yet holdout152-163 (stop 29, 78,592 texts from 179 files): on holdout164-169 (never trained on, measured once
# just before; same rules) 0.920 -> 0.918, 0.965 both, 0.953 both, 0.859 -> 0.864, 0.880 -> 0.881, complaint
# recall 0.894 -> 0.900: even; and on test_engine_paraphrases' 364 cases it escalated two more harmless or review
# posts to reject ("Questions about your account? Message us here or call our office line."). Nor holdout152-169
# (81,292 texts): on holdout170-175 (never trained on; same rules) recall(reject) 0.964 -> 0.949 for
# recall(review+reject) 0.974 -> 0.977, precision(approve) 0.965 -> 0.969, precision(reject) 0.880 -> 0.888,
# recall(approve) 0.890 -> 0.894, complaint recall 0.928 -> 0.944: it would take recall(reject) below its target.
UNSEEN_FILES: tuple[str, ...] = ()
MIN_CATEGORY_TEXTS = 3  # a category head needs a few risky texts of its own, or it names a memorised quirk


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_training() -> tuple[list[Record], list[dict[str, Any]]]:
    """The pooled training records (ids prefixed by their file, so they stay unique) and the provenance."""
    records: list[Record] = []
    provenance = []
    for rel in TRAIN_FILES:
        path = (REPO / rel).resolve()
        recs = load_corpus(path)
        records += [dataclasses.replace(r, id=f"{path.stem}:{r.id}") for r in recs]
        provenance.append({"path": rel, "sha256": sha256(path), "records": len(recs)})
    return records, provenance


def docs_of(records: Sequence[Record]) -> tuple[dict[str, str], list[L.Doc]]:
    words = {r.id: build_views(r.text).words for r in records}
    return words, [L.doc_of(words[r.id]) for r in records]


def category_heads(records: Sequence[Record], docs: Sequence[L.Doc]) -> dict[str, dict[str, Any]]:
    """One-vs-rest heads over the risky texts of each direction, naming an escalation's category.  Inbound
    leaves out "complaint": the complaint head owns it, and a flag must name something else."""
    out: dict[str, dict[str, Any]] = {}
    for direction, base in L.BASE_VERDICT.items():
        idx = [i for i, r in enumerate(records) if r.direction == direction and r.verdict != base]
        counts = Counter(c for i in idx for c in set(records[i].categories))
        out[direction] = {}
        for cat in sorted(counts):
            if cat == "none" or (direction == "inbound" and cat == "complaint"):
                continue
            if counts[cat] < MIN_CATEGORY_TEXTS or counts[cat] == len(idx):
                continue
            y = [int(cat in records[i].categories) for i in idx]
            bias, weights = L.fit_logistic([docs[i] for i in idx], y)
            out[direction][cat] = {"bias": round(bias, 4), "weights": weights}
    return out


def head_categories(records: Sequence[Record], direction: str, to: str) -> list[str]:
    """The categories an escalation to ``to`` may name: those that mostly come with that verdict in the
    training texts (a reject escalation names, say, a guarantee or off-channel steering, never a forecast or a
    named security, which mostly need only a review)."""
    risky = [r for r in records if r.direction == direction and r.verdict != L.BASE_VERDICT[direction]]
    seen = Counter(c for r in risky for c in set(r.categories))
    with_to = Counter(c for r in risky if r.verdict == to for c in set(r.categories))
    return sorted(c for c, n in with_to.items() if c != "none" and n >= MIN_CATEGORY_TEXTS and 2 * n >= seen[c])


def build(records: Sequence[Record], docs: Sequence[L.Doc], provenance: list[dict[str, Any]]) -> dict[str, Any]:
    model = L.train_model(records, docs)
    heads = [
        {
            "direction": direction,
            "to": h.to,
            "from": sorted(h.raises),
            "categories": head_categories(records, direction, h.to) if h.to == "reject" else [],
            "bias": round(h.bias, 4),
            "threshold": round(h.threshold, 6),
            **({"held_threshold": round(h.held_threshold, 6)} if h.held_threshold < h.threshold else {}),
            "min_evidence": h.min_evidence,
            "weights": h.weights,  # fit_logistic rounds to 4 decimals and drops |w| < 0.001
        }
        for direction, hs in model.heads.items()
        for h in hs
    ]
    params = {k: v for k, v in vars(L.Params).items() if not k.startswith("_")}
    return {
        "format": FORMAT,
        "trained_on": provenance,
        "params": params,
        "seed": L.SEED,
        "heads": heads,
        "categories": category_heads(records, docs),
    }


def serialise(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def rules_only() -> Engine:
    return Engine(RuleSet.load_default(), learned=None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    ap.add_argument("--no-cv", action="store_true", help="only rebuild (and report the unseen sets)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    records, provenance = load_training()
    words, docs = docs_of(records)
    data = build(records, docs, provenance)
    text = serialise(data)
    if args.check:
        same = DATA_FILE.exists() and DATA_FILE.read_text(encoding="utf-8") == text
        print(f"{DATA_FILE.relative_to(REPO)}: {'up to date' if same else 'DIFFERS from a rebuild'}")
        if not same:
            return 1
    else:
        DATA_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {DATA_FILE.relative_to(REPO)} ({len(text.encode()):,} bytes)")
    n_weights = sum(len(h["weights"]) for h in data["heads"])
    n_cat = sum(len(c["weights"]) for per in data["categories"].values() for c in per.values())
    print(
        f"trained on {len(records)} texts from {len(TRAIN_FILES)} files; {n_weights} head weights, "
        f"{sum(len(p) for p in data['categories'].values())} category heads ({n_cat} weights)"
    )
    engine = rules_only()
    stage = LearnedStage.from_dict(data)
    with_stage = Engine(engine.ruleset, learned=stage)  # as shipped: the stage does not overrule cleared matches

    if not args.no_cv:
        rules: L.Verdicts = {r.id: engine.screen(r.text, r.network, r.direction).verdict for r in records}
        groups = L.near_duplicate_groups(records)
        cols: dict[str, list[dict[str, float]]] = {"rules": [], "rules+model": []}
        esc: list[tuple[bool, Record]] = []
        for rep in range(args.repeats):
            fold = L.grouped_folds(records, groups, args.folds, L.SEED + rep)
            for f in range(args.folds):
                train = [i for i in range(len(records)) if fold[i] != f]
                test = [records[i] for i in range(len(records)) if fold[i] == f]
                model = L.train_model([records[i] for i in train], [docs[i] for i in train])
                after = L.with_model(model, test, words, rules)
                cols["rules"].append(L.figures(test, rules))
                cols["rules+model"].append(L.figures(test, after))
                esc += L.changes(test, rules, after)
        # (the folds' models are scored through the hook alone, without the engine's veto on cleared matches)
        L.print_table(
            f"grouped {args.folds}-fold CV x {args.repeats} seed(s) on the {len(records)} pooled training texts: "
            f"mean over {args.folds * args.repeats} held-out folds [min-max]",
            cols,
        )
        good = sum(ok for ok, _ in esc)
        print(f"  escalations: {good} caught a risky text the rules let through, {len(esc) - good} false alarm(s)")
        print("  caveat: the rule set was written looking at dev.jsonl, so the rules' figures are partly in-sample")

    for rel in UNSEEN_FILES:
        path = REPO / rel
        if not path.exists():
            continue
        test = load_corpus(path)
        base = {r.id: engine.screen(r.text, r.network, r.direction).verdict for r in test}
        after = {r.id: with_stage.screen(r.text, r.network, r.direction).verdict for r in test}
        L.print_table(
            f"unseen: {rel} ({len(test)} texts, never trained on); the shipped model",
            {"rules": [L.figures(test, base)], "rules+model": [L.figures(test, after)]},
        )
        changed = L.changes(test, base, after)
        good = sum(ok for ok, _ in changed)
        print(f"  escalations: {good} caught, {len(changed) - good} false alarm(s)")
    print(f"elapsed {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

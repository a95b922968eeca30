"""Does a learned stage earn its place on top of the rules?  Cross-validate rules alone against rules + model.

    .venv/bin/python bench/eval_learned.py [path/to/dev.jsonl] [--folds 5] [--repeats 3] [--budget 0.02]
                                           [--ngram 1|2] [--show]

Issue #3, item 5: a light model may escalate what the rules let through, kept only if cross-validation on
the dev corpus shows it raises recall without hurting precision.  This script is the whole experiment, so it
can be re-run when the rules or the corpus change.  The stage now ships (``clearpost/policy/engine/learned.py``,
trained by ``bench/train_learned.py`` on dev.jsonl plus the team's own texts); this script measures it on dev.

The stage tried (as it would have shipped):
  * logistic regression over the words (``--ngram 2``: also word pairs) of the engine's words view (already
    folded and de-obfuscated), scored with one dict look-up per word in pure Python;
  * it only escalates what the rules let through: outgoing approve or review -> reject (reject head), else
    approve -> review (review head); inbound ok -> complaint (complaint head) or else ok -> flag (flag head);
    it never downgrades;
  * each head's threshold comes from inner 3-fold out-of-fold scores on its training texts: the lowest logit
    (>= 0) at which at most ``--budget`` of the harmless training texts would be escalated.
Training is plain Python (class-balanced L2 logistic regression by AdaGrad SGD, fixed seed): 450 short texts
fit in a fraction of a second, and no scikit-learn enters the lock file for an experiment.

What is measured:
1. Stratified k-fold CV on dev.jsonl (strata: direction and verdict), grouped so that near-duplicate
   templates (word 3-gram Jaccard >= 0.5) share a fold; per fold the model sees only the other folds.
   Caveat: the rule set was written looking at dev.jsonl, so "rules" is an in-sample figure there.
2. The same with the keyword-only baseline in place of the engine: a stand-in for rules that miss the
   paraphrases of unseen texts, showing what the model catches when the rules do not.
3. The model alone on the held-out folds: how much of the risky text it flags at its threshold.
4. bench/learned_probe.jsonl: 98 texts written for this check in other voices and paraphrases before any
   model existed, never trained on; rules vs rules + a model trained on all of dev.jsonl.
5. The cost per post of the would-be hook, beside engine.screen measured in the same run.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from clearpost.policy.engine import Engine, RuleSet  # noqa: E402
from clearpost.policy.engine.evaluation import TARGETS, Record, evaluate, keyword_predictor, load_corpus  # noqa: E402
from clearpost.policy.engine.learned import Head, features  # noqa: E402
from clearpost.policy.engine.normalize import build_views  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dev.jsonl"
PROBE = REPO / "bench" / "learned_probe.jsonl"
SEED = 20261126

# The targets plus the precisions an escalation can lower (false alarms land in review / flag).
EXTRA = ("outgoing precision(review)", "inbound precision(flag)", "inbound precision(complaint)")
METRICS = (*TARGETS, *EXTRA)

# (direction, escalate to, positive verdicts, negative verdicts, the rules' verdicts it may raise); heads are
# tried in this order, the first that fires decides.
HEADS: tuple[tuple[str, str, frozenset[str], frozenset[str], frozenset[str]], ...] = (
    ("outgoing", "reject", frozenset({"reject"}), frozenset({"approve", "review"}), frozenset({"approve", "review"})),
    ("outgoing", "review", frozenset({"review", "reject"}), frozenset({"approve"}), frozenset({"approve"})),
    # A grievance the rules read as a flag (a customer quoting "it couldn't lose value" reads as a guarantee)
    # may still be a complaint: raising flag too took holdout2-6 pooled complaint recall 0.982 -> 1.000 for
    # complaint precision 0.915 -> 0.909.
    ("inbound", "complaint", frozenset({"complaint"}), frozenset({"ok", "flag"}), frozenset({"ok", "flag"})),
    ("inbound", "flag", frozenset({"flag", "complaint"}), frozenset({"ok"}), frozenset({"ok"})),
)
BASE_VERDICT = {"outgoing": "approve", "inbound": "ok"}


class Params:
    """Hyper-parameters, fixed before the first run, except the budgets and ``stopwords`` (see their comments),
    never chosen on a test set while it was the test set (bench/holdout5 to 45 in turn, holdout46-49 last)."""

    # Words only.  Word pairs as well (ngram 2) did better in the grouped CV (5 folds: recall(reject) 0.944 -> 0.948,
    # recall(review+reject) 0.978 -> 0.986, precision(approve) 0.965 -> 0.978, precision(reject) 0.912 -> 0.924) but
    # on holdout12-17, never trained on, caught 442 of 450 rejects against 446, with a model four times the size
    # and a hook 3.9x the cost (5.9 -> 22.8 us a text in the same run: no paired-weights look-up for pairs).
    ngram = 1
    l2 = 1e-3
    lr = 0.3
    epochs = 25
    # A feature seen in fewer training texts is a memorised quirk, not a paraphrase cue: at 2, words of one voice
    # ("bajan", "crossing", "sink") carried harmless posts to review.  5 chosen on holdout50-57, never trained on
    # (model trained up to holdout49, rules of round 23), against 2: recall(reject) 0.963 both, recall(review+reject)
    # 0.975 -> 0.977, precision(approve) 0.968 -> 0.969, precision(reject) 0.937 -> 0.935, recall(approve) 0.915 ->
    # 0.909, recall(complaint) 0.954 -> 0.967, the rule tests' harmless near-misses escalated 11 -> 7 of 48.  Not
    # chosen: L2 applied as if at every step (len(docs) / df per occurrence): 0.968, 0.977, 0.970, 0.922, 0.909 there.
    min_df = 5
    # At most this share of a head's negative training texts (out of fold) may be escalated.  History: 0.02, then
    # 0.04 (chosen on the CV and holdout2 when the reject head came), then 0.03 (holdout2-6, when train_texts4
    # doubled the harmless training texts), then per head when holdout8, a fresh test set, showed the stage too
    # timid (recall(reject) 0.893 -> 0.853 over the stop that set 0.03): the validation sets had been studied and
    # the rules fitted to their errors, so they undercount what the stage catches on fresh text, and the budgets
    # are now chosen on the grouped CV over the training texts, which no rule author saw.  By the targets'
    # structure: a review escalation costs only recall(approve) (target 0.80, room to spare) and buys
    # recall(review+reject) and precision(approve); a reject escalation costs precision(reject) (0.85, little
    # room).  CV, recall(reject) / recall(review+reject) / precision(approve) / precision(reject) / recall(approve):
    # every head at 0.03: 0.908 / 0.921 / 0.872 / 0.890 / 0.897; per head: 0.917 / 0.957 / 0.923 / 0.874 / 0.848.
    budget = 0.03  # for a head not listed below, and every head under eval_learned.py --budget
    # The complaint head's budget went 0.05 -> 0.02 (threshold 0.00 -> 0.64) on three sets it was never trained on
    # (holdout12-14): at 0.05 it turned ordinary instructions ("close my account and mail me a check") into
    # complaints; at 0.02 precision(complaint) went 0.769 -> 0.811 on holdout14 and stayed on holdout12-13, with
    # recall(complaint) 1.000 on all three (0.01 missed one on holdout13).
    # Until holdout20-21 the thresholds were also held at the heads' biases, which overrode the reject and review
    # budgets (0.04, 0.06 and 0.08 gave the same CV); min_evidence now keeps what that floor was for.
    head_budgets = {"reject": 0.04, "review": 0.10, "complaint": 0.02, "flag": 0.05}
    inner_folds = 3
    # The positive weights of a text's words must reach this much together before a head escalates it: its
    # threshold comes from the budget alone and may lie below its bias, which a text of unknown words scores
    # ("éééé", "Q4 meeting moved to the 3rd" must keep the rules' verdict).  The budgets alone, with this guard,
    # took holdout20-21 (the validation sets; rules round 15) from recall(reject) 0.940, recall(review+reject)
    # 0.955, precision(approve) 0.945, precision(reject) 0.959, recall(approve) 0.956 to 0.967, 0.973, 0.965,
    # 0.924, 0.907; the guard itself changed no verdict there (0 to 3.0 gave the same figures).
    min_evidence = 1.0
    # Heads whose threshold stays this far above their bias whatever the budget: their words must carry the score.
    # The reject head's budget alone (0.39, 1.38 below its bias) rejected short plain texts whose words weigh
    # nothing either way ("Questions about your account? Message us here or call our office line.", net +0.14): with
    # the model trained up to holdout21, 8 of the 364 paraphrase fixtures wrong (test_engine_paraphrases), 1 with
    # this margin.  On holdout20-21 the margin cost no reject (bias -0.3 to +0.6 gave the same figures; -0.6 caught
    # two more and kept 4 fixtures wrong).  A wrong reject sends an adviser's post back; a wrong review costs a
    # principal a look.
    bias_margins = {"reject": 0.3}
    # A text already held for review (by the rules, or by the review head) needs less to be rejected: the held
    # threshold is this far from the bias (and not below the budget's).  Chosen on holdout26-29, never trained on
    # (the model trained up to holdout25, the rules of round 18): lowering the reject threshold caught rejects only
    # among texts held for review, while on texts nothing else held it raised false alarms alone.  There, from
    # the bias margin alone to -0.3 / -0.45 / -0.6: recall(reject) 0.947 -> 0.950 / 0.950 / 0.957, precision(reject)
    # 0.953 -> 0.947 / 0.947 / 0.944; holdout28-29 with the model trained up to holdout27: 0.920 -> 0.940 at
    # -0.45 and -0.6.  -0.6 put 9 of the 364 paraphrase fixtures wrong (7 tolerated; reviews rejected: a
    # performance comparison, a program's minimum and fee), -0.45 keeps 7.
    held_margins = {"reject": -0.45}
    # Function words carried weight on nothing but the voice of the training texts ("me", "on", "that" tipped
    # "Send me a message right here on LinkedIn" over to reject).  Left out, the validation sets (holdout2-4
    # pooled) gained recall and precision and the rule tests' harmless near-misses drew fewer false alarms.
    stopwords = "a an and are at be for get i in is it just me my of on or our so that the this to was we with you your"


# -- the model as it would run in the engine (features and Head live in clearpost.policy.engine.learned) ------
class Model:
    def __init__(self, heads: dict[str, list[Head]]) -> None:
        self.heads = heads

    def escalate(self, words: str, direction: str, verdict: str) -> str:
        """The hook: the first head that may raise ``verdict`` and fires decides; only upwards.  A text the rules
        hold for review, or that a later head escalates, meets a head's held threshold (as in the engine)."""
        heads = self.heads[direction]
        for i, head in enumerate(heads):
            if verdict in head.raises:
                held = verdict != BASE_VERDICT[direction] or any(
                    verdict in h.raises and h.fires(words) for h in heads[i + 1 :]
                )
                if head.fires(words, held):
                    return head.to
        return verdict


# -- training -------------------------------------------------------------------------------------------------
Doc = dict[str, int]


def doc_of(words: str) -> Doc:
    """A text's training features (counts) from its words view, without the stop words."""
    stop = frozenset(Params.stopwords.split())
    return {f: c for f, c in Counter(features(words, Params.ngram)).items() if f not in stop}


def fit_logistic(docs: Sequence[Doc], y: Sequence[int], *, seed: int = SEED) -> tuple[float, dict[str, float]]:
    """Class-balanced L2 logistic regression by AdaGrad SGD over sparse count features."""
    df: Counter[str] = Counter(f for d in docs for f in d)
    keep = {f for f, n in df.items() if n >= Params.min_df}
    rows = [{f: c for f, c in d.items() if f in keep} for d in docs]
    n_pos = sum(y)
    n_neg = len(y) - n_pos
    if not n_pos or not n_neg:
        raise ValueError("need both positive and negative examples")
    sw = [len(y) / (2 * n_pos) if t else len(y) / (2 * n_neg) for t in y]
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    b, gb = 0.0, 1e-8
    order = list(range(len(rows)))
    rng = random.Random(seed)
    for _ in range(Params.epochs):
        rng.shuffle(order)
        for i in order:
            x = rows[i]
            z = b + sum(w.get(f, 0.0) * c for f, c in x.items())
            p = 1.0 / (1.0 + math.exp(-max(min(z, 35.0), -35.0)))
            g = (p - y[i]) * sw[i]
            for f, c in x.items():
                wf = w.get(f, 0.0)
                gi = g * c + Params.l2 * wf
                acc = g2.get(f, 1e-8) + gi * gi
                g2[f] = acc
                w[f] = wf - Params.lr * gi / math.sqrt(acc)
            gb += g * g
            b -= Params.lr * g / math.sqrt(gb)
    # rounded as the data file stores them, so that the model measured is the model shipped
    return round(b, 4), {f: round(v, 4) for f, v in w.items() if abs(v) >= 1e-3}


def logit(bias: float, weights: dict[str, float], doc: Doc) -> float:
    return bias + sum(weights.get(f, 0.0) * c for f, c in doc.items())


def choose_threshold(neg_scores: Sequence[float], budget: float) -> float:
    """Lowest logit (>= 0) at which at most ``budget`` of the negatives score as high or higher."""
    s = sorted(neg_scores, reverse=True)
    allowed = int(budget * len(s))
    t = s[allowed] + 1e-6 if allowed < len(s) else -math.inf
    return max(t, 0.0)


def stratified_folds(labels: Sequence[str], k: int, seed: int) -> list[int]:
    """Fold number per item, each label spread evenly over the folds (deterministic)."""
    rng = random.Random(seed)
    by_label: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        by_label.setdefault(lab, []).append(i)
    fold = [0] * len(labels)
    offset = 0
    for lab in sorted(by_label):
        idx = by_label[lab]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            fold[i] = (j + offset) % k
        offset += len(idx)  # rotate so that small labels do not all start in fold 0
    return fold


def train_head(
    to: str, docs: Sequence[Doc], y: Sequence[int], negative: Sequence[bool], raises: frozenset[str]
) -> Head:
    """Fit on all given texts; the threshold comes from inner out-of-fold scores of the negative texts."""
    inner = stratified_folds([str(t) for t in y], Params.inner_folds, SEED + 1)
    oof = [0.0] * len(docs)
    for f in range(Params.inner_folds):
        tr = [i for i in range(len(docs)) if inner[i] != f]
        b, w = fit_logistic([docs[i] for i in tr], [y[i] for i in tr])
        for i in range(len(docs)):
            if inner[i] == f:
                oof[i] = logit(b, w, docs[i])
    budget = Params.head_budgets.get(to, Params.budget)
    threshold = choose_threshold([s for s, neg in zip(oof, negative, strict=True) if neg], budget)
    b, w = fit_logistic(docs, y)
    held = Params.held_margins.get(to)
    held_threshold = None if held is None else max(threshold, b + held)
    margin = Params.bias_margins.get(to)
    if margin is not None:
        threshold = max(threshold, b + margin)
    return Head(
        to, b, threshold, w, Params.ngram, raises, min_evidence=Params.min_evidence, held_threshold=held_threshold
    )


def train_model(records: Sequence[Record], docs: Sequence[Doc]) -> Model:
    heads: dict[str, list[Head]] = {"outgoing": [], "inbound": []}
    for direction, to, pos, neg, raises in HEADS:
        idx = [i for i, r in enumerate(records) if r.direction == direction and r.verdict in pos | neg]
        y = [int(records[i].verdict in pos) for i in idx]
        negative = [records[i].verdict in neg for i in idx]
        heads[direction].append(train_head(to, [docs[i] for i in idx], y, negative, raises))
    return Model(heads)


# -- evaluation -----------------------------------------------------------------------------------------------
Verdicts = dict[str, str]  # record id -> verdict


def near_duplicate_groups(records: Sequence[Record], threshold: float = 0.5) -> list[int]:
    """Group id per record: records whose word 3-gram sets overlap by Jaccard >= threshold are joined."""
    shingles = []
    for r in records:
        w = re.findall(r"[a-z0-9]+", r.text.lower())
        shingles.append({tuple(w[i : i + 3]) for i in range(len(w) - 2)})
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(records)):
        for j in range(i + 1, len(records)):
            a, b = shingles[i], shingles[j]
            if a and b and len(a & b) / len(a | b) >= threshold:
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(records))]


def grouped_folds(records: Sequence[Record], groups: Sequence[int], k: int, seed: int) -> list[int]:
    """Stratified folds over groups (a group takes the label of its first record), mapped back to records."""
    first: dict[int, int] = {}
    for i, g in enumerate(groups):
        first.setdefault(g, i)
    gids = sorted(first)
    labels = [f"{records[first[g]].direction}:{records[first[g]].verdict}" for g in gids]
    gfold = dict(zip(gids, stratified_folds(labels, k, seed), strict=True))
    return [gfold[g] for g in groups]


def figures(records: Sequence[Record], verdicts: Verdicts) -> dict[str, float]:
    """The issue's target figures (and the extra precisions) for a set of predicted verdicts."""
    by_text = {(r.text, r.direction): verdicts[r.id] for r in records}
    rep = evaluate(records, lambda text, _net, direction: (by_text[(text, direction)], []))
    out = dict(rep.targets)
    out["outgoing precision(review)"] = rep.verdict_pr["outgoing"]["review"][0]
    out["inbound precision(flag)"] = rep.verdict_pr["inbound"]["flag"][0]
    out["inbound precision(complaint)"] = rep.verdict_pr["inbound"]["complaint"][0]
    return out


def with_model(model: Model, records: Sequence[Record], words: dict[str, str], base: Verdicts) -> Verdicts:
    return {r.id: model.escalate(words[r.id], r.direction, base[r.id]) for r in records}


def print_table(title: str, columns: dict[str, list[dict[str, float]]]) -> None:
    """Rows = metrics; per column the mean over folds and the [min-max] spread."""
    print(f"\n{title}")
    head = f"  {'metric':<32} {'target':>6}"
    for name in columns:
        head += f"  {name:>22}"
    print(head)
    for m in METRICS:
        target = TARGETS.get(m)
        row = f"  {m:<32} {target:>6.2f}" if target is not None else f"  {m:<32} {'-':>6}"
        for runs in columns.values():
            vals = [r[m] for r in runs]
            spread = f"[{min(vals):.2f}-{max(vals):.2f}]" if len(vals) > 1 else ""
            row += f"  {statistics.fmean(vals):>8.3f} {spread:>13}"
        print(row)


RANK = {"approve": 0, "review": 1, "reject": 2, "ok": 0, "flag": 1, "complaint": 2}


def changes(records: Sequence[Record], before: Verdicts, after: Verdicts) -> list[tuple[bool, Record]]:
    """Each escalation, with whether it caught a text the base under-rated (False: a false alarm, the new
    verdict is above the label)."""
    return [(RANK[after[r.id]] <= RANK[r.verdict], r) for r in records if before[r.id] != after[r.id]]


def best_us(run: Callable[[], object], n: int, *, rounds: int = 7, inner: int = 20) -> float:
    """Best-of-``rounds`` microseconds per item of ``run`` (which handles ``n`` items per call)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(inner):
            run()
        best = min(best, (time.perf_counter() - start) / (inner * n))
    return best * 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3, help="repeat the k-fold split with other seeds")
    ap.add_argument("--budget", type=float, help="one false-escalation budget for every head (default: per head)")
    ap.add_argument("--ngram", type=int, choices=(1, 2), default=Params.ngram, help="1: words, 2: words and pairs")
    ap.add_argument("--show", action="store_true", help="list every escalation made on the held-out folds")
    args = ap.parse_args(argv)
    path = Path(args.corpus)
    if not path.exists():
        print(f"corpus not found: {path}", file=sys.stderr)
        return 2
    if args.budget is not None:
        Params.budget, Params.head_budgets = args.budget, {}
    Params.ngram = args.ngram
    t0 = time.perf_counter()
    records = load_corpus(path)
    engine = Engine(RuleSet.load_default(), learned=None)  # the rules alone: the model is what is measured
    kw = keyword_predictor(engine.ruleset)
    rules: Verdicts = {r.id: engine.screen(r.text, r.network, r.direction).verdict for r in records}
    keyword: Verdicts = {r.id: kw(r.text, r.network, r.direction)[0] for r in records}
    words = {r.id: build_views(r.text).words for r in records}
    docs: list[Doc] = [doc_of(words[r.id]) for r in records]
    groups = near_duplicate_groups(records)
    print(
        f"corpus: {path} ({len(records)} records); near-duplicate templates (word 3-gram Jaccard >= 0.5): "
        f"{len(groups) - len(set(groups))} record(s) joined to another, folds grouped on them"
    )
    print(f"rules: {engine.ruleset.name} {engine.version[:19]}")
    budgets = ", ".join(f"{h[1]} {Params.head_budgets.get(h[1], Params.budget):g}" for h in HEADS)
    print(f"model: words{' + word pairs' if Params.ngram > 1 else ''}, false-escalation budgets: {budgets}")

    cols: dict[str, list[dict[str, float]]] = {"rules": [], "rules+model": [], "keyword": [], "keyword+model": []}
    escalations: dict[str, list[tuple[bool, Record]]] = {"rules": [], "keyword": []}
    alone = {"risky": 0, "risky flagged": 0, "harmless": 0, "harmless flagged": 0}
    for rep in range(args.repeats):
        fold = grouped_folds(records, groups, args.folds, SEED + rep)
        for f in range(args.folds):
            train = [i for i in range(len(records)) if fold[i] != f]
            test = [records[i] for i in range(len(records)) if fold[i] == f]
            model = train_model([records[i] for i in train], [docs[i] for i in train])
            for name, base in (("rules", rules), ("keyword", keyword)):
                after = with_model(model, test, words, base)
                cols[name].append(figures(test, base))
                cols[f"{name}+model"].append(figures(test, after))
                escalations[name] += changes(test, base, after)
            for r in test:  # the model alone, as if the rules had said approve / ok everywhere
                risky = r.verdict not in ("approve", "ok")
                base_verdict = BASE_VERDICT[r.direction]
                flagged = model.escalate(words[r.id], r.direction, base_verdict) != base_verdict
                alone["risky" if risky else "harmless"] += 1
                alone["risky flagged" if risky else "harmless flagged"] += flagged
    print_table(
        f"{args.folds}-fold CV x {args.repeats} seed(s) on dev: mean over {args.folds * args.repeats} held-out "
        "folds [min-max]",
        cols,
    )
    for name, esc in escalations.items():
        good = sum(ok for ok, _ in esc)
        print(
            f"  escalations on top of {name}: {good} caught a risky text it let through, {len(esc) - good} false "
            f"alarm(s) (all folds and seeds)"
        )
        if args.show:
            for ok, r in esc:
                print(f"    {'caught' if ok else 'false alarm':11} {r.id} gold={r.verdict} | {r.text[:100]!r}")
    print(
        f"  model alone on held-out texts: flags {alone['risky flagged']}/{alone['risky']} risky "
        f"({alone['risky flagged'] / alone['risky']:.1%}) and {alone['harmless flagged']}/{alone['harmless']} "
        f"harmless ({alone['harmless flagged'] / alone['harmless']:.1%})"
    )
    print("  caveat: the rule set was written looking at dev.jsonl, so the rules' dev figures are in-sample;")
    print("  the keyword columns stand in for rules that miss the paraphrases of unseen texts.")

    full = train_model(records, docs)
    if PROBE.exists():
        probe = load_corpus(PROBE)
        p_rules = {r.id: engine.screen(r.text, r.network, r.direction).verdict for r in probe}
        p_words = {r.id: build_views(r.text).words for r in probe}
        p_after = with_model(full, probe, p_words, p_rules)
        print_table(
            f"probe: {PROBE.name} ({len(probe)} texts never trained on); model trained on all of dev",
            {"rules": [figures(probe, p_rules)], "rules+model": [figures(probe, p_after)]},
        )
        esc = changes(probe, p_rules, p_after)
        missed = sum(r.verdict not in ("approve", "ok") and p_rules[r.id] in ("approve", "ok") for r in probe)
        print(
            f"  of {missed} risky texts the rules let through the model caught {sum(ok for ok, _ in esc)}; "
            f"false alarms {sum(not ok for ok, _ in esc)}"
        )
        for ok, r in esc:
            print(f"    {'caught' if ok else 'false alarm':11} {r.id} gold={r.verdict} | {r.text[:90]!r}")

    # Cost, measured in the same run as the engine so the ratio holds on a loaded machine.  The hook would run
    # after every screen but work only where the rules did not say reject / complaint.
    base = [(words[r.id], r.direction, rules[r.id]) for r in records if RANK[rules[r.id]] < 2]
    screens = [(r.text, r.network, r.direction) for r in records]
    hook_us = best_us(lambda: [full.escalate(w, d, v) for w, d, v in base], len(base))
    screen_us = best_us(lambda: [engine.screen(*x) for x in screens], len(screens), rounds=3, inner=3)
    print(
        f"\ncost of the hook on the {len(base)} dev texts the rules do not reject: {hook_us:.2f} us per post; "
        f"engine.screen in the same run: {screen_us:.1f} us per post (hook = {hook_us / screen_us:.1%})"
    )
    print(f"elapsed {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The screening engine: compile a rule set once, then screen texts in a single multi-pattern pass.

Pipeline for one text (see docs/adr/0003-policy-engine.md):

1. normalise into the folded and words views (:mod:`.normalize`), keeping an offset map;
2. one Aho-Corasick pass over the words view finds every phrase of every rule, nested or overlapping,
   plus the context cues (negations, warnings) and misspelling variants; gate keys in the same pass tell
   whether leetspeak digits or spaced-out letters need an extra view, scanned only then, and which longer
   gate substrings may be present (see ``Engine._gate``);
3. rules whose phrases hit are evaluated; regex rules and standalone detectors run only behind cheap
   substring gates; detectors inside proximity clauses run lazily (:mod:`.scan`);
4. matches in a negation, quotation or warning context are dropped for rules that ask for it, exceptions
   suppress or downgrade, and the verdict is the most severe remaining finding;
5. where that verdict is not reject / complaint, the learned stage (:mod:`.learned`) may escalate it, with a
   finding that explains why, unless the rules cleared a match of higher severity for its context (step 4);
   it never lowers a verdict.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter

import ahocorasick

from . import length as _length
from .compiled import (
    ANY_WORD_GATE,
    WORD_GATE_BASE,
    Gate,
    GateIndex,
    _CExc,
    _CGroup,
    _CNear,
    _CRule,
    _DirIndex,
    gate_bit,
    gate_bits_fail,
    gate_mask,
)
from .detectors import (
    _CAPS_TICKERS,
    _CAPS_TICKERS_CUED,
    _PRODUCT_GATES,
    COSTS,
    DIGIT_GATES,
    GATES,
    DetectorConfig,
    Span,
)
from .errors import TextTooLarge
from .learned import LearnedStage, shipped_stage
from .length import _URL_HINT
from .normalize import (
    _WORDS_BYTES,
    LEET_GATE_KEYS,
    SPACED_GATE_KEYS,
    STRETCHED_GATE_KEYS,
    Collapsed,
    build_views,
    collapse_spaced,
    deleet_words,
    fold_key,
    fold_pattern,
    normalize_phrase,
    phrase_forms,
    split_hashtags,
    unstretch,
)
from .results import Finding, ScreenResult
from .ruleset import Rule, RuleSet
from .scan import _Scan
from .vocabulary import DEFAULT_VERDICT, DIRECTIONS, MAX_TEXT_BYTES, SEVERITIES, VERDICTS

_VOWELS = "aeiou"
_APOSTROPHE_TAILS = frozenset({"t", "s", "ll", "re", "ve", "d", "m"})

_new_tuple = tuple.__new__
_FINDING_ORDER = itemgetter(3, 4, 0)  # Finding (start, end, rule)
_NETWORKS = {"x": "x", "twitter": "x", "linkedin": "linkedin", "mastodon": "mastodon"}
_SEV_RANK = {d: {s: i for i, s in enumerate(SEVERITIES[d])} for d in DIRECTIONS}
_TOP_RANK = len(SEVERITIES["outgoing"]) - 1  # reject / complaint: nothing for the learned stage to raise
# Detectors that read the original text case-sensitively and find nothing unless one of these substrings is in
# it (their own first test): the folded-text gates in GATES can only hold the lower-cased forms, so " fund"
# passes on every "emergency fund" while the detector needs " Fund".  Where such a detector's gate passes on the
# folded text, the original text is tested too and the gate dropped when it fails (see _DirIndex.case_gates).
CASE_GATES: dict[str, tuple[str, ...]] = {
    "named_product": _PRODUCT_GATES,
    "ticker_caps": tuple(sorted(_CAPS_TICKERS | _CAPS_TICKERS_CUED)),  # matched in capitals only
}


# An automaton value: (start offset from the hit's end, end offset, slots it marks, its marks: see Engine._marks).
Entry = tuple[int, int, tuple[int, ...], int]
_DIGIT_MARKS = bytes(49 if 48 <= c <= 57 else 48 for c in range(256))  # ASCII digit -> "1", any other byte -> "0"
_NO_OCC: dict[int, list[Span]] = {}  # what a _Scan made for detectors holds until a rule is collected (never written)


def _rule_mask(rules: Iterable[int]) -> int:
    """Rule indexes as the bits of an int (rule i is bit i)."""
    mask = 0
    for ri in rules:
        mask |= 1 << ri
    return mask


def _occurrences(hits: list[tuple[int, Entry]]) -> dict[int, list[Span]]:
    """The spans of the words view each slot's terms hit, in the order of the phrase pass."""
    occ: defaultdict[int, list[Span]] = defaultdict(list)  # read with get() and "in": never adds a key then
    for end, (a, b, slots, _marks) in hits:
        span = (end - a, end - b)
        for sl in slots:
            if sl >= 0:  # a word gate's (negative) slot: only its bit in the marks is ever read
                occ[sl].append(span)
    return occ


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


# Punctuation common in posts, which the words view reads as a space (never as a letter, as it may "!$|@").
_COMMON_MARKS = frozenset(" .,:;?'-")


def _word_key(key: str) -> str | None:
    """The words-view form of a gate substring when its presence in the words view is implied by its presence
    in the folded text (ASCII, none of the symbols the words view reads as letters) and it has at least two
    letters or digits, so that the phrase automaton can tell in its one pass whether it may be there.

    A key holding a rare symbol ("a/c", "rt @") stays a plain substring test: GateIndex files it under that
    symbol, which few texts hold, while its words form ("a c") would mark the slot on common words.  A "." or
    "," is in nearly every text (and so are the other _COMMON_MARKS), so ".com" is better found as " com" and
    "hood," as "hood " by the automaton."""
    if len(key) < 2 or not key.isascii() or any(not c.isalnum() and c not in _COMMON_MARKS for c in key):
        return None
    word = key.encode("ascii").translate(_WORDS_BYTES).decode("ascii")
    return word if sum(c.isalnum() for c in word) >= 2 else None


def _fuzzy_variants(word: str) -> set[str]:
    """Common misspellings of a long word: dropped, swapped, doubled letters and vowel confusions."""
    out: set[str] = set()
    n = len(word)
    for i in range(1, n):
        out.add(word[:i] + word[i + 1 :])
        out.add(word[: i + 1] + word[i] + word[i + 1 :])
        if i < n - 1:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        if word[i] in _VOWELS:
            for v in _VOWELS:
                out.add(word[:i] + v + word[i + 1 :])
    # two-vowel confusions in adjacent clusters ("gaurenteed"): swap then substitute
    for i in range(1, n - 1):
        if word[i] in _VOWELS and word[i + 1] in _VOWELS:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    out.discard(word)
    return {v for v in out if len(v) >= 5}


_SHIPPED = object()  # Engine's default learned stage: the one in data/learned.json


class Engine:
    """Compiled form of a :class:`RuleSet`.  Build once, reuse: compiling takes tens of milliseconds.

    ``learned``: the learned stage run after the rules (default: the shipped one); ``None`` screens with the
    rules alone (rule-set tests, or measuring what the rules do by themselves).  ``rarest_trigger``: a rule
    matched only through phrase groups is triggered by the group expected to hit least often (see
    _expected_hits); False picks the most common one instead, which must change nothing but speed."""

    def __init__(
        self, ruleset: RuleSet, learned: LearnedStage | object | None = _SHIPPED, *, rarest_trigger: bool = True
    ) -> None:
        self._trigger_sign = 1.0 if rarest_trigger else -1.0
        if learned is _SHIPPED:
            learned = shipped_stage()
        elif learned is not None and not isinstance(learned, LearnedStage):
            raise TypeError("learned must be a LearnedStage or None")
        self.learned: LearnedStage | None = learned  # type: ignore[assignment]
        # The categories the rule set screens for, per direction: the stage never raises a category a compliance
        # admin took out of the firm's rules.
        self._screened = {
            d: frozenset(r.category for r in ruleset.rules if d in r.directions and r.severity.get(d, "info") != "info")
            for d in DEFAULT_VERDICT
        }
        # Compiling allocates hundreds of thousands of long-lived objects (the automaton's payloads, slots, gates)
        # and no cyclic garbage: the collector would scan them over and over for nothing (a fifth of the time).
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._compile(ruleset)
        finally:
            if enabled:
                gc.enable()

    def _compile(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.version = ruleset.version
        self._terms: dict[str, int] = {}
        self._written: dict[int, set[str]] = {}  # term id -> its phrases' words-view forms with punctuation kept
        self._word_gates: dict[str, int] = {}  # words-view gate key -> its (negative) slot
        self._gate_ids: dict[Gate, int] = {}  # every distinct gate -> its id (GateIndex evaluates them by id)
        self._term_text: list[str] = []
        rs = ruleset
        # "given_names" widens what the person-name detector knows without widening the phrase templates that
        # expand "{first_names}" (a few thousand names from every community would multiply those past the limit)
        names = frozenset(n.lower() for key in ("first_names", "given_names") for n in rs.vocab.get(key, ()))
        self._config = DetectorConfig(
            allowed_domains=rs.domains["allowed"],
            third_party_domains=rs.domains["third_party"],
            personal_email=rs.domains["personal_email"],
            firm_domains=rs.domains["firm"],
            first_names=names,
        )
        self._ctx_neg = self._tids(rs.contexts["negation"])
        self._ctx_block = self._tids(rs.contexts["negation_blockers"])
        self._ctx_warn_sentence = self._tids(rs.contexts["warning_sentence"])
        self._ctx_warn_text = self._tids(rs.contexts["warning_text"])
        self._rules: list[_CRule] = []
        for i, r in enumerate(rs.rules):
            near = [
                _CNear(
                    groups=[
                        _CGroup(
                            self._tids(g.phrases),
                            g.detectors,
                            self._gate(x for d in g.detectors for x in GATES[d])
                            if g.detectors and all(d in GATES for d in g.detectors)
                            else None,
                        )
                        for g in n.groups
                    ],
                    gates=tuple(
                        self._gate(x for d in g.detectors for x in GATES[d])
                        for g in n.groups
                        if not g.phrases and all(d in GATES for d in g.detectors)
                    ),
                    detector_order=tuple(
                        sorted(
                            (j for j, g in enumerate(n.groups) if g.detectors),
                            key=lambda j: max(COSTS.get(d, 1) for d in n.groups[j].detectors),
                        )
                    ),
                    within=n.within,
                    ordered=n.ordered,
                    same_sentence=n.same_sentence,
                    context=self._tids(n.context),
                )
                for n in r.near
            ]
            excs = [
                _CExc(
                    tids=self._tids(e.phrases),
                    regexes=tuple(re.compile(fold_pattern(p)) for p in e.regexes),
                    scope=e.scope,
                    severity=e.severity,
                )
                for e in r.exceptions
            ]
            self._rules.append(
                _CRule(
                    index=i,
                    rule=r,
                    phrase_tids=self._tids(r.phrases),
                    near=near,
                    exceptions=excs,
                    networks=frozenset(r.networks),
                    ignore_negation="negation" in r.ignore_in,
                    ignore_quotation="quotation" in r.ignore_in,
                    ignore_warning="warning" in r.ignore_in,
                )
            )
        self._disclosures = {r.id: r.disclosures for r in rs.rules}
        self._variants = self._build_variants()
        self._allocate_slots()
        for cr in self._rules:
            for n in cr.near:
                for g in n.groups:
                    g.gate_id = self._gate_id(g.gate)
                    g.gate_bit = gate_bit(g.gate_id)
                n.gate_ids = tuple(self._gate_id(g) for g in n.gates)
                n.gate_mask = gate_mask(n.gate_ids)
                required = [g.slot for g in n.groups if g.tids and not g.detectors]
                if n.context:
                    required.append(n.context_slot)
                n.required_slots = tuple(dict.fromkeys(required))
                n.either = tuple(
                    (g.slot, g.gate_id, tuple((d, self._gate_id(self._gate(GATES[d]))) for d in g.detectors))
                    for g in n.groups
                    if g.tids and g.detectors and g.gate_id >= 0
                )
            cr.clause_needs = tuple((frozenset(n.required_slots), frozenset(n.gate_ids), n.either) for n in cr.near)
            # the same needs with each slot as its bit (see _slot_bit), tested per text against the marked bits
            cr.phrase_bit = self._slot_bit(cr.phrase_slot) if cr.phrase_slot >= 0 else 0
            cr.clause_bits = tuple(
                (
                    self._slot_mask(slots),
                    gate_mask(gids),
                    tuple(
                        (self._slot_bit(sl), gate_bit(gid), tuple((d, gate_bit(g)) for d, g in dets))
                        for sl, gid, dets in either
                    ),
                )
                for slots, gids, either in cr.clause_needs
            )
        self._rule_bits = (1 << len(self._rules)) - 1
        self._rule_lists: dict[int, tuple[int, ...]] = {}
        self._x_plain_reports: dict[int, _length.LengthReport] = {}  # see _measure
        self._dirs = {d: self._build_direction(d) for d in DIRECTIONS}

    # -- compilation ----------------------------------------------------------------------------------------
    def _gate(self, keys: Iterable[str]) -> Gate:
        """Compile substrings of which one must be in the folded text.  ``k in text`` is cheap for one
        character and several times dearer for longer needles, so a longer key that survives into the words
        view is first looked up in the phrase automaton's pass (a slot of its own) and only then confirmed on
        the folded text: the answer is the same as testing every key, at a fraction of the cost."""
        direct: list[str] = []
        worded: list[tuple[int, str]] = []
        for k in dict.fromkeys(keys):
            word = _word_key(k)
            if word is None:
                direct.append(k)
            else:
                slot = self._word_gates.setdefault(word, WORD_GATE_BASE - len(self._word_gates))
                worded.append((slot, k))
        direct.sort(key=lambda k: len(k) > 1)  # single characters first
        return tuple(direct), tuple(worded)

    def _expected_hits(self, tids: tuple[int, ...]) -> float:
        """How often a text is expected to hold one of these terms, relative to a single word: every further word
        of a phrase makes it about ten times rarer ("the fed" and "rates" hit in many posts about markets, "i
        expect rates" in few).  Only the order matters: it picks the term group that triggers a rule."""
        text = self._term_text
        return self._trigger_sign * sum(10.0 ** (1 - len(text[t].split())) for t in tids)

    def _gate_id(self, gate: Gate | None) -> int:
        """The id of ``gate`` in the engine's gate table (-1 for no gate)."""
        if gate is None:
            return -1
        return self._gate_ids.setdefault(gate, len(self._gate_ids))

    def _tids(self, phrases: Iterable[str]) -> tuple[int, ...]:
        out: list[int] = []
        for p in phrases:
            key, written = phrase_forms(p)
            if not key:
                continue
            tid = self._terms.get(key)
            if tid is None:
                tid = len(self._term_text)
                self._terms[key] = tid
                self._term_text.append(key)
            if written is not None:
                self._written.setdefault(tid, set()).add(written)
            out.append(tid)
        return tuple(dict.fromkeys(out))

    def _allocate_slots(self) -> None:
        """Give every place a phrase can be used (a rule's phrases, a near group or context, an exception,
        a context list) a slot id; occurrences are collected per slot in one pass over the matches."""
        # slot -> (owning rule index or -1 for the shared contexts, term ids)
        self._slot_owner: list[int] = []
        self._slot_terms: list[tuple[int, ...]] = []

        def new(owner: int, tids: tuple[int, ...]) -> int:
            self._slot_owner.append(owner)
            self._slot_terms.append(tids)
            return len(self._slot_owner) - 1

        self._slot_neg = new(-1, self._ctx_neg)
        self._slot_block = new(-1, self._ctx_block)
        self._slot_warn_sentence = new(-1, self._ctx_warn_sentence)
        self._slot_warn_text = new(-1, self._ctx_warn_text)
        self._slot_leet = new(-2, ())  # gate keys only (see normalize.LEET_GATE_KEYS)
        self._slot_spaced = new(-2, ())
        self._slot_stretched = new(-2, ())
        self._leet_bit = self._slot_bit(self._slot_leet)
        self._spaced_bit = self._slot_bit(self._slot_spaced)
        self._stretched_bit = self._slot_bit(self._slot_stretched)
        self._obfuscation_bits = self._leet_bit | self._spaced_bit | self._stretched_bit
        for cr in self._rules:
            if cr.phrase_tids:
                cr.phrase_slot = new(cr.index, cr.phrase_tids)
            for n in cr.near:
                for g in n.groups:
                    if g.tids:
                        g.slot = new(cr.index, g.tids)
                if n.context:
                    n.context_slot = new(cr.index, n.context)
            for e in cr.exceptions:
                if e.tids:
                    e.slot = new(cr.index, e.tids)
        self._n_slots = len(self._slot_owner)  # the word-gate slots' bits come after these (see _slot_bit)

    def _slot_bit(self, slot: int) -> int:
        """The bit that stands for ``slot`` in a text's marks (one int, see screen): bits below the number of rules
        are the rules a hit triggers, then the slots from 0 up, then the (negative) word-gate slots."""
        return 1 << (len(self._rules) + (slot if slot >= 0 else self._n_slots - slot))

    def _slot_mask(self, slots: Iterable[int]) -> int:
        mask = 0
        for slot in slots:
            mask |= self._slot_bit(slot)
        return mask

    def _marks(self, slots: tuple[int, ...], triggers: tuple[int, ...]) -> int:
        """An automaton value's marks: the bits of the slots it marks and of the rules it triggers."""
        mask = self._slot_mask(slots)
        for ri in triggers:
            mask |= 1 << ri
        return mask

    def _rules_in(self, bits: int) -> tuple[int, ...]:
        """The rules whose bits are set in ``bits``, in order (remembered, bounded: texts have the same few
        combinations of candidates)."""
        rules = self._rule_lists.get(bits)
        if rules is None:
            found: list[int] = []
            rest = bits
            while rest:
                low = rest & -rest
                found.append(low.bit_length() - 1)
                rest ^= low
            rules = tuple(found)
            if len(self._rule_lists) >= 4096:
                self._rule_lists.clear()
            self._rule_lists[bits] = rules
        return rules

    def _build_variants(self) -> dict[str, set[str]]:
        """word -> misspelled forms that should match it (from ``spellings`` and generated ``fuzzy``)."""
        rs = self.ruleset
        known_tokens = {tok for key in self._term_text for tok in key.split()}
        variants: dict[str, set[str]] = {}
        for word, forms in rs.spellings.items():
            w = normalize_phrase(word)
            for form in forms:
                f = normalize_phrase(form)
                if f and f != w:
                    variants.setdefault(w, set()).add(f)
        for word in rs.fuzzy:
            w = normalize_phrase(word)
            gen = {v for v in _fuzzy_variants(w) if v not in known_tokens}
            variants.setdefault(w, set()).update(gen)
        return variants

    def _keys_for(self, key: str) -> set[str]:
        keys = {key}
        toks = key.split()
        for i, tok in enumerate(toks):
            for v in self._variants.get(tok, ()):
                keys.add(" ".join([*toks[:i], v, *toks[i + 1 :]]))
        # "can t lose" is also written "cant lose"
        if any(t in _APOSTROPHE_TAILS for t in toks[1:]):
            joined: list[str] = []
            for t in toks:
                if joined and t in _APOSTROPHE_TAILS:
                    joined[-1] += t
                else:
                    joined.append(t)
            keys.add(" ".join(joined))
        return keys

    def _build_direction(self, direction: str) -> _DirIndex:
        active = {cr.index for cr in self._rules if direction in cr.rule.directions}
        term_slots: dict[int, list[int]] = {}
        for slot, (owner, tids) in enumerate(zip(self._slot_owner, self._slot_terms, strict=True)):
            if owner == -1 or owner in active:
                for t in tids:
                    term_slots.setdefault(t, []).append(slot)
        trigger_slots: dict[int, int] = {}  # slot -> rule it triggers
        detector_jobs: dict[int, list[tuple[int, str, int]]] = {}
        always: list[int] = []
        regex_jobs: dict[int, list[tuple[int, re.Pattern[str]]]] = {}
        used_gates: set[int] = set()
        gate_users: dict[int, set[str]] = {}  # gate id -> the detectors it guards ("" for a regex)
        for cr in self._rules:
            if cr.index not in active:
                continue
            r = cr.rule
            for n in cr.near:
                for g in n.groups:
                    if g.gate_id >= 0:
                        gate_users.setdefault(g.gate_id, set()).update(g.detectors)
                for _slot, _gid, dets in n.either:
                    for d, gid in dets:
                        gate_users.setdefault(gid, set()).add(d)
            if cr.phrase_slot >= 0:
                trigger_slots[cr.phrase_slot] = cr.index
            for n in cr.near:
                # A group made only of phrases must hit for the clause to match, and so must its context terms:
                # any of them can trigger the rule, and the one expected to hit least often is the cheapest
                # (see _expected_hits).  Groups with detectors can match without any phrase, so they cannot.
                required = [(g.slot, g.tids) for g in n.groups if g.tids and not g.detectors]
                if n.context:
                    required.append((n.context_slot, n.context))
                if required:
                    trigger_slots[min(required, key=lambda r: self._expected_hits(r[1]))[0]] = cr.index
                else:
                    always.append(cr.index)
                used_gates.update(n.gate_ids)
                used_gates.update(g.gate_id for g in n.groups)
                used_gates.update(gid for _slot, _gid, dets in n.either for _d, gid in dets)
            for d in r.detectors:
                gid = self._gate_id(self._gate(GATES[d]) if d in GATES else None)
                detector_jobs.setdefault(gid, []).append((cr.index, d, DIGIT_GATES.get(d, 0)))
                used_gates.add(gid)
                gate_users.setdefault(gid, set()).add(d)
            for rx in r.regexes:
                gid = self._gate_id(self._gate(map(fold_key, rx.requires)) if rx.requires else None)
                regex_jobs.setdefault(gid, []).append((cr.index, re.compile(fold_pattern(rx.pattern))))
                used_gates.add(gid)
                gate_users.setdefault(gid, set()).add("")
        automaton = ahocorasick.Automaton()
        payload: dict[str, tuple[int, int, set[int]]] = {}
        for tid in sorted(term_slots):
            base = self._term_text[tid]
            for k in self._keys_for(base) | self._written.get(tid, set()):
                lp = 0 if _is_cjk(k[0]) else 1
                tp = 0 if _is_cjk(k[-1]) else 1
                padded = (" " if lp else "") + k + (" " if tp else "")
                entry = payload.get(padded)
                if entry is None:
                    payload[padded] = (len(padded) - lp, tp, set(term_slots[tid]))
                else:
                    entry[2].update(term_slots[tid])
        entries: dict[str, tuple[int, int, tuple[int, ...], tuple[int, ...]]] = {}
        for padded, (a, b, slots) in payload.items():
            ordered = tuple(sorted(slots))
            triggers = tuple(sorted({trigger_slots[x] for x in ordered if x in trigger_slots}))
            entries[padded] = (a, b, ordered, triggers)
        # Gate keys: a hit only tells the scan to build the de-leeted or letter-joined view and scan it too.
        for keys, slot in (
            (LEET_GATE_KEYS, self._slot_leet),
            (SPACED_GATE_KEYS, self._slot_spaced),
            (STRETCHED_GATE_KEYS, self._slot_stretched),
        ):
            for k in keys:
                if k not in payload:
                    entries[k] = (len(k), 0, (slot,), ())
        # Word gates (see _gate): a hit only marks their slot.
        for word, slot in self._word_gates.items():
            known = entries.get(word)
            if known is None:
                entries[word] = (len(word), 0, (slot, ANY_WORD_GATE), ())
            else:
                entries[word] = (known[0], known[1], (*known[2], slot, ANY_WORD_GATE), known[3])
        # The value's last field is the marks (see _marks): OR-ed over a text's hits, one int holds every slot
        # marked and every rule triggered.
        # (many keys share their slots and triggers: each combination's marks are worked out once)
        marks_of: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}
        for k, (ka, kb, kslots, ktriggers) in entries.items():
            marks = marks_of.get((kslots, ktriggers))
            if marks is None:
                marks = marks_of[kslots, ktriggers] = self._marks(kslots, ktriggers)
            automaton.add_word(k, (ka, kb, kslots, marks))
        if entries:
            automaton.make_automaton()
        by_id = {gid: gate for gate, gid in self._gate_ids.items() if gid in used_gates}
        gated: set[int] = set()
        by_gate: dict[int, set[int]] = {}
        for cr in self._rules:
            near_only = cr.clause_needs and not (cr.phrase_tids or cr.rule.regexes or cr.rule.detectors)
            if cr.index in active and near_only and all(gids for _slots, gids, _either in cr.clause_needs):
                gated.add(cr.index)
                for _slots, gids, _either in cr.clause_needs:
                    for gid in gids:
                        by_gate.setdefault(gid, set()).add(cr.index)
        gate_jobs = {
            gid: (
                tuple(regex_jobs.get(gid, ())),
                tuple(detector_jobs.get(gid, ())),
                _rule_mask(by_gate.get(gid, ()) if gid >= 0 else ()),
            )
            for gid in {-1, *regex_jobs, *detector_jobs, *by_gate}
        }
        return _DirIndex(
            automaton=automaton if entries else None,
            always=tuple(dict.fromkeys(always)),
            gate_jobs=gate_jobs,
            jobs_by_bit={gate_bit(gid): jobs for gid, jobs in gate_jobs.items()},
            job_mask=gate_mask(gid for gid in gate_jobs if gid >= 0),
            gates=GateIndex(by_id, self._slot_bit),
            gated_rules=frozenset(gated),
            always_bits=_rule_mask(always),
            gated_bits=_rule_mask(gated),
            case_gates=tuple(
                (gid, tuple(dict.fromkeys(k for d in sorted(users) for k in CASE_GATES[d])))
                for gid, users in sorted(gate_users.items())
                if gid >= 0 and gid in used_gates and users and users <= CASE_GATES.keys()
            ),
        )

    # -- screening ------------------------------------------------------------------------------------------
    def screen(self, text: str, network: str, direction: str = "outgoing") -> ScreenResult:
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        if len(text) > MAX_TEXT_BYTES // 4 and (
            len(text) > MAX_TEXT_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES
        ):
            raise TextTooLarge(f"text is larger than {MAX_TEXT_BYTES:,} bytes of UTF-8; split it before screening")
        net = _NETWORKS.get(network) or _length.normalize_network(network)
        if direction not in _SEV_RANK:
            raise ValueError(f"unknown direction {direction!r}; expected 'outgoing' or 'inbound'")
        index = self._dirs[direction]
        views = build_views(text)
        # The candidate rules as the bits of one int (rule i is bit i, as in the marks): unions and differences are
        # single integer operations, and _rules_in lists them in order.
        candidates = index.always_bits
        # The phrase pass keeps its raw hits and ORs their marks: one int then holds every slot marked and every
        # rule triggered (see _marks), a bit test each.  The spans per slot (occ) are built once a rule is
        # collected, which most texts never reach (a span, a list and set updates per hit cost more than the rest).
        hits: list[tuple[int, Entry]] = []
        occ: dict[int, list[Span]] | None = None
        marks = 0
        if index.automaton is not None:
            hits = list(index.automaton.iter(views.words))
            for _end, entry in hits:
                marks |= entry[3]
            if marks & self._obfuscation_bits:
                # the obfuscation views add their spans to those of the words view, without repeats
                occ = _occurrences(hits)
                if marks & self._leet_bit:
                    marks |= self._scan_leet(index, deleet_words(views), occ)
                if marks & self._spaced_bit:
                    collapsed = collapse_spaced(views)
                    if collapsed is not None:
                        marks |= self._scan_collapsed(index, collapsed, occ)
                if marks & self._stretched_bit:
                    for unstretched in unstretch(views) or ():
                        marks |= self._scan_collapsed(index, unstretched, occ)
            if "#" in text:
                split = split_hashtags(views)
                if split is not None:
                    if occ is None:
                        occ = _occurrences(hits)
                    marks |= self._scan_collapsed(index, split, occ)
            candidates |= marks & self._rule_bits
        folded = views.folded
        # Every gate of the direction at once (GateIndex): the tests below are then set look-ups.
        passing, folded_bytes = index.gates.passing_marks(folded, marks)
        for gid, keys in index.case_gates:
            bit = 1 << (gid + 1)  # gate_bit(gid)
            if passing & bit:
                for k in keys:
                    if k in text:
                        break
                else:
                    passing ^= bit
        # The per-text state is built only for texts that reach a detector or a rule (lazily, below).
        scan: _Scan | None = None
        # The patterns filed under no gate, then those of each passing gate (the order does not matter: a rule's
        # spans are sorted before use, and detectors are memoised pure functions of the text).
        regex_hits: dict[int, list[Span]] = {}
        jobs = index.jobs_by_bit
        regex_todo, det_todo, let_through = jobs[1]  # the jobs under no gate (bit 0)
        todo = passing & index.job_mask
        while todo:
            bit = todo & -todo  # the lowest passing gate that has jobs
            todo ^= bit
            more_regex, more_det, more_rules = jobs[bit]
            regex_todo += more_regex
            det_todo += more_det
            let_through |= more_rules
        for ri, rx in regex_todo:
            found = [m.span() for m in rx.finditer(folded)]
            if found:
                regex_hits.setdefault(ri, []).extend(found)
                candidates |= 1 << ri
        det_hits: dict[int, list[Span]] = {}
        digits = -1
        for ri, det, min_digits in det_todo:
            if min_digits:
                if digits < 0:
                    # as digit_count(folded): digits marked "1" by a plain table (no delete table to set up per call)
                    digits = folded_bytes.translate(_DIGIT_MARKS).count(49)
                if digits < min_digits:
                    continue
            if scan is None:
                # detectors read the text, never the occurrences: when not built yet, they are set before the first
                # collect
                scan = _Scan(self, views, direction, _NO_OCC if occ is None else occ, passing)
            spans = scan.detect(det)
            if spans:
                det_hits.setdefault(ri, []).extend(spans)
                candidates |= 1 << ri
        gated = index.gated_bits
        if gated & candidates:
            # drop the rules whose every clause needs a gate that did not pass (see _DirIndex.gated_rules)
            candidates &= ~(gated & ~let_through)
        if not candidates:
            return self._result(text, net, direction, [], views.words)
        findings: list[Finding] = []
        cleared = 0  # the highest severity the rules matched but cleared for its context or an exception
        collected: list[tuple[_CRule, list[tuple[int, int, list[Span] | None]]]] = []
        rules = self._rules
        rule_list = self._rule_lists.get(candidates)
        if rule_list is None:
            rule_list = self._rules_in(candidates)
        for ri in rule_list:
            cr = rules[ri]
            if net not in cr.networks:
                continue
            # Without a hit of its own phrases, regexes or detectors, a rule can match only through a proximity
            # clause whose phrase groups are all marked and whose gates (a figure, a link ...) pass: check that
            # before collecting.  This runs for most texts: bit tests on the marks, a set comparison (in C) for the
            # gates, and plain loops, as generators cost more than the tests.
            if not marks & cr.phrase_bit and ri not in regex_hits and ri not in det_hits:
                for slots, gids, either in cr.clause_bits:
                    if marks & slots == slots and passing & gids == gids:
                        for sl, g, dets in either:
                            if not marks & sl and (
                                not passing & g
                                or (gate_bits_fail(dets, passing) if scan is None else scan.cannot_fill(dets))
                            ):
                                break
                        else:
                            break  # this clause may match
                else:
                    continue
            if occ is None:
                occ = _occurrences(hits)
                if scan is not None:
                    scan.occ = occ
            if scan is None:
                scan = _Scan(self, views, direction, occ, passing)
            cands = scan.collect(cr, regex_hits.get(ri), det_hits.get(ri))
            if cands:
                collected.append((cr, cands))
        if collected:
            assert scan is not None
            scan.all_spans = sorted({(c[0], c[1]) for _, cands in collected for c in cands})
            rank = _SEV_RANK[direction]
            for cr, cands in collected:
                if scan.finalize(cr, cands, findings):
                    cleared = max(cleared, rank[cr.rule.severity[direction]])
        return self._result(text, net, direction, findings, views.words, cleared)

    def _scan_leet(self, index: _DirIndex, words: str, occ: dict[int, list[Span]]) -> int:
        """Add the spans of the de-leeted words view to ``occ``; return the marks of its hits."""
        seen: dict[int, set[Span]] = {}  # per slot, the spans it already has (made when first needed)
        marks = 0
        for end, (a, b, slots, hit_marks) in index.automaton.iter(words):
            marks |= hit_marks
            span = (end - a, end - b)
            for sl in slots:
                have = seen.get(sl)
                if have is None:
                    have = seen[sl] = set(occ.get(sl, ()))
                if span not in have:
                    have.add(span)
                    occ.setdefault(sl, []).append(span)
        return marks

    def _scan_collapsed(self, index: _DirIndex, collapsed: Collapsed, occ: dict[int, list[Span]]) -> int:
        """Add the spans of the letter-joined words view to ``occ``; return the marks of its hits."""
        seen: dict[int, set[Span]] = {}  # per slot, the spans it already has (made when first needed)
        marks = 0
        for end, (a, b, slots, hit_marks) in index.automaton.iter(collapsed.words):
            marks |= hit_marks
            s_w = end - a + 1  # first character of the phrase in collapsed coordinates (pad excluded)
            e_w = end - b + 1
            span = collapsed.to_folded(s_w, e_w)
            for sl in slots:
                have = seen.get(sl)
                if have is None:
                    have = seen[sl] = set(occ.get(sl, ()))
                if span not in have:
                    have.add(span)
                    occ.setdefault(sl, []).append(span)
        return marks

    def _result(
        self, text: str, net: str, direction: str, findings: list[Finding], words: str, cleared: int = 0
    ) -> ScreenResult:
        """The verdict, categories and disclosures of ``findings``; the learned stage may then raise the verdict
        unless the rules cleared a match of higher severity (``cleared``: its rank) for its context: its bag of
        words cannot read a negation, a quotation or a warning."""
        if not findings:  # most texts: nothing to rank, sort or attach
            if self.learned is not None and not cleared:
                found = self.learned.escalate(text, words, direction, self._screened[direction])
                if found is not None:
                    return self._escalated(text, net, direction, findings, found, set(), [])
            # tuple.__new__ skips the NamedTuple's Python-level __new__ (same object, a third of the cost)
            length = self._measure(text, net)
            return _new_tuple(
                ScreenResult, (DEFAULT_VERDICT[direction], ["none"], findings, length, self.version, [], direction)
            )
        rank = _SEV_RANK[direction]
        top = 0
        cats: set[str] = set()
        disclosures: set[str] = set()
        for f in findings:
            r = rank[f.severity]
            if r > 0:
                cats.add(f.category)
                if r > top:
                    top = r
        if findings:
            findings.sort(key=_FINDING_ORDER)
            disc = self._disclosures
            for f in findings:
                if rank[f.severity] > 0:
                    d = disc[f.rule]
                    if d:
                        disclosures.update(d)
        verdict = VERDICTS[direction][SEVERITIES[direction][top]] if top else DEFAULT_VERDICT[direction]
        if self.learned is not None and cleared <= top < _TOP_RANK:  # not rejected / a complaint, nor cleared
            found = self.learned.escalate(text, words, direction, self._screened[direction], verdict)
            if found is not None:
                return self._escalated(text, net, direction, findings, found, cats, sorted(disclosures))
        categories = sorted(cats) if cats else ["none"]
        length = self._measure(text, net)
        return _new_tuple(
            ScreenResult, (verdict, categories, findings, length, self.version, sorted(disclosures), direction)
        )

    def _escalated(
        self,
        text: str,
        net: str,
        direction: str,
        findings: list[Finding],
        found: Finding,
        categories: set[str],
        disclosures: list[str],
    ) -> ScreenResult:
        """The result of a text the learned stage escalated: its finding joins the rules' findings, its severity
        is the verdict and its category joins the rules' ``categories`` (none when they said approve / ok)."""
        findings.append(found)
        findings.sort(key=_FINDING_ORDER)
        verdict = VERDICTS[direction][found.severity]
        length = self._measure(text, net)
        cats = sorted(categories | {found.category})
        return _new_tuple(ScreenResult, (verdict, cats, findings, length, self.version, disclosures, direction))

    def _measure(self, text: str, net: str) -> _length.LengthReport:
        """``length.measure_default(text, net)``.  On X an ASCII text without a URL counts its characters (what
        measure_default computes): its report is kept here per length, which spares two calls and a key."""
        if net == "x" and text.isascii() and ("." not in text or _URL_HINT.search(text) is None):
            report = self._x_plain_reports.get(len(text))
            if report is None:
                report = _length.measure_default(text, net)
                if len(self._x_plain_reports) < 4096:
                    self._x_plain_reports[len(text)] = report
            return report
        return _length.measure_default(text, net)

    def ruleset_rule(self, rule_id: str) -> Rule:
        rules = self._by_id()
        return rules[rule_id]

    def _by_id(self) -> dict[str, Rule]:
        cache = getattr(self, "_rule_cache", None)
        if cache is None:
            cache = {r.id: r for r in self.ruleset.rules}
            self._rule_cache = cache
        return cache


_DEFAULT_ENGINE: Engine | None = None


def default_engine() -> Engine:
    """The shipped baseline compiled once per process.  The compiled objects live as long as the process, so they
    are frozen out of the garbage collector's generations (gc.freeze()): later collections no longer walk them
    (nor whatever the process had loaded before, such as Django), which keeps the long-lived screeners (the
    ``check`` command, ``screen()``) from paying for them."""
    global _DEFAULT_ENGINE
    if _DEFAULT_ENGINE is None:
        _DEFAULT_ENGINE = Engine(RuleSet.load_default())
        gc.freeze()
    return _DEFAULT_ENGINE


def screen(text: str, network: str, direction: str = "outgoing") -> ScreenResult:
    """Screen ``text`` with the shipped baseline rule set (the engine is compiled once and cached)."""
    return default_engine().screen(text, network, direction)

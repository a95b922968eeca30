"""Per-text scanning state: occurrences per slot, memoised detectors, contexts (negation, quotation,
warnings), proximity clauses, exceptions and the findings of each rule."""

from __future__ import annotations

import re
from bisect import bisect_right
from operator import itemgetter
from typing import TYPE_CHECKING

from .compiled import _CExc, _CNear, _CRule
from .detectors import DETECTORS, DetectorConfig, Span
from .normalize import Views
from .results import Finding

if TYPE_CHECKING:
    from .engine import Engine

NEGATION_WINDOW = 6  # words between a negation cue and the match it negates
# Per rule and text, at most this many findings are reported (and proximity matches examined 5x as many):
# past that a finding adds nothing to the verdict, and it keeps a 1 MB text well under a second.
MAX_FINDINGS_PER_RULE = 200
_CLAUSE_BREAK = re.compile(r"[;:!?()\[\]\"\n]|\.(?!\d)|,(?!\d)| - ")
_BREAK_WORDS = frozenset({"but", "however", "although", "though", "yet", "except", "whereas", "unless"})
_LIST_SEP = re.compile(r"^[\s,/&]*(?:(?:or|and|nor|ni|ou|o|y|et)\b[\s,]*)?$")
_HARD_NEGATORS = frozenset({"not", "no", "never", "isnt", "arent", "wasnt", "aint", "nothing", "none"})
_WORD_START = re.compile(r"(?<!\S)\S")
_QUOTE_OR_NEWLINE = re.compile(r'["\n]')
# A phrase in single quotes on one line ("'Can't lose' is the most expensive phrase in finance"): the opening quote
# follows no letter and precedes one, the closing one follows a non-space and precedes no letter, and an
# apostrophe between letters ("can't") stays inside.
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'(?=\w)(?:[^'\n]|(?<=\w)'(?=\w)){1,80}?(?<=\S)'(?!\w)")
# Single quotes mark a phrase mentioned, not used, only when short: a post that names a claim to warn about it
# quotes a few words ('risk-free', 'SEC certified'); one that quotes a client's praise or a result quotes a
# sentence ('up 18% this year and I didn't panic once!'), and that is the claim itself.  Outgoing only: an
# inbound message in single quotes is mostly a customer quoting what they were told, the evidence of a complaint.
_MENTION_WORDS = 4
# "[!?\n]+|\.(?![\w.])" written to start with a character class, which lets the regex engine skip ahead to the
# next candidate character instead of trying both branches at every position (same matches, half the time).  The
# dot of an initialism ("u.s.", "e.g.", "p.m.") or of a title ("mr.", "dr.") ends no sentence: "backed by the U.S.
# Treasury" is one clause.
_SENTENCE_BREAK = re.compile(
    r"[!?\n.](?:(?<=[!?\n])[!?\n]*|(?<=\.)(?<!\.[a-z]\.)(?<!\bmr\.)(?<!\bmrs\.)(?<!\bms\.)(?<!\bdr\.)(?<!\bst\.)"
    r"(?<!\bvs\.)(?<!\bjr\.)(?<!\bsr\.)(?![\w.]))"
)
# A list item line: "1." / "2)", a bullet or a dash.  Under a heading that says what the writer never does ("Three
# things I never do:") or that names a warning ("Signs of investment fraud:"), every item is read in that context.
_LIST_ITEM = re.compile(r"[ \t]*(?:\d{1,2}[.)]|[•●▪◦·*→✗✘❌🚫⛔✖-]|[–—](?=\s))")
_HEADING_WORDS = 12
_FIRST_PERSON = frozenset({"i", "we", "i'll", "we'll", "i'd", "we'd", "i've", "we've", "i'm", "we're"})
# The writer's own conduct: "Things I never do:", "What we won't say:".  "Why I don't lose sleep:" heads claims.
_CONDUCT_VERBS = frozenset(
    {
        "do",
        "say",
        "promise",
        "guarantee",
        "use",
        "text",
        "post",
        "give",
        "offer",
        "ask",
        "share",
        "accept",
        "take",
        "sell",
        "recommend",
        "charge",
        "pitch",
        "touch",
        "call",
        "send",
        "discuss",
        "talk",
        "tell",
        "make",
        "put",
    }
)
# A question answered no ("Guaranteed returns? No."): the question names a claim to deny it.
_ANSWER_NO = re.compile(
    r"\s*(?:no+|nope|never|of course not|absolutely not|not a chance|not at all|not really)\s*(?:[.!,;:\n]|$)"
)
_START_END = itemgetter(0, 1)
_new_tuple = tuple.__new__
_END = itemgetter(1)
_INF = 1 << 62


def _window(spans: list[Span], lo: int, hi: int) -> list[Span]:
    """The spans (sorted by start) that start in [lo, hi]."""
    if len(spans) < 16:
        return spans
    return spans[bisect_right(spans, (lo, -1)) : bisect_right(spans, (hi, 1 << 62))]


class _Scan:
    """Per-text state: occurrences, memoised detectors and context look-ups."""

    __slots__ = (
        "_all_starts",
        "_cue_starts",
        "_cues",
        "_det",
        "_exc_regex",
        "_headings",
        "_neg_cache",
        "_quotes",
        "_rx_spans",
        "_sent",
        "_sorted",
        "_warn_text",
        "_wpos",
        "all_spans",
        "direction",
        "engine",
        "folded",
        "occ",
        "passing",
        "text",
        "views",
    )

    def __init__(self, engine: Engine, views: Views, direction: str, occ: dict[int, list[Span]], passing: int) -> None:
        self.engine = engine
        self.views = views
        self.folded = views.folded
        self.text = views.text
        self.direction = direction
        self.occ = occ
        self.passing = passing  # the gates that pass on this text, as bits (GateIndex.passing_marks)
        self._det: dict[str, list[Span]] = {}
        self._cues: list[Span] | None = None
        self._sent: list[int] | None = None
        self._quotes: list[Span] | None = None
        self._warn_text: bool | None = None
        self._headings: dict[int, Span | None] = {}
        self._exc_regex: dict[int, list[Span]] = {}
        self._rx_spans: dict[re.Pattern[str], list[Span]] = {}
        self.all_spans: list[Span] = []
        self._neg_cache: dict[Span, bool] = {}
        self._wpos: list[int] | None = None
        self._cue_starts: list[int] = []
        self._all_starts: list[int] | None = None
        self._sorted: dict[int, tuple[list[Span], list[int]]] = {}

    # DetectorContext protocol
    def to_folded(self, pos: int) -> int:
        fm = self.views.fold_map
        if fm is None:
            return pos
        # inverse of the fold map: smallest folded index whose source start is >= pos
        lo, hi = 0, len(self.folded)
        while lo < hi:
            mid = (lo + hi) // 2
            if fm.start(mid) < pos:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def config(self) -> DetectorConfig:
        return self.engine._config

    def cannot_fill(self, detectors: tuple[tuple[str, int], ...]) -> bool:
        """Whether none of these detectors can find anything in the text: each one's own gate (its bit, see
        compiled.gate_bit; "no gate" always passes) fails, or it already ran and found nothing."""
        det = self._det
        passing = self.passing
        for name, bit in detectors:  # noqa: SIM110 (a plain loop: all() over a generator costs more here)
            if passing & bit and det.get(name) != []:
                return False
        return True

    def detect(self, name: str) -> list[Span]:
        hit = self._det.get(name)
        if hit is None:
            hit = DETECTORS[name](self)
            self._det[name] = hit
        return hit

    # -- contexts -------------------------------------------------------------------------------------------
    def _spans(self, slot: int) -> list[Span]:
        return self.occ.get(slot) or []

    def cues(self) -> list[Span]:
        """Negation cues (sorted by start), minus those inside a blocker ("don't miss", "no doubt")."""
        if self._cues is None:
            neg = self.occ.get(self.engine._slot_neg)
            cues = sorted(neg) if neg else []
            if cues:
                blocks = self._spans(self.engine._slot_block)
                if blocks:
                    blocked = set()
                    for bs, be in blocks:
                        for c in _window(cues, bs, be):
                            if bs <= c[0] and c[1] <= be:
                                blocked.add(c)
                    cues = [c for c in cues if c not in blocked]
            self._cues = cues
            self._cue_starts = [c[0] for c in cues]
        return self._cues

    def sentence_ends(self) -> list[int]:
        """End offsets of the text's sentence breaks, sorted (computed once per text)."""
        if self._sent is None:
            self._sent = [m.end() for m in _SENTENCE_BREAK.finditer(self.folded)]
        return self._sent

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.sentence_ends(), pos)

    def quote_regions(self) -> list[Span]:
        if self._quotes is None:
            regions: list[Span] = []
            f = self.folded
            if '"' in f:
                start = -1
                for m in _QUOTE_OR_NEWLINE.finditer(f):
                    i = m.start()
                    if f[i] == '"':
                        if start < 0:
                            start = i
                        else:
                            regions.append((start, i + 1))
                            start = -1
                    else:  # quotations do not run across lines
                        start = -1
            if "'" in f and self.direction == "outgoing":
                single = [m.span() for m in _SINGLE_QUOTED.finditer(f) if len(m.group().split()) <= _MENTION_WORDS]
                if single:
                    # quoted() reads the last region starting before a match, so a phrase in single quotes inside
                    # a double-quoted passage would hide the passage: such a phrase is left out
                    regions += [(s, e) for s, e in single if not any(a <= s and e <= b for a, b in regions)]
                    regions.sort()
            self._quotes = regions
        return self._quotes

    def _clause_gap_ok(self, a: int, b: int) -> bool:
        """True when folded[a:b] stays inside one clause and spans at most NEGATION_WINDOW words."""
        if b - a > 80:
            return False
        gap = self.folded[a:b]
        if _CLAUSE_BREAK.search(gap):
            return False
        words = gap.split()
        return len(words) <= NEGATION_WINDOW and not (_BREAK_WORDS.intersection(words))

    def negated(self, s: int, e: int, parts: list[Span] | None) -> bool:
        cues = self.cues()
        if not cues:
            return False
        lo = bisect_right(self._cue_starts, s - 90)
        hi = bisect_right(self._cue_starts, e)
        for cs, ce in cues[lo:hi]:
            if ce <= s:
                if self._clause_gap_ok(ce, s):
                    return True
            elif parts is not None and cs >= s and ce <= e:
                if any(ps <= cs < pe for ps, pe in parts):
                    continue
                nxt = min((ps for ps, _ in parts if ps >= ce), default=None)
                if nxt is not None and self._clause_gap_ok(ce, nxt):
                    return True
        return self._answered_no(s) or self._heading_negated(s)

    def list_heading(self, pos: int) -> Span | None:
        """The heading of the list whose item holds ``pos``: the nearest line above the item's run of items (blank
        lines allowed) that is no item itself, when it is short and ends with a colon."""
        f = self.folded
        start = f.rfind("\n", 0, pos) + 1
        if start in self._headings:
            return self._headings[start]
        heading: Span | None = None
        if start and _LIST_ITEM.match(f, start):
            end = start - 1
            for _ in range(30):
                a = f.rfind("\n", 0, end) + 1
                line = f[a:end]
                if line.strip() and not _LIST_ITEM.match(line):
                    line = line.rstrip()
                    if line.endswith(":") and len(line.split()) <= _HEADING_WORDS:
                        heading = (a, a + len(line))
                    break
                if a == 0:
                    break
                end = a - 1
        self._headings[start] = heading
        return heading

    def _heading_negated(self, pos: int) -> bool:
        """An item under "Three things I never do:" / "What we won't do:": the writer's own negation of their
        own conduct heads the list.  "What the banks won't tell you:" and "Why I don't lose sleep:" head claims."""
        heading = self.list_heading(pos)
        if heading is None:
            return False
        a, b = heading
        f = self.folded
        for cs, ce in self.cues():
            if a <= cs < b and _FIRST_PERSON.intersection(f[a:cs].split()[-3:]):
                after = [w for w in f[ce:b].replace(",", " ").replace(":", " ").split() if w != "ever"]
                if after and after[0] in _CONDUCT_VERBS:
                    return True
        return False

    def _question_end(self, pos: int) -> int:
        """The end of the sentence holding ``pos`` when it is a question, else -1."""
        lo, hi = self.sentence_bounds(pos)
        return hi if self.folded[lo:hi].rstrip("!\n ").endswith("?") else -1

    def _answered_no(self, pos: int) -> bool:
        end = self._question_end(pos)
        return end >= 0 and _ANSWER_NO.match(self.folded, end) is not None

    def negated_in_list(self, s: int, e: int, parts: list[Span] | None) -> bool:
        """Negation, carried along a list of matches: in "never on WhatsApp, Telegram or Signal" the cue
        reaches every item, whichever rule each item belongs to."""
        key = (s, e)
        cached = self._neg_cache.get(key)
        if cached is not None:
            return cached
        self._neg_cache[key] = False  # guards against cycles while this span is being decided
        result = self.negated(s, e, parts)
        if not result:
            f = self.folded
            if self._all_starts is None:
                self._all_starts = [x[0] for x in self.all_spans]
            spans = self.all_spans
            for i in range(bisect_right(self._all_starts, s - 200), len(spans)):
                cs, ce = spans[i]
                if cs >= s:
                    break
                if (
                    ce <= s
                    and s - ce <= 12
                    and (cs, ce) != key
                    and _LIST_SEP.match(f[ce:s])
                    and self.negated_in_list(cs, ce, None)
                ):
                    result = True
                    break
        self._neg_cache[key] = result
        return result

    def quoted(self, s: int, e: int) -> bool:
        regions = self.quote_regions()
        if not regions:
            return False
        i = bisect_right(regions, (s, 1 << 62)) - 1
        return i >= 0 and regions[i][0] <= s and e <= regions[i][1]

    def _warning_denied(self, a: int) -> bool:
        """ "not a scam", "no red flags": a warning cue directly denied by a plain negator."""
        before = self.folded[max(0, a - 20) : a].split()[-2:]
        return any(w.replace("'", "").replace("’", "") in _HARD_NEGATORS for w in before)

    def warned(self, s: int, e: int) -> bool:
        if self._warn_text is None:
            slot = self.engine._slot_warn_text
            self._warn_text = slot in self.occ and any(not self._warning_denied(a) for a, _ in self.occ[slot])
        if self._warn_text:
            return True
        if self.engine._slot_warn_sentence not in self.occ:
            return False
        lo, hi = self.sentence_bounds(s)
        if self.direction == "outgoing" and self._claim_asked(s, e, lo, hi):
            # a claim asked about, then warned against: "Risk-free? That's a red flag." (the two sentences after
            # the question, or after a run of questions)
            answers = 0
            for _ in range(6):
                if hi > len(self.folded) or answers == 2:
                    break
                if self._question_end(hi) < 0:
                    answers += 1
                hi = self.sentence_bounds(hi)[1]
        if self._warned_in(lo, hi):
            return True
        heading = self.list_heading(s)
        return heading is not None and self._warned_in(*heading)

    def _claim_asked(self, s: int, e: int, lo: int, hi: int) -> bool:
        """Whether the sentence [lo, hi) is a question that is little more than the match ("Risk-free?", "Can't go
        down, only up?"): a post asking its readers about a claim.  A longer question asks about a topic
        ("Stablecoins for school fees back home?"), which a warning after it does not clear."""
        question = self.folded[lo:hi].rstrip("!\n ")
        if not question.endswith("?"):
            return False
        return len(question.split()) <= len(self.folded[s:e].split()) + 2

    def _warned_in(self, lo: int, hi: int) -> bool:
        for a, _ in self._sorted_window(self.engine._slot_warn_sentence, lo, hi):
            if lo <= a < hi and not self._warning_denied(a):
                return True
        return False

    def sentence_bounds(self, pos: int) -> Span:
        self.sentence_of(pos)
        assert self._sent is not None
        k = bisect_right(self._sent, pos)
        lo = self._sent[k - 1] if k > 0 else 0
        hi = self._sent[k] if k < len(self._sent) else len(self.folded) + 1
        return lo, hi

    def _sorted_window(self, slot: int, lo: int, hi: int) -> list[Span]:
        """Occurrences of ``slot`` starting in [lo - 200, hi): sorted once per text, then bisected."""
        entry = self._sorted.get(slot)
        if entry is None:
            spans = sorted(self._spans(slot))
            entry = (spans, [x[0] for x in spans])
            self._sorted[slot] = entry
        spans, starts = entry
        return spans[bisect_right(starts, lo - 200) : bisect_right(starts, hi)]

    def gap_words(self, x: Span, y: Span) -> int:
        """Words strictly between two spans (0 when they touch or overlap)."""
        if x[1] <= y[0]:
            a, b = x[1], y[0]
        elif y[1] <= x[0]:
            a, b = y[1], x[0]
        else:
            return 0
        if b - a <= 1:
            return 0
        if b - a < 160:
            return len(self.folded[a:b].split())
        # long gaps: count from precomputed word starts instead of splitting a large slice
        if self._wpos is None:
            self._wpos = [m.start() for m in _WORD_START.finditer(self.folded)]
        return bisect_right(self._wpos, b - 1) - bisect_right(self._wpos, a)

    # -- rule evaluation ------------------------------------------------------------------------------------
    def _near(self, n: _CNear) -> list[tuple[int, int, list[Span]]]:
        occ = self.occ
        for sl in n.required_slots:
            if sl not in occ:
                return []
        passing = self.passing
        if passing & n.gate_mask != n.gate_mask:
            return []
        groups: list[list[Span]] = []
        for g in n.groups:
            spans = occ.get(g.slot) or [] if g.slot >= 0 else []
            if not spans:
                if not g.detectors:
                    return []
                # no phrase of the group and none of its detectors can fire: no need to run them
                if not passing & g.gate_bit:  # (no gate: bit 0, which always passes)
                    return []
            groups.append(spans)
        # Run detector groups cheapest first, so an empty cheap group spares the costly ones; and the groups that
        # no phrase filled before those that already hold spans (only an empty group can end the clause).
        filled: list[int] = []
        for i in n.detector_order:
            if groups[i]:
                filled.append(i)  # its phrases matched: its detectors can only add spans
                continue
            for d in n.groups[i].detectors:
                groups[i] = groups[i] + self.detect(d)
            if not groups[i]:
                return []
        for i in filled:
            for d in n.groups[i].detectors:
                groups[i] = groups[i] + self.detect(d)
        out: list[tuple[int, int, list[Span]]] = []
        within = n.within
        far = 25 * (within + 1)
        if not n.ordered:
            # anchor on the smallest group (the first of equals): fewer anchors to walk, same matches
            k = 0
            smallest = len(groups[0])
            for i in range(1, len(groups)):
                if len(groups[i]) < smallest:
                    k, smallest = i, len(groups[i])
            if k:
                groups = [groups[k], *groups[:k], *groups[k + 1 :]]
        if len(groups) == 2:  # most clauses: the loop below for one anchor and one other part, unrolled
            return self._near_pair(groups[0], sorted(groups[1]), within, n.ordered, n.same_sentence)
        # the other groups sorted; bisected on the spans themselves ((start, _INF) follows every span starting at
        # or before start), which spares building a list of starts per group
        rest = [sorted(spans) for spans in groups[1:]]
        ordered = n.ordered
        # sentence ends, for the same-sentence test (bisected inline: this loop is the hot part of a clause); found
        # only once a pair is near enough to need the test, as most clauses that get here find none
        same_sentence = n.same_sentence
        sent: list[int] | None = None
        gap_words = self.gap_words
        for examined, a in enumerate(groups[0]):
            if examined >= 25 * MAX_FINDINGS_PER_RULE:
                break
            chosen = [a]
            prev = a
            ok = True
            for spans in rest:
                best: Span | None = None
                best_gap = within + 1
                lo = bisect_right(spans, (min(a[0], prev[0]) - far - 60, _INF))
                hi = bisect_right(spans, (max(a[1], prev[1]) + far, _INF))
                for b in spans[lo:hi]:
                    overlaps = False
                    for c in chosen:  # a plain loop: any() over a generator costs more for one or two parts
                        if b[0] < c[1] and c[0] < b[1]:
                            overlaps = True
                            break
                    if overlaps:
                        continue
                    if ordered:
                        ref = prev
                        if b[0] < ref[1]:
                            continue
                    else:
                        ref = a
                    # cheap rejection of pairs too far apart in characters to be within the word limit
                    if b[0] - ref[1] > far or ref[0] - b[1] > far:
                        continue
                    gap = gap_words(ref, b)
                    if gap < best_gap:
                        if same_sentence:
                            if sent is None:
                                sent = self.sentence_ends()
                            if bisect_right(sent, ref[0]) != bisect_right(sent, b[0]):
                                continue
                        best, best_gap = b, gap
                if best is None:
                    ok = False
                    break
                chosen.append(best)
                prev = best
            if ok:
                # min() of the spans is the one starting first (tuples compare by start first)
                out.append((min(chosen)[0], max(map(_END, chosen)), chosen))
                if len(out) >= 5 * MAX_FINDINGS_PER_RULE:
                    break
        return out

    def _near_pair(
        self, anchors: list[Span], others: list[Span], within: int, ordered: bool, same_sentence: bool
    ) -> list[tuple[int, int, list[Span]]]:
        """The matches of a two-group clause: what the general loop of :meth:`_near` finds when ``rest`` holds one
        group (``others``, sorted), with the anchor as the only part chosen so far (so ``prev`` is the anchor)."""
        out: list[tuple[int, int, list[Span]]] = []
        far = 25 * (within + 1)
        folded = self.folded
        gap_words = self.gap_words
        for examined, a in enumerate(anchors):
            if examined >= 25 * MAX_FINDINGS_PER_RULE:
                break
            a0, a1 = a
            best: Span | None = None
            best_gap = within + 1
            lo = bisect_right(others, (a0 - far - 60, _INF))
            hi = bisect_right(others, (a1 + far, _INF))
            for b in others[lo:hi]:
                b0, b1 = b
                if b0 < a1 and a0 < b1:
                    continue  # overlaps the anchor
                if ordered and b0 < a1:
                    continue
                # cheap rejection of pairs too far apart in characters to be within the word limit
                if b0 - a1 > far or a0 - b1 > far:
                    continue
                gap = gap_words(a, b)
                if gap < best_gap:
                    if same_sentence:
                        # a sentence break ends between the two starts (as the bisects of _near on sentence_ends()):
                        # the first break ending after the earlier start is the one a search from there finds, so
                        # one search answers when the text's breaks are not listed yet (most texts test one pair)
                        sent = self._sent
                        if sent is not None:
                            if bisect_right(sent, a0) != bisect_right(sent, b0):
                                continue
                        else:
                            lo, hi = (a0, b0) if a0 <= b0 else (b0, a0)
                            brk = _SENTENCE_BREAK.search(folded, lo)
                            if brk is not None and brk.end() <= hi:
                                continue
                    best, best_gap = b, gap
            if best is not None:
                # as min(chosen)[0] and max of the ends in _near
                out.append((a0 if a <= best else best[0], a1 if a1 >= best[1] else best[1], [a, best]))
                if len(out) >= 5 * MAX_FINDINGS_PER_RULE:
                    break
        return out

    def _exception_spans(self, exc: _CExc) -> list[Span]:
        """All occurrences of an exception's phrases and regexes, sorted (cached per text)."""
        key = id(exc)
        cached = self._exc_regex.get(key)
        if cached is None:
            spans = list(self._spans(exc.slot)) if exc.slot >= 0 else []
            for rx in exc.regexes:
                # per pattern: rules share exception regexes (an accurate "CD" mention downgrades nine of them)
                found = self._rx_spans.get(rx)
                if found is None:
                    found = self._rx_spans[rx] = [m.span() for m in rx.finditer(self.folded)]
                spans.extend(found)
            cached = sorted(spans)
            self._exc_regex[key] = cached
        return cached

    def collect(
        self, cr: _CRule, regex_spans: list[Span] | None, det_spans: list[Span] | None
    ) -> list[tuple[int, int, list[Span] | None]]:
        cands: list[tuple[int, int, list[Span] | None]] = []
        # list comprehensions: cheaper than generators for the few spans a rule has
        if cr.phrase_slot >= 0:
            v = self.occ.get(cr.phrase_slot)
            if v:
                cands.extend([(s, e, None) for s, e in v])
        if regex_spans:
            cands.extend([(s, e, None) for s, e in regex_spans])
        if det_spans:
            cands.extend([(s, e, None) for s, e in det_spans])
        for n in cr.near:
            cands.extend(self._near(n))
        cands.sort(key=_START_END)
        return cands

    def finalize(self, cr: _CRule, cands: list[tuple[int, int, list[Span] | None]], out: list[Finding]) -> bool:
        """Add the rule's findings among ``cands`` to ``out``.  True when the rule matched but its context (a
        negation, quotation or warning) or an exception left no finding at its own severity: the rules read
        the text and cleared it, which the learned stage must not overrule."""
        kept: list[tuple[int, int, list[Span] | None]] = []
        # Without a negation cue or a quotation in the text no match can be negated or quoted: skip the tests.
        ignore_negation = cr.ignore_negation and bool(self.cues())
        ignore_quotation = cr.ignore_quotation and bool(self.quote_regions())
        for s, e, parts in cands:
            if len(kept) >= MAX_FINDINGS_PER_RULE:
                break
            if ignore_negation and self.negated_in_list(s, e, parts):
                continue
            if ignore_quotation and (
                self.quoted(s, e) or (parts is not None and any(self.quoted(a, b) for a, b in parts))
            ):
                # a proximity match with a quoted part cites the claim ('I never say "you can't lose"')
                continue
            if cr.ignore_warning and self.warned(s, e):
                continue
            kept.append((s, e, parts))
        if not kept:
            return True
        rule = cr.rule
        direction = self.direction
        base_sev = rule.severity[direction]
        seen: set[Span] = set()
        occ = self.occ
        fold_map = self.views.fold_map  # None: folded offsets are the original's (Views.to_original)
        cleared = True
        for s, e, _parts in kept:
            if (s, e) in seen:
                continue
            seen.add((s, e))
            sev: str | None = base_sev
            for exc in cr.exceptions:
                if not exc.regexes and exc.slot not in occ:
                    continue  # none of its phrases is in the text (the usual case): nothing to look up
                spans = self._exception_spans(exc)
                if not spans:
                    continue
                if exc.scope == "text":
                    hit = True
                elif exc.scope == "match":
                    hit = any(a < e and s < b for a, b in _window(spans, s - 400, e))
                else:
                    lo, hi = self.sentence_bounds(s)
                    hit = any(lo <= a < hi for a, _ in _window(spans, lo - 1, hi))
                if hit:
                    sev = exc.severity[direction] if exc.severity is not None else None
                    break
            if sev is None:
                continue
            if sev == base_sev:
                cleared = False
            os_, oe = (s, e) if fold_map is None else self.views.to_original(s, e)
            # tuple.__new__ skips the NamedTuple's Python-level __new__ (same object)
            out.append(_new_tuple(Finding, (rule.id, rule.category, sev, os_, oe, self.text[os_:oe], rule.rationale)))
        return cleared

"""Compiled forms of rules: what the engine builds once from a rule set and the scanner reads per text."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from .ruleset import Rule

# Substrings one of which must be in the folded text: (keys tested directly, (words-view slot, key) pairs
# tested only when the phrase automaton saw the key's words form).  See Engine._gate.
Gate = tuple[tuple[str, ...], tuple[tuple[int, str], ...]]
# A proximity group with both phrases and gated detectors: (its phrases' slot, its gate id, and per detector
# (name, that detector's own gate id)).
Either = tuple[int, int, tuple[tuple[str, int], ...]]
# What runs when a gate passes: ((rule, regex pattern) ..., (rule, detector, fewest ASCII digits it needs to find
# anything) ..., the gated rules it lets through as bits, rule i as bit i).  See _DirIndex.gate_jobs.
Jobs = tuple[tuple[tuple[int, re.Pattern[str]], ...], tuple[tuple[int, str, int], ...], int]
# Slot every words-view gate key also marks: when it is absent (most texts) no worded key needs a look-up.
ANY_WORD_GATE = -99
# Words-view gate keys get slots WORD_GATE_BASE, WORD_GATE_BASE - 1, ... (below every other slot).
WORD_GATE_BASE = -100


def gate_passes(gate: Gate, folded: str, occ: dict[int, list[tuple[int, int]]]) -> bool:
    """Whether one of the gate's substrings is in ``folded`` (see :meth:`Engine._gate`).  Plain loops: this
    runs several times per text, where a generator costs more than the tests."""
    direct, worded = gate
    for k in direct:
        if k in folded:
            return True
    if ANY_WORD_GATE not in occ:
        return False
    for slot, k in worded:  # noqa: SIM110
        if slot in occ and k in folded:
            return True
    return False


def gate_bit(gid: int) -> int:
    """The bit of gate ``gid`` in a text's passing gates as one int (GateIndex.passing_marks): gate g is bit g + 1,
    and "no gate" (-1) is bit 0, which every text's passing bits hold, so "no gate or a passing one" is one test."""
    return 1 << (gid + 1)


def gate_mask(gids: Iterable[int]) -> int:
    mask = 0
    for gid in gids:
        mask |= gate_bit(gid)
    return mask


def gate_bits_fail(detectors: tuple[tuple[str, int], ...], passing: int) -> bool:
    """:func:`gates_fail` with each detector's gate as its bit (gate_bit) and the passing gates as bits."""
    for _name, bit in detectors:  # noqa: SIM110 (a plain loop: all() over a generator costs more here)
        if passing & bit:
            return False
    return True


def gates_fail(detectors: tuple[tuple[str, int], ...], passing: set[int]) -> bool:
    """Whether none of these detectors can find anything in a text where none of them ran yet: each one's own
    gate (an id of the engine's gate table, -1 for none) failed.  See _Scan.cannot_fill for the later case."""
    for _name, gid in detectors:  # noqa: SIM110 (a plain loop: all() over a generator costs more here)
        if gid < 0 or gid in passing:
            return False
    return True


class GateIndex:
    """Every gate one direction uses, evaluated together once per text (see :meth:`passing`).

    Testing each gate in turn costs a Python loop per gate for every text; here the text's bytes are filtered
    in C down to the characters that start some gate key, and only the gates keyed on a character that is
    there (or on a words-view slot the phrase pass marked) are looked at.  The answer for every gate is the one
    :func:`gate_passes` gives."""

    __slots__ = (
        "_any_bit",
        "_by_byte",
        "_by_byte_bits",
        "_delete",
        "_worded",
        "_worded_bits",
        "_worded_mask",
        "_worded_slots",
    )

    def __init__(self, gates: dict[int, Gate], slot_bit: Callable[[int], int] | None = None) -> None:
        # per first byte: ids of the gates a one-character key there passes on its own, and longer keys (each with
        # the ids of every gate that holds it, so that a text tests each key once)
        single: dict[int, set[int]] = {}
        longer: dict[int, dict[str, list[int]]] = {}
        worded: dict[int, dict[str, list[int]]] = {}
        for gid, (direct, words) in gates.items():
            for k in direct:
                # A longer key is filed under its first symbol when it has one ("rt @" under "@"): letters are
                # in nearly every text, symbols in few, so the key is then rarely looked at.
                c = next((ch for ch in k if not ch.isalnum() and ch != " "), k[0])
                if c.isascii():
                    # a one-character key passes on its character alone; a longer one needs a look
                    if len(k) == 1:
                        single.setdefault(ord(c), set()).add(gid)
                    else:
                        longer.setdefault(ord(c), {}).setdefault(k, []).append(gid)
                else:
                    # a non-ASCII key under the first byte of its UTF-8 form ("€" under 0xE2), always looked at
                    longer.setdefault(c.encode("utf-8")[0], {}).setdefault(k, []).append(gid)
            for slot, k in words:
                worded.setdefault(slot, {}).setdefault(k, []).append(gid)
        self._by_byte = {
            b: (
                frozenset(single.get(b, ())),
                tuple((k, tuple(gids)) for k, gids in longer.get(b, {}).items()),
            )
            for b in {*single, *longer}
        }
        self._delete = bytes(b for b in range(256) if b not in self._by_byte)
        # the same with every set of gate ids as their bits (gate_bit), for passing_marks
        self._by_byte_bits = {
            b: (gate_mask(single), tuple((k, gate_mask(gids)) for k, gids in longer))
            for b, (single, longer) in self._by_byte.items()
        }
        self._worded = {slot: tuple((k, tuple(gids)) for k, gids in keys.items()) for slot, keys in worded.items()}
        self._worded_slots = frozenset(worded)
        # the same keyed by each slot's bit in a text's marks (see Engine._slot_bit and passing_marks)
        self._any_bit = slot_bit(ANY_WORD_GATE) if slot_bit is not None else 0
        self._worded_bits = (
            {slot_bit(slot): tuple((k, gate_mask(gids)) for k, gids in keys) for slot, keys in self._worded.items()}
            if slot_bit is not None
            else {}
        )
        self._worded_mask = sum(self._worded_bits)

    def gate_ids(self) -> set[int]:
        """Every gate this index evaluates."""
        out: set[int] = set()
        for single, longer in self._by_byte.values():
            out |= single
            for _k, gids in longer:
                out.update(gids)
        for keys in self._worded.values():
            for _k, gids in keys:
                out.update(gids)
        return out

    def passing(self, folded: str, occ: Collection[int]) -> tuple[set[int], bytes]:
        """Ids of the gates one of whose substrings is in ``folded``, and ``folded`` as UTF-8 (for callers that
        count bytes in it).  ``occ`` holds the slots the phrase pass marked."""
        out, data = self._passing_direct(folded)
        if ANY_WORD_GATE in occ:
            worded = self._worded
            for slot in self._worded_slots.intersection(occ):
                for k, gids in worded[slot]:
                    if k in folded:
                        out.update(gids)
        return out, data

    def passing_marks(self, folded: str, marks: int) -> tuple[int, bytes]:
        """:meth:`passing` as bits (gate_bit; bit 0, "no gate", always set) for a text whose marked slots are the
        bits of ``marks`` (Engine._slot_bit), and ``folded`` as UTF-8.  The direct keys are tested as in
        _passing_direct (inline: this runs for every text)."""
        out = 1
        data = folded.encode("ascii") if folded.isascii() else folded.encode("utf-8", "surrogatepass")
        by_byte = self._by_byte_bits
        for b in set(data.translate(None, self._delete)):
            single, longer = by_byte[b]
            out |= single
            for k, gids in longer:
                if k in folded:
                    out |= gids
        if marks & self._any_bit:
            present = marks & self._worded_mask
            worded = self._worded_bits
            while present:
                bit = present & -present  # the lowest marked worded slot
                present ^= bit
                for k, gids in worded[bit]:
                    if k in folded:
                        out |= gids
        return out, data

    def _passing_direct(self, folded: str) -> tuple[set[int], bytes]:
        """The gates that pass on a directly tested key, and ``folded`` as UTF-8."""
        out: set[int] = set()
        data = folded.encode("ascii") if folded.isascii() else folded.encode("utf-8", "surrogatepass")
        by_byte = self._by_byte
        for b in set(data.translate(None, self._delete)):
            single, longer = by_byte[b]
            if single:
                out |= single
            for k, gids in longer:
                if k in folded:
                    out.update(gids)
        return out, data


@dataclass(slots=True)
class _CGroup:
    tids: tuple[int, ...]
    detectors: tuple[str, ...]
    # substrings one of which must be in the folded text for any of the detectors to fire; None when one of
    # them has no gate (or the group has no detector)
    gate: Gate | None = None
    slot: int = -1
    gate_id: int = -1  # the gate's id in the engine's gate table (-1: no gate)
    gate_bit: int = 1  # gate_bit(gate_id)


@dataclass(slots=True)
class _CNear:
    groups: list[_CGroup]
    gates: tuple[Gate, ...]  # per detector-only group: substrings one of which must be present
    detector_order: tuple[int, ...]  # indexes of groups with detectors, cheapest first
    within: int
    ordered: bool
    same_sentence: bool
    context: tuple[int, ...]
    context_slot: int = -1
    gate_ids: tuple[int, ...] = ()  # ids of ``gates``
    gate_mask: int = 0  # their bits (gate_bit)
    # slots that must all be marked for the clause to match: its phrase-only groups and its context terms
    required_slots: tuple[int, ...] = ()
    # groups with both phrases and gated detectors (see Either): the slot must be marked, or the gate pass and
    # one of the detectors still be able to find something
    either: tuple[Either, ...] = ()


@dataclass(slots=True)
class _CExc:
    tids: tuple[int, ...]
    regexes: tuple[re.Pattern[str], ...]
    scope: str
    severity: dict[str, str] | None
    slot: int = -1


@dataclass(slots=True)
class _CRule:
    index: int
    rule: Rule
    phrase_tids: tuple[int, ...]
    near: list[_CNear]
    exceptions: list[_CExc]
    networks: frozenset[str]
    ignore_negation: bool
    ignore_quotation: bool
    ignore_warning: bool
    phrase_slot: int = -1
    phrase_bit: int = 0  # the phrase slot's bit in a text's marks (Engine._slot_bit; 0: no phrases)
    # Per proximity clause: what it needs before it can match (see _CNear: required slots, gate ids, either
    # pairs).  A rule whose phrases, regexes and detectors found nothing is skipped unless one clause has it.
    # (sets, so that a text tests each with one C-level comparison against its marked slots and passing gates)
    clause_needs: tuple[tuple[frozenset[int], frozenset[int], tuple[Either, ...]], ...] = ()
    # The same as bits, which screen() tests with integer operations: (required slots' bits in a text's marks
    # (Engine._slot_bit), the gates' bits (gate_bit), either triples of the slot's bit, the gate's bit and per
    # detector its gate's bit).
    clause_bits: tuple[tuple[int, int, tuple[Either, ...]], ...] = ()


@dataclass(slots=True)
class _DirIndex:
    automaton: Any  # key -> (start offset, end offset, slots, rules triggered)
    always: tuple[int, ...]  # rules with only detector-driven near clauses
    # Standalone regex patterns and detectors, filed by the id of the gate that must pass before they run (-1: no
    # gate, always run; always present).  Per text only the passing gates' entries are looked at, so the common
    # text that passes none costs a few look-ups instead of a test per pattern.  Regexes run one by one: with a
    # handful of gated patterns that beats one combined alternation scanned over every text.
    # gate id -> ((rule, regex pattern) ..., (rule, detector, fewest ASCII digits it needs to find anything) ...,
    # the gated rules the gate lets through as bits, rule i as bit i: see gated_rules).  The same keyed by the gate's
    # bit (gate_bit) is in jobs_by_bit, and job_mask holds the bits of the gates other than -1 that have jobs.
    gate_jobs: dict[int, Jobs]
    gates: GateIndex  # every gate the direction's rules use
    # Rules that can match only through proximity clauses each needing some gate to pass (a figure, a link); the
    # rules each gate can let through are in gate_jobs.  A text drops such a rule with bit arithmetic, before any
    # per-rule test, unless one of the gates it passes lets the rule through.
    gated_rules: frozenset[int] = frozenset()
    always_bits: int = 0  # ``always`` as bits (rule i is bit i): a text's candidate rules are one int
    jobs_by_bit: dict[int, Jobs] = field(default_factory=dict)
    job_mask: int = 0
    gated_bits: int = 0  # ``gated_rules`` as bits
    # Gates used only by case-sensitive detectors (engine.CASE_GATES), with the substrings one of which the
    # original text must hold: when the folded text passes such a gate but the original holds none of them, the
    # gate is dropped from the passing set, and every job, clause and group it guards is skipped as for a text
    # that failed it.
    case_gates: tuple[tuple[int, tuple[str, ...]], ...] = ()

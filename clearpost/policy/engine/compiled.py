"""Compiled forms of rules: what the engine builds once from a rule set and the scanner reads per text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .ruleset import Rule

# Substrings one of which must be in the folded text: (keys tested directly, (words-view slot, key) pairs
# tested only when the phrase automaton saw the key's words form).  See Engine._gate.
Gate = tuple[tuple[str, ...], tuple[tuple[int, str], ...]]
# A proximity group with both phrases and gated detectors: (its phrases' slot, its gate id, and per detector
# (name, that detector's own gate id)).
Either = tuple[int, int, tuple[tuple[str, int], ...]]
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

    __slots__ = ("_by_byte", "_delete", "_worded", "_worded_slots")

    def __init__(self, gates: dict[int, Gate]) -> None:
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
        self._worded = {slot: tuple((k, tuple(gids)) for k, gids in keys.items()) for slot, keys in worded.items()}
        self._worded_slots = frozenset(worded)

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

    def passing(self, folded: str, occ: dict[int, list[tuple[int, int]]]) -> tuple[set[int], bytes]:
        """Ids of the gates one of whose substrings is in ``folded``, and ``folded`` as UTF-8 (for callers that
        count bytes in it)."""
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
        if ANY_WORD_GATE in occ:
            worded = self._worded
            for slot in self._worded_slots.intersection(occ):
                for k, gids in worded[slot]:
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
    # Per proximity clause: what it needs before it can match (see _CNear: required slots, gate ids, either
    # pairs).  A rule whose phrases, regexes and detectors found nothing is skipped unless one clause has it.
    # (sets, so that a text tests each with one C-level comparison against its marked slots and passing gates)
    clause_needs: tuple[tuple[frozenset[int], frozenset[int], tuple[Either, ...]], ...] = ()


@dataclass(slots=True)
class _DirIndex:
    automaton: Any  # key -> (start offset, end offset, slots, rules triggered)
    always: tuple[int, ...]  # rules with only detector-driven near clauses
    # Standalone regex patterns and detectors, filed by the id of the gate that must pass before they run (-1: no
    # gate, always run; always present).  Per text only the passing gates' entries are looked at, so the common
    # text that passes none costs a few look-ups instead of a test per pattern.  Regexes run one by one: with a
    # handful of gated patterns that beats one combined alternation scanned over every text.
    # gate id -> ((rule, regex pattern) ..., (rule, detector, fewest ASCII digits it needs to find anything) ...,
    # the gated rules the gate lets through: see gated_rules)
    gate_jobs: dict[
        int, tuple[tuple[tuple[int, re.Pattern[str]], ...], tuple[tuple[int, str, int], ...], frozenset[int]]
    ]
    gates: GateIndex  # every gate the direction's rules use
    # Rules that can match only through proximity clauses each needing some gate to pass (a figure, a link); the
    # rules each gate can let through are in gate_jobs.  A text drops such a rule with set arithmetic, before any
    # per-rule test, unless one of the gates it passes lets the rule through.
    gated_rules: frozenset[int] = frozenset()
    # Gates used only by case-sensitive detectors (engine.CASE_GATES), with the substrings one of which the
    # original text must hold: when the folded text passes such a gate but the original holds none of them, the
    # gate is dropped from the passing set, and every job, clause and group it guards is skipped as for a text
    # that failed it.
    case_gates: tuple[tuple[int, tuple[str, ...]], ...] = ()

"""Compiled forms of rules: what the engine builds once from a rule set and the scanner reads per text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .ruleset import Rule

# Substrings one of which must be in the folded text: (keys tested directly, (words-view slot, key) pairs
# tested only when the phrase automaton saw the key's words form).  See Engine._gate.
Gate = tuple[tuple[str, ...], tuple[tuple[int, str], ...]]
# Slot every words-view gate key also marks: when it is absent (most texts) no worded key needs a look-up.
ANY_WORD_GATE = -99


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


@dataclass(slots=True)
class _CGroup:
    tids: tuple[int, ...]
    detectors: tuple[str, ...]
    # substrings one of which must be in the folded text for any of the detectors to fire; None when one of
    # them has no gate (or the group has no detector)
    gate: Gate | None = None
    slot: int = -1


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
    # When the rule has only proximity clauses each needing a detector group with a substring gate: the
    # gates of each clause (the rule can match only if every gate of some clause passes).  None otherwise.
    clause_gates: tuple[tuple[Gate, ...], ...] | None = None


@dataclass(slots=True)
class _DirIndex:
    automaton: Any  # key -> (start offset, end offset, slots, rules triggered)
    # standalone detector patterns: (rule, detector, gate substrings or None when the detector has no gate)
    detector_rules: list[tuple[int, str, Gate | None]]
    always: tuple[int, ...]  # rules with only detector-driven near clauses
    # Regex patterns run one by one, each only when one of its "requires" substrings is in the text: with a
    # handful of gated patterns that beats one combined alternation scanned over every text.
    regexes: list[tuple[int, re.Pattern[str], Gate | None]]

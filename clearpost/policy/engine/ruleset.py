"""Rule sets: the data the engine runs, their validation, canonical form and version.

The format is documented in ``docs/policy-rules.md``.  A rule set is plain JSON; ``RuleSet`` validates it
once, keeps an immutable canonical copy, and derives ``version`` from the canonical JSON so that two
equal rule sets always have the same version whatever their key order or whitespace.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .detectors import DETECTOR_NAMES
from .errors import RuleSetError
from .vocabulary import CATEGORIES, DIRECTIONS, EXCEPTION_SCOPES, IGNORE_CONTEXTS, NETWORKS, SEVERITIES

FORMAT = 1
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,79}$")
_SLOT_RE = re.compile(r"\{([a-z0-9_]+)\}")
_DISCLOSURE_RE = re.compile(r"^[a-z0-9_]{1,40}$")
# Nested quantifiers such as (a+)+ or (\w*)* can backtrack catastrophically; refuse them.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:\)|\?\))[+*{]")
_MAX_EXPANSION = 20_000

_TOP_KEYS = {"format", "name", "description", "vocab", "spellings", "fuzzy", "contexts", "domains", "rules"}
_CONTEXT_KEYS = {"negation", "negation_blockers", "warning_sentence", "warning_text"}
_DOMAIN_KEYS = {"allowed", "third_party", "personal_email", "firm"}
_RULE_KEYS = {
    "id",
    "category",
    "severity",
    "directions",
    "networks",
    "phrases",
    "regexes",
    "near",
    "detectors",
    "exceptions",
    "ignore_in",
    "disclosures",
    "rationale",
}
_NEAR_KEYS = {"terms", "within", "ordered", "same_sentence", "context"}
_EXC_KEYS = {"phrases", "regexes", "scope", "severity"}
_REGEX_KEYS = {"pattern", "requires"}


@dataclass(frozen=True, slots=True)
class Regex:
    pattern: str
    requires: tuple[str, ...]  # substrings of the folded text, any of which must be present to run it


@dataclass(frozen=True, slots=True)
class Group:
    phrases: tuple[str, ...]  # expanded phrases
    detectors: tuple[str, ...]  # "@name" references, without the "@"


@dataclass(frozen=True, slots=True)
class Near:
    groups: tuple[Group, ...]
    within: int
    ordered: bool
    same_sentence: bool
    context: tuple[str, ...]  # expanded phrases of which one must occur anywhere in the text


@dataclass(frozen=True, slots=True)
class Exception_:
    phrases: tuple[str, ...]
    regexes: tuple[str, ...]
    scope: str
    severity: dict[str, str] | None  # per direction; None = suppress the match


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    severity: dict[str, str]  # direction -> severity
    directions: tuple[str, ...]
    networks: tuple[str, ...]
    phrases: tuple[str, ...]
    regexes: tuple[Regex, ...]
    near: tuple[Near, ...]
    detectors: tuple[str, ...]
    exceptions: tuple[Exception_, ...]
    ignore_in: frozenset[str]
    disclosures: tuple[str, ...]
    rationale: str


def _err(where: str, field: str, msg: str) -> RuleSetError:
    return RuleSetError(f"{where}: field {field!r}: {msg}")


def _str_list(value: Any, where: str, field: str, *, allow_empty: bool = True) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(where, field, "must be a list of strings")
    if not allow_empty and not value:
        raise _err(where, field, "must not be empty")
    for v in value:
        if not v.strip():
            raise _err(where, field, "contains an empty string")
    return value


class _Expander:
    """Expands "{slot}" references in phrases from the rule set's vocabularies (recursively)."""

    def __init__(self, vocab: dict[str, list[str]]) -> None:
        self.vocab = vocab
        self._cache: dict[str, tuple[str, ...]] = {}

    def expand(self, phrase: str, where: str, field: str, _depth: int = 0) -> tuple[str, ...]:
        if "{" not in phrase:
            return (phrase,)
        if _depth > 4:
            raise _err(where, field, f"vocabulary references nest too deeply in {phrase!r}")
        parts = _SLOT_RE.split(phrase)
        choices: list[tuple[str, ...]] = []
        for i, part in enumerate(parts):
            if i % 2 == 0:
                if "{" in part or "}" in part:
                    raise _err(where, field, f"malformed slot in {phrase!r}")
                choices.append((part,))
            else:
                if part not in self.vocab:
                    raise _err(where, field, f"unknown vocabulary {part!r} in {phrase!r}")
                choices.append(self._vocab(part, where, field, _depth))
        total = 1
        for c in choices:
            total *= len(c)
        if total > _MAX_EXPANSION:
            raise _err(where, field, f"{phrase!r} expands to {total} phrases (limit {_MAX_EXPANSION})")
        return tuple("".join(p) for p in itertools.product(*choices))

    def _vocab(self, name: str, where: str, field: str, depth: int) -> tuple[str, ...]:
        if name not in self._cache:
            out: list[str] = []
            for entry in self.vocab[name]:
                out.extend(self.expand(entry, f"vocab {name!r}", "entries", depth + 1))
            self._cache[name] = tuple(dict.fromkeys(out))
        return self._cache[name]

    def expand_all(self, phrases: list[str], where: str, field: str) -> tuple[str, ...]:
        out: list[str] = []
        for p in phrases:
            out.extend(self.expand(p, where, field))
        return tuple(dict.fromkeys(out))


def _check_regex(pattern: str, where: str, field: str) -> None:
    if _NESTED_QUANTIFIER.search(pattern):
        raise _err(
            where, field, f"regex {pattern!r} has a nested quantifier (catastrophic backtracking risk)"
        )
    try:
        re.compile(pattern)
    except re.error as exc:
        raise _err(where, field, f"invalid regex {pattern!r}: {exc}") from None


def _parse_regexes(value: Any, where: str, field: str) -> tuple[Regex, ...]:
    if not isinstance(value, list):
        raise _err(where, field, "must be a list")
    out: list[Regex] = []
    for item in value:
        if isinstance(item, str):
            pattern, requires = item, []
        elif isinstance(item, dict):
            extra = set(item) - _REGEX_KEYS
            if extra:
                raise _err(where, field, f"unknown keys {sorted(extra)}")
            raw_pattern = item.get("pattern")
            if not isinstance(raw_pattern, str) or not raw_pattern:
                raise _err(where, field, "each regex needs a non-empty 'pattern'")
            pattern = raw_pattern
            requires = _str_list(item.get("requires", []), where, f"{field}.requires")
        else:
            raise _err(where, field, "each regex is a string or an object with 'pattern'")
        _check_regex(pattern, where, field)
        out.append(Regex(pattern, tuple(r.lower() for r in requires)))
    return tuple(out)


def _parse_group(value: Any, exp: _Expander, where: str, field: str) -> Group:
    items = _str_list(value, where, field, allow_empty=False)
    detectors = []
    phrases = []
    for item in items:
        if item.startswith("@"):
            if item[1:] not in DETECTOR_NAMES:
                raise _err(where, field, f"unknown detector {item!r}; known: {sorted(DETECTOR_NAMES)}")
            detectors.append(item[1:])
        else:
            phrases.append(item)
    return Group(exp.expand_all(phrases, where, field), tuple(detectors))


def _parse_severity(value: Any, directions: tuple[str, ...], where: str) -> dict[str, str]:
    if isinstance(value, str):
        sev = {d: value for d in directions}
    elif isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        sev = dict(value)
        missing = [d for d in directions if d not in sev]
        if missing:
            raise _err(where, "severity", f"no severity for direction(s) {missing}")
        extra = [d for d in sev if d not in directions]
        if extra:
            raise _err(where, "severity", f"severity given for direction(s) {extra} not in 'directions'")
    else:
        raise _err(where, "severity", "must be a string or an object {direction: severity}")
    for d, s in sev.items():
        if s not in SEVERITIES[d]:
            raise _err(
                where, "severity", f"{s!r} is not a valid {d} severity; expected one of {SEVERITIES[d]}"
            )
    return sev


def _parse_rule(raw: Any, exp: _Expander, index: int) -> Rule:
    if not isinstance(raw, dict):
        raise RuleSetError(f"rules[{index}]: must be an object")
    rid = raw.get("id")
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        raise RuleSetError(f"rules[{index}]: field 'id': must match {_ID_RE.pattern} (got {rid!r})")
    where = f"rule {rid!r}"
    extra = set(raw) - _RULE_KEYS
    if extra:
        raise _err(where, sorted(extra)[0], "unknown field")
    category = raw.get("category")
    if category not in CATEGORIES:
        raise _err(where, "category", f"{category!r} is not one of {CATEGORIES}")
    directions = tuple(_str_list(raw.get("directions"), where, "directions", allow_empty=False))
    for d in directions:
        if d not in DIRECTIONS:
            raise _err(where, "directions", f"{d!r} is not one of {DIRECTIONS}")
    severity = _parse_severity(raw.get("severity"), directions, where)
    if severity.get("inbound") == "complaint" and category != "complaint":
        raise _err(where, "severity", "inbound severity 'complaint' is reserved for category 'complaint'")
    networks = tuple(_str_list(raw.get("networks", list(NETWORKS)), where, "networks", allow_empty=False))
    for n in networks:
        if n not in NETWORKS:
            raise _err(where, "networks", f"{n!r} is not one of {NETWORKS}")
    phrases = exp.expand_all(_str_list(raw.get("phrases", []), where, "phrases"), where, "phrases")
    regexes = _parse_regexes(raw.get("regexes", []), where, "regexes")
    near_raw = raw.get("near", [])
    if not isinstance(near_raw, list):
        raise _err(where, "near", "must be a list")
    near: list[Near] = []
    for i, nr in enumerate(near_raw):
        f = f"near[{i}]"
        if not isinstance(nr, dict):
            raise _err(where, f, "must be an object")
        extra = set(nr) - _NEAR_KEYS
        if extra:
            raise _err(where, f, f"unknown keys {sorted(extra)}")
        terms = nr.get("terms")
        if not isinstance(terms, list) or not 2 <= len(terms) <= 4:
            raise _err(where, f"{f}.terms", "must be a list of 2 to 4 term groups")
        groups = tuple(_parse_group(g, exp, where, f"{f}.terms[{j}]") for j, g in enumerate(terms))
        within = nr.get("within", 5)
        if not isinstance(within, int) or isinstance(within, bool) or not 0 <= within <= 200:
            raise _err(where, f"{f}.within", "must be an integer from 0 to 200 (words)")
        ordered = nr.get("ordered", False)
        same_sentence = nr.get("same_sentence", False)
        if not isinstance(ordered, bool) or not isinstance(same_sentence, bool):
            raise _err(where, f, "'ordered' and 'same_sentence' must be booleans")
        context = exp.expand_all(
            _str_list(nr.get("context", []), where, f"{f}.context"), where, f"{f}.context"
        )
        near.append(Near(groups, within, ordered, same_sentence, context))
    detectors = tuple(_str_list(raw.get("detectors", []), where, "detectors"))
    for d in detectors:
        if d not in DETECTOR_NAMES:
            raise _err(where, "detectors", f"unknown detector {d!r}; known: {sorted(DETECTOR_NAMES)}")
    if not (phrases or regexes or near or detectors):
        raise _err(where, "phrases", "a rule needs at least one of phrases, regexes, near or detectors")
    exc_raw = raw.get("exceptions", [])
    if not isinstance(exc_raw, list):
        raise _err(where, "exceptions", "must be a list")
    exceptions: list[Exception_] = []
    for i, er in enumerate(exc_raw):
        f = f"exceptions[{i}]"
        if not isinstance(er, dict):
            raise _err(where, f, "must be an object")
        extra = set(er) - _EXC_KEYS
        if extra:
            raise _err(where, f, f"unknown keys {sorted(extra)}")
        ephr = exp.expand_all(_str_list(er.get("phrases", []), where, f"{f}.phrases"), where, f"{f}.phrases")
        eregs = tuple(_str_list(er.get("regexes", []), where, f"{f}.regexes"))
        for p in eregs:
            _check_regex(p, where, f"{f}.regexes")
        if not ephr and not eregs:
            raise _err(where, f, "an exception needs phrases or regexes")
        scope = er.get("scope", "sentence")
        if scope not in EXCEPTION_SCOPES:
            raise _err(where, f"{f}.scope", f"{scope!r} is not one of {EXCEPTION_SCOPES}")
        esev = er.get("severity")
        esev_map = _parse_severity(esev, directions, f"{where} {f}") if esev is not None else None
        exceptions.append(Exception_(ephr, eregs, scope, esev_map))
    ignore_in = _str_list(raw.get("ignore_in", []), where, "ignore_in")
    for c in ignore_in:
        if c not in IGNORE_CONTEXTS:
            raise _err(where, "ignore_in", f"{c!r} is not one of {IGNORE_CONTEXTS}")
    disclosures = _str_list(raw.get("disclosures", []), where, "disclosures")
    for d in disclosures:
        if not _DISCLOSURE_RE.match(d):
            raise _err(where, "disclosures", f"{d!r} is not a valid disclosure id")
    rationale = raw.get("rationale")
    if not isinstance(rationale, str) or len(rationale.strip()) < 10:
        raise _err(
            where, "rationale", "must explain the rule and cite the regulation (at least 10 characters)"
        )
    return Rule(
        id=rid,
        category=category,
        severity=severity,
        directions=directions,
        networks=networks,
        phrases=phrases,
        regexes=regexes,
        near=tuple(near),
        detectors=detectors,
        exceptions=tuple(exceptions),
        ignore_in=frozenset(ignore_in),
        disclosures=tuple(disclosures),
        rationale=rationale.strip(),
    )


class RuleSet:
    """A validated, immutable rule set.  ``version`` is ``sha256:<hex>`` of its canonical JSON."""

    __slots__ = (
        "_canonical",
        "_data",
        "contexts",
        "domains",
        "fuzzy",
        "name",
        "rules",
        "spellings",
        "version",
        "vocab",
    )

    def __init__(self, data: dict[str, Any]) -> None:
        if not isinstance(data, dict):
            raise RuleSetError("rule set: must be a JSON object")
        extra = set(data) - _TOP_KEYS
        if extra:
            raise RuleSetError(f"rule set: unknown top-level field {sorted(extra)[0]!r}")
        if data.get("format") != FORMAT:
            raise RuleSetError(f"rule set: field 'format': must be {FORMAT} (got {data.get('format')!r})")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise RuleSetError("rule set: field 'name': must be a non-empty string")
        if not isinstance(data.get("description", ""), str):
            raise RuleSetError("rule set: field 'description': must be a string")
        vocab_raw = data.get("vocab", {})
        if not isinstance(vocab_raw, dict):
            raise RuleSetError("rule set: field 'vocab': must be an object of lists")
        vocab: dict[str, list[str]] = {}
        for k, v in vocab_raw.items():
            if not re.match(r"^[a-z0-9_]+$", k):
                raise RuleSetError(f"rule set: field 'vocab': invalid name {k!r}")
            vocab[k] = _str_list(v, f"vocab {k!r}", "entries", allow_empty=False)
        exp = _Expander(vocab)
        spellings_raw = data.get("spellings", {})
        if not isinstance(spellings_raw, dict):
            raise RuleSetError("rule set: field 'spellings': must be an object {word: [variants]}")
        spellings: dict[str, tuple[str, ...]] = {}
        for k, v in spellings_raw.items():
            spellings[k] = tuple(_str_list(v, f"spellings {k!r}", "variants", allow_empty=False))
        fuzzy = tuple(_str_list(data.get("fuzzy", []), "rule set", "fuzzy"))
        ctx_raw = data.get("contexts", {})
        if not isinstance(ctx_raw, dict) or set(ctx_raw) - _CONTEXT_KEYS:
            raise RuleSetError(
                f"rule set: field 'contexts': must be an object with keys {sorted(_CONTEXT_KEYS)}"
            )
        contexts = {
            k: exp.expand_all(_str_list(ctx_raw.get(k, []), "contexts", k), "contexts", k)
            for k in _CONTEXT_KEYS
        }
        dom_raw = data.get("domains", {})
        if not isinstance(dom_raw, dict) or set(dom_raw) - _DOMAIN_KEYS:
            raise RuleSetError(
                f"rule set: field 'domains': must be an object with keys {sorted(_DOMAIN_KEYS)}"
            )
        domains = {
            k: tuple(d.lower().strip() for d in _str_list(dom_raw.get(k, []), "domains", k))
            for k in _DOMAIN_KEYS
        }
        rules_raw = data.get("rules")
        if not isinstance(rules_raw, list) or not rules_raw:
            raise RuleSetError("rule set: field 'rules': must be a non-empty list")
        rules = tuple(_parse_rule(r, exp, i) for i, r in enumerate(rules_raw))
        seen: set[str] = set()
        for r in rules:
            if r.id in seen:
                raise RuleSetError(f"rule {r.id!r}: field 'id': duplicate rule id")
            seen.add(r.id)
        self._data = copy.deepcopy(data)
        self._canonical = json.dumps(self._data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        self.version = "sha256:" + hashlib.sha256(self._canonical.encode("utf-8")).hexdigest()
        self.name = name
        self.rules = rules
        self.vocab = vocab
        self.spellings = spellings
        self.fuzzy = fuzzy
        self.contexts = contexts
        self.domains = domains

    # -- construction -------------------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleSet:
        return cls(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> RuleSet:
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise RuleSetError(f"rule set: not valid JSON: {exc}") from None
        return cls(data)

    @classmethod
    def load_default(cls) -> RuleSet:
        """The shipped baseline for US broker-dealers and investment advisers."""
        return _default()

    # -- export -------------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def to_json(self, *, indent: int | None = None) -> str:
        if indent is None:
            return self._canonical
        return json.dumps(self._data, sort_keys=True, indent=indent, ensure_ascii=False)

    def phrase_count(self) -> int:
        """Distinct phrases the rules match (after template expansion), exceptions excluded."""
        out: set[str] = set()
        for r in self.rules:
            out.update(r.phrases)
            for n in r.near:
                for g in n.groups:
                    out.update(g.phrases)
        return len(out)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleSet) and other.version == self.version

    def __hash__(self) -> int:
        return hash(self.version)

    def __repr__(self) -> str:
        return f"<RuleSet {self.name!r} rules={len(self.rules)} {self.version[:19]}>"


_DEFAULT: RuleSet | None = None


def _default() -> RuleSet:
    global _DEFAULT
    if _DEFAULT is None:
        raw = (
            resources.files(__package__)
            .joinpath("data")
            .joinpath("baseline.json")
            .read_text(encoding="utf-8")
        )
        _DEFAULT = RuleSet.from_json(raw)
    return _DEFAULT

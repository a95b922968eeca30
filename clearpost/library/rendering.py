"""Filling an item's template at share time: placeholders, the advisor's note, and the disclosures, measured the
way the network counts. Pure functions over plain values (no database), so previews and shares agree exactly."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clearpost.policy.engine.disclosures import DEFAULT_DISCLOSURES, fit_disclosures

ADVISOR_PLACEHOLDERS = frozenset({"advisor_name", "advisor_first_name", "branch"})
MARKET_PLACEHOLDERS = frozenset({"index_name", "index_points", "index_pct", "index_level"})
PLACEHOLDERS = ADVISOR_PLACEHOLDERS | MARKET_PLACEHOLDERS
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# How the note is set apart from the item: X is tight, elsewhere a blank line.
_NOTE_SEPARATOR = {"x": "\n", "linkedin": "\n\n", "mastodon": "\n\n"}


class TemplateError(ValueError):
    pass


def placeholders_in(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def check_template(text: str, *, has_trigger: bool) -> None:
    """Unknown placeholders, or market figures on an item no market event can fill, are authoring errors."""
    names = placeholders_in(text)
    unknown = names - PLACEHOLDERS
    if unknown:
        raise TemplateError(f"unknown placeholder(s): {', '.join('{' + n + '}' for n in sorted(unknown))}; "
                            f"allowed: {', '.join('{' + n + '}' for n in sorted(PLACEHOLDERS))}")
    if names & MARKET_PLACEHOLDERS and not has_trigger:
        raise TemplateError("market figures ({index_…}) need the item to be linked to an event rule")


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace known placeholders; braces that are not placeholders stay as written."""

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in PLACEHOLDERS:
            if name not in values:
                raise TemplateError(f"no value for {{{name}}} at share time")
            return str(values[name])
        return match.group(0)

    return _PLACEHOLDER.sub(repl, text)


def place_note(body: str, note: str, position: str, network: str) -> str:
    note = note.strip()
    if not note:
        return body
    separator = _NOTE_SEPARATOR.get(network, "\n\n")
    return f"{note}{separator}{body}" if position == "before" else f"{body}{separator}{note}"


@dataclass(frozen=True)
class Rendered:
    """What will be published on one network: the exact text, its length there, and the disclosure forms."""

    network: str
    text: str
    length: dict[str, Any]
    forms: dict[str, str]

    @property
    def fits(self) -> bool:
        return bool(self.length.get("fits"))


def render(*, template: str, values: Mapping[str, str], note: str, note_position: str, network: str,
           disclosure_ids: Sequence[str], disclosure_url: str) -> Rendered:
    body = fill(template, values)
    text = place_note(body, note, note_position, network)
    disclosures = [DEFAULT_DISCLOSURES[d] for d in disclosure_ids if d in DEFAULT_DISCLOSURES]
    fitted = fit_disclosures(text, network, disclosures, disclosure_url=disclosure_url)
    return Rendered(network, fitted.text, fitted.length.to_dict(), dict(fitted.forms))

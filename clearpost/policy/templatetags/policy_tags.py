from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def highlight_findings(text: str, findings: list[dict[str, Any]]) -> SafeString:
    """The text with every finding's span marked and its rationale as a tooltip; overlapping spans merge."""
    spans = sorted((f["start"], f["end"], f) for f in findings if 0 <= f["start"] < f["end"] <= len(text))
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(spans):
        start, end, first = spans[i]
        group = [first]
        i += 1
        while i < len(spans) and spans[i][0] < end:
            end = max(end, spans[i][1])
            group.append(spans[i][2])
            i += 1
        start = max(start, pos)
        out.append(escape(text[pos:start]))
        title = "; ".join(f"{f['rule']} ({f['category']}): {f.get('rationale', '')}" for f in group)
        severity = max((f["severity"] for f in group), key=lambda s: s in {"reject", "complaint"})
        out.append(f'<mark class="finding sev-{escape(severity)}" title="{escape(title)}">'
                   f"{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped

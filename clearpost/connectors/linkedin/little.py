"""LinkedIn's "little" text format: these characters are markup, and an unescaped one makes LinkedIn cut the
commentary there without an error. Escaping every one with a backslash keeps the text whole."""

from __future__ import annotations

RESERVED = frozenset("\\|{}@[]()<>#*_~")


def little_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in RESERVED else c for c in text)


def little_unescape(commentary: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(commentary):
        if commentary[i] == "\\" and i + 1 < len(commentary) and commentary[i + 1] in RESERVED:
            out.append(commentary[i + 1])
            i += 2
        else:
            out.append(commentary[i])
            i += 1
    return "".join(out)

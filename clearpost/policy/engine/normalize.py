"""Offset-keeping text normalisation for the policy engine.

Two views of a text are built, both mappable back to the original string:

* ``folded`` (F): NFKC, case folding, diacritics stripped, look-alike letters (Cyrillic, Greek) mapped to
  Latin, typographic quotes and dashes mapped to ASCII, invisible characters removed, a few emoji
  stand-ins spelled out.  Punctuation and digits are kept, so detectors see "15%" and "$10k" intact.
* ``words`` (W): ``" " + F + " "`` with every non-word character turned into a space and leetspeak
  digits/symbols turned into letters.  It is the view phrases are matched on: since every phrase key is
  padded with spaces, a match in W is a whole-word match, including for accented letters.

W has the same length as F (plus one pad character at each end), so F offsets are W offsets minus one.
F differs in length from the original only when a character expands or vanishes; then an offset map is
kept.  Obfuscations that change length inside W (spaced letters such as ``g u a r a n t e e d``) are
handled by :func:`collapse_spaced`, which returns a second words view with its own map into F.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator

# Characters removed outright: zero-width and other invisible format characters, variation selectors.
_INVISIBLE = {
    0x00AD,
    0x034F,
    0x061C,
    0x115F,
    0x1160,
    0x17B4,
    0x17B5,
    0x180B,
    0x180C,
    0x180D,
    0x180E,
    0x180F,
    0x200B,
    0x200C,
    0x200D,
    0x200E,
    0x200F,
    0x202A,
    0x202B,
    0x202C,
    0x202D,
    0x202E,
    0x2060,
    0x2061,
    0x2062,
    0x2063,
    0x2064,
    0x2066,
    0x2067,
    0x2068,
    0x2069,
    0x206A,
    0x206B,
    0x206C,
    0x206D,
    0x206E,
    0x206F,
    0x3164,
    0xFEFF,
    0xFFA0,
}
_INVISIBLE.update(range(0xFE00, 0xFE10))
_INVISIBLE.update(range(0xE0100, 0xE01F0))
_INVISIBLE.update(range(0xE0000, 0xE0080))  # tag characters

# Typographic punctuation mapped to ASCII so phrases and quotation detection see one form.
_PUNCT = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "\u02bb": "'",  # the okina and the Uzbek "oʻ": written for an apostrophe as often as not
    "\u02bd": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u300c": '"',
    "\u300d": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\ufe58": "-",
    "\ufe63": "-",
    "\uff0d": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\u2028": "\n",
    "\u2029": "\n",
    "\u0085": "\n",
    "\t": " ",
    "\r": "\n",
    # NFKC spells these "TM" / "SM" glued to the word before them ("Guaranteed™" -> "guaranteedtm"), which hides
    # that word from every phrase: a space instead (one character for one, so no offset map is needed).
    "\u2122": " ",
    "\u2120": " ",
}

# Look-alike letters from other scripts (after case folding) mapped to the Latin letter they imitate.
_CONFUSABLES = {
    # Cyrillic
    "а": "a",
    "б": "b",
    "в": "b",
    "г": "r",
    "е": "e",
    "ё": "e",
    "з": "3",
    "и": "u",
    "к": "k",
    "л": "n",
    "м": "m",
    "н": "h",
    "о": "o",
    "п": "n",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ц": "u",
    "ч": "4",
    "ш": "w",
    "ь": "b",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ү": "y",
    "ӏ": "l",
    "ɡ": "g",
    "ո": "n",
    "ս": "u",
    "օ": "o",
    "ց": "g",
    "զ": "q",
    # Greek
    "α": "a",
    "β": "b",
    "γ": "y",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "n",
    "θ": "o",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "u",
    "ν": "v",
    "ξ": "e",
    "ο": "o",
    "π": "n",
    "ρ": "p",
    "σ": "o",
    "ς": "c",
    "τ": "t",
    "υ": "u",
    "φ": "o",
    "χ": "x",
    "ψ": "w",
    "ω": "w",
    "ϲ": "c",
    "ϳ": "j",
    # Latin look-alikes outside ASCII
    "ı": "i",
    "ȷ": "j",
    "ℓ": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ł": "l",
    "ŧ": "t",
    "ƀ": "b",
    "ɑ": "a",
    "ɩ": "i",
    "ʋ": "u",
    "ʏ": "y",
    "ᴀ": "a",
    "ʙ": "b",
    "ᴄ": "c",
    "ᴅ": "d",
    "ᴇ": "e",
    "ɢ": "g",
    "ʜ": "h",
    "ɪ": "i",
    "ᴊ": "j",
    "ᴋ": "k",
    "ʟ": "l",
    "ᴍ": "m",
    "ɴ": "n",
    "ᴏ": "o",
    "ᴘ": "p",
    "ʀ": "r",
    "ᴛ": "t",
    "ᴜ": "u",
    "ᴠ": "v",
    "ᴡ": "w",
    "ᴢ": "z",
    "ꜱ": "s",
    "æ": "ae",
    "œ": "oe",
}
# Cherokee and Lisu capitals that pass for Latin ones (case folding leaves both scripts alone).
_CONFUSABLES.update(zip("ᎪᏴᏟᎠᎬᏀᎻᎥᎫᏦᏞᎷᏢᎡᏚᎢᏙᏔᏃᎩ", "abcdeghijklmprstvwzy", strict=True))
_CONFUSABLES.update(zip("ꓮꓐꓚꓓꓰꓝꓖꓧꓲꓙꓗꓡꓟꓠꓳꓑꓣꓢꓔꓴꓦꓪꓫꓬꓜ", "abcdefghijklmnoprstuvwxyz", strict=True))

# Spelling variants of one letter within a script, folded so that a phrase matches however it was typed: Arabic
# and Persian keyboards give different code points for yeh and kaf, and hamza seats on alef are often left out.
# The Arabic percent sign and separators read as their ASCII forms (digits of every script fold to ASCII below).
_SCRIPT_VARIANTS = {
    "\u064a": "\u06cc",  # Arabic yeh -> Farsi yeh
    "\u0649": "\u06cc",  # alef maksura
    "\u0643": "\u06a9",  # Arabic kaf -> keheh
    "\u0623": "\u0627",  # alef with hamza above -> alef
    "\u0625": "\u0627",  # alef with hamza below
    "\u0622": "\u0627",  # alef with madda
    "\u0671": "\u0627",  # alef wasla
    "\u0640": "",  # tatweel: stretches a word, never part of it
    "\u066a": "%",
    "\u066b": ".",
    "\u066c": ",",
    "\u060c": ",",
    "\u061b": ";",
    "\u061f": "?",
}

# Emoji used as stand-ins for words in promotional posts ("💯% 🔒 returns").  Those that read as part of a
# phrase are spelled out without spaces; those that stand alone get spaces so they form a word.
_EMOJI_WORDS = {
    "\U0001f4af": "100",  # 💯 (no spaces: "💯%" must read "100%")
    "\U0001f512": "locked",  # 🔒
    "\U0001f510": "locked",  # 🔐
    "\U0001f680": " rocket ",  # 🚀
    "\U0001f315": " moon ",  # 🌕
    "\U0001f31d": " moon ",  # 🌝
    "\u2b50": "star ",  # ⭐ (no leading space so that ⭐⭐⭐ reads "star star star")
    "\U0001f31f": "star ",  # 🌟
    "\U0001f910": " secret ",  # 🤐
    "\U0001f911": " money ",  # 🤑
}


# Enclosed letters NFKC leaves alone, one Latin letter each: negative circled (U+1F150-1F169) and negative
# squared (U+1F170-1F189) capitals ("🅖🅤🅐🅡🅐🅝🅣🅔🅔🅓").  Circled (U+24B6-24E9) and squared (U+1F130-1F149)
# letters already decompose under NFKC.  One character for one, so offsets need no map.
_ENCLOSED = {base + i: _l for base in (0x1F150, 0x1F170) for i, _l in enumerate("abcdefghijklmnopqrstuvwxyz")}
# Regional-indicator letters (U+1F1E6-1F1FF) come in pairs as flags ("🇺🇸" must not read "us"); only a run of
# three or more spells a word ("🇬🇺🇦🇷🇦🇳🇹🇪🇪🇩"), so they are read after folding (see _spell_indicators).
_RI_FIRST = 0x1F1E6
_RI_RUN = re.compile("[\U0001f1e6-\U0001f1ff]{3,}")
_RI_LETTERS = {_RI_FIRST + i: _l for i, _l in enumerate("abcdefghijklmnopqrstuvwxyz")}


# The blocks of marks that are accents on a letter (Latin, Greek, Cyrillic; Hebrew and Arabic vowel points), which
# folding strips.  Other scripts' marks are parts of their letters (the vowel signs and virama of Devanagari,
# Gujarati, Tamil, Thai ...): stripped, "पैसा" would read as "प स" and no phrase in those scripts could match.
_DIACRITIC_BLOCKS = (
    (0x0300, 0x036F),
    (0x0591, 0x05C7),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)


def _is_diacritic(c: str) -> bool:
    cp = ord(c)
    return unicodedata.combining(c) > 0 and any(lo <= cp <= hi for lo, hi in _DIACRITIC_BLOCKS)


def _fold_char(ch: str) -> str:
    cp = ord(ch)
    if cp in _INVISIBLE or unicodedata.category(ch) == "Cf":
        return ""
    special = _PUNCT.get(ch) or _EMOJI_WORDS.get(ch) or _ENCLOSED.get(cp)
    if special is not None:
        return special
    s = unicodedata.normalize("NFKC", ch)
    s = s.casefold()
    # Strip diacritics ("garantía" == "garantia") but keep the base letters.
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFD", s) if not _is_diacritic(c))
        s = unicodedata.normalize("NFC", s)
        s = "".join(_CONFUSABLES.get(c, c) for c in s)
        s = "".join(_PUNCT.get(c, c) for c in s)
        # "۳٪" is "3%" to the figure and PII detectors, which read ASCII digits
        s = "".join(
            _SCRIPT_VARIANTS[c] if c in _SCRIPT_VARIANTS else str(unicodedata.digit(c)) if c.isdecimal() else c
            for c in s
        )
    return s


class _FoldTable(dict[int, str]):
    """Lazy per-character translation table for ``str.translate``; remembers which characters do not map
    to exactly one character, because only those need an offset map."""

    def __init__(self) -> None:
        super().__init__()
        self.non_one_to_one: set[str] = set()
        self.version = 0
        for cp in range(128):
            c = chr(cp)
            self[cp] = _PUNCT.get(c, c.lower())

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        out = _fold_char(ch)
        self[cp] = out
        if len(out) != 1:
            self.non_one_to_one.add(ch)
            self.version += 1
        return out


_FOLD = _FoldTable()
_non11_re: re.Pattern[str] | None = None
_non11_version = -1


def _non11_pattern() -> re.Pattern[str] | None:
    global _non11_re, _non11_version
    if _non11_version != _FOLD.version:
        chars = sorted(_FOLD.non_one_to_one)
        _non11_re = re.compile("[" + "".join(re.escape(c) for c in chars) + "]") if chars else None
        _non11_version = _FOLD.version
    return _non11_re


# Symbol stand-ins applied on the whole words view (1:1, so offsets do not move): currency signs that are
# drawn as letters ("€asy money", "₿itcoin", "¢rypto").
_LEET = {"€": "e", "₿": "b", "¢": "c"}
# Digits stand for letters only inside words that also hold at least two letters ("gu4r4nt33d", "sp0ts");
# plain numbers ("455", "15%", "$10k", "401k") keep their digits so that they never read as words.
_DIGIT_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}


class _WordTable(dict[int, str]):
    def __init__(self) -> None:
        super().__init__()
        for cp in range(128):
            c = chr(cp)
            if c in _LEET:
                self[cp] = _LEET[c]
            elif c.isalnum() or c == "%":
                self[cp] = c
            else:
                self[cp] = " "

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        # a mark that folding kept belongs to its letter (a Devanagari vowel sign): part of the word
        out = _LEET.get(ch) or (ch if ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc") else " ")
        self[cp] = out
        return out


_WORDS = _WordTable()

# Symbols that stand for letters only inside a word ("r!sk", "guar@nteed", "detail$", "sh!t"); elsewhere
# they are punctuation, currency or @handles and must stay spaces.
_INNER_MAP = {"!": "i", "$": "s", "|": "l", "@": "a"}

# Runs of four or more single letters separated by spaces/punctuation: "g u a r a n t e e d",
# "G.U.A.R.A.N.T.E.E.D", "r i s k - f r e e".
_SPACED = re.compile(r"(?<= )[a-z](?: {1,3}[a-z](?= )){3,}")
# The same runs (group 1), found from the space before them: a pattern that starts with a literal lets the
# regex engine jump from space to space instead of trying the lookbehind at every position.
_SPACED_AT = re.compile(r" ([a-z](?: {1,3}[a-z](?= )){3,})")
_LETTER = re.compile(r"[a-z]")


class OffsetMap:
    """Maps positions of a derived string back to the string it was derived from.

    Stored as segments: for segment k starting at derived position ``d[k]`` and source position ``s[k]``,
    ``one[k]`` tells whether the segment is a 1:1 run (position = s + delta) or the expansion of one
    source character of width ``w[k]`` (every derived char maps to that whole source character)."""

    __slots__ = ("_d", "_one", "_s", "_src_len", "_w")

    def __init__(self, d: list[int], s: list[int], w: list[int], one: list[bool], src_len: int) -> None:
        self._d, self._s, self._w, self._one, self._src_len = d, s, w, one, src_len

    def start(self, pos: int) -> int:
        k = bisect_right(self._d, pos) - 1
        if k < 0:
            return 0
        if self._one[k]:
            return min(self._s[k] + (pos - self._d[k]), self._src_len)
        return self._s[k]

    def end(self, pos: int) -> int:
        """Source end (exclusive) for a derived end ``pos`` (exclusive)."""
        if pos <= 0:
            return 0
        k = bisect_right(self._d, pos - 1) - 1
        if k < 0:
            return 0
        if self._one[k]:
            return min(self._s[k] + (pos - 1 - self._d[k]) + 1, self._src_len)
        return self._s[k] + self._w[k]


def _build_fold_map(text: str, pattern: re.Pattern[str]) -> OffsetMap:
    d: list[int] = []
    s: list[int] = []
    w: list[int] = []
    one: list[bool] = []
    dpos = 0
    spos = 0
    table = _FOLD
    for m in pattern.finditer(text):
        i = m.start()
        if i > spos:  # a 1:1 run before this character
            d.append(dpos)
            s.append(spos)
            w.append(1)
            one.append(True)
            dpos += i - spos
        out = table[ord(text[i])]
        if out:
            d.append(dpos)
            s.append(i)
            w.append(1)
            one.append(False)
            dpos += len(out)
        spos = i + 1
    if spos < len(text):
        d.append(dpos)
        s.append(spos)
        w.append(1)
        one.append(True)
    return OffsetMap(d, s, w, one, len(text))


# Byte table for the ASCII fast path (bytes.translate runs in C, several times faster than str.translate).
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# "%" stays part of its number ("100% safe" is two words, not "100" and "safe" two spaces apart)
_WORDS_BYTES = bytes((c if c < 128 and (chr(c).isalnum() or c == 37) else 32) for c in range(256))

# Digit-first words that are ordinals or times ("1st", "4th", "7pm"), not leetspeak: no gate key for them.
_NOT_LEET_SUFFIXES = frozenset({"st", "nd", "rd", "th", "am", "pm"})
# Keys the phrase automaton also carries so that its one pass over the words view tells whether a text
# needs the slower obfuscation views: a leet digit between letters ("gu4r4nt33d"), two after a letter
# ("fr33", "guarant33d"), one ending a word ("fre3", "n0 risk", "b4"), or one starting a word before two
# letters ("0nly"); or three single letters in a row ("g u a r a n t e e d").
LEET_GATE_KEYS = tuple(
    [a + d + b for a in _LETTERS for d in _DIGIT_LEET for b in _LETTERS]
    + [a + d + e for a in _LETTERS for d in _DIGIT_LEET for e in _DIGIT_LEET]
    + [a + d + " " for a in _LETTERS for d in _DIGIT_LEET]
    + [" " + d + a + b for d in _DIGIT_LEET for a in _LETTERS for b in _LETTERS if a + b not in _NOT_LEET_SUFFIXES]
)
SPACED_GATE_KEYS = tuple(
    sep + a + sep + b + sep + c + sep
    for sep in (" ", "  ")
    for a in "abcdefghijklmnopqrstuvwxyz"
    for b in "abcdefghijklmnopqrstuvwxyz"
    for c in "abcdefghijklmnopqrstuvwxyz"
)

# Three of a letter in a row ("guaaaranteed", "riiisk"): the text may stretch a word.  Not "www", which is in
# every web address and stretches nothing.
STRETCHED_GATE_KEYS = tuple(c * 3 for c in _LETTERS if c != "w")


class Views:
    """The folded and words views of one text, with the mapping back to the original."""

    __slots__ = ("fold_map", "folded", "text", "words")

    def __init__(self, text: str, folded: str, words: str, fold_map: OffsetMap | None) -> None:
        self.text = text
        self.folded = folded
        self.words = words
        self.fold_map = fold_map

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the folded view to the original text."""
        fm = self.fold_map
        if fm is None:
            return start, end
        s = fm.start(start)
        e = fm.end(end)
        # Keep trailing combining marks with their base letter ("cafe\u0301").
        text = self.text
        while e < len(text) and unicodedata.combining(text[e]):
            e += 1
        return s, max(e, s)


def _single_letter_at(folded: str, j: int) -> bool:
    """Whether ``folded[j]`` is a letter standing alone (no letter or digit beside it)."""
    n = len(folded)
    return (
        0 <= j < n
        and folded[j].isalpha()
        and (j == 0 or not folded[j - 1].isalnum())
        and (j + 1 >= n or not folded[j + 1].isalnum())
    )


def _spaced_letter_at(folded: str, i: int) -> bool:
    """Whether the symbol at ``i`` stands among single spaced-out letters ("w.h.@.t.s.a.p.p"): a letter of the
    run, which collapse_spaced then joins.  It needs a single letter on each side and a third one beyond, so that
    "to a @ b" or "i'm @ a loss" keep their "@"."""
    before, after = folded[i - 1 : i], folded[i + 1 : i + 2]
    return (
        before in (".", " ", "-")
        and after in (".", " ", "-")
        and _single_letter_at(folded, i - 2)
        and _single_letter_at(folded, i + 2)
        and (
            (folded[i - 3 : i - 2] == before and _single_letter_at(folded, i - 4))
            or (folded[i + 3 : i + 4] == after and _single_letter_at(folded, i + 4))
        )
    )


def _symbol_reads_as_letter(folded: str, i: int) -> bool:
    """Whether the symbol ``folded[i]`` (one of _INNER_MAP) stands for its letter: inside a word ("r!sk",
    "guar@nteed"), ending one ("detail$"), or among spaced-out letters.  Not "!" there: mostly punctuation, and
    the shortcut in _patch_inner_symbols skips a "!" before a space."""
    sym = folded[i]
    before = folded[i - 1] if i > 0 else " "
    after = folded[i + 1] if i + 1 < len(folded) else " "
    if before.isalpha() and (
        after.isalpha() or (sym == "$" and i >= 2 and folded[i - 2].isalpha() and not after.isalnum() and after != "$")
    ):
        return True
    return sym != "!" and _spaced_letter_at(folded, i)


def _patch_inner_symbols(folded: str, words: str) -> str:
    """Read "r!sk", "guar@nteed", "detail$" and the "@" of "w.h.@.t.s" as letters; str.find per symbol is far
    cheaper than a regex."""
    if (
        "$" not in folded
        and "|" not in folded
        and "@" not in folded
        and folded.count("!") == folded.count("! ") + folded.endswith("!")
    ):
        # exact shortcut for the common case: every "!" is followed by a space or ends the text, so no "!" has
        # the letter after it that a patch needs, and there is no other symbol
        return words
    chars: list[str] | None = None
    for sym in "!$|@":
        i = folded.find(sym)
        while i >= 0:
            if _symbol_reads_as_letter(folded, i):
                if chars is None:
                    chars = list(words)
                chars[i] = _INNER_MAP[sym]
            i = folded.find(sym, i + 1)
    return "".join(chars) if chars is not None else words


# Non-ASCII runs fold through the dict tables, a fixed answer per run: posts repeat the same few emoji and
# typographic marks, so the answers are kept (bounded; cleared when full).
_RUN_CACHE: dict[str, tuple[str, str]] = {}
_RUN_CACHE_MAX = 4096
_QMARK = 0x3F  # what encode("ascii", "replace") puts in place of every non-ASCII code point


def non_ascii_runs(text: str, marked: bytes) -> Iterator[tuple[int, int]]:
    """The ``[start, end)`` spans of the runs of non-ASCII code points in ``text``, where ``marked`` is
    ``text.encode("ascii", "replace")``: its "?" stand for them and for the real question marks, told apart here.
    The search for the next one runs in C, so long ASCII stretches cost nothing in Python."""
    n = len(marked)
    start = marked.find(_QMARK)
    while start >= 0:
        if text[start] == "?":  # a real question mark
            start = marked.find(_QMARK, start + 1)
            continue
        end = start + 1
        while end < n and marked[end] == _QMARK and text[end] != "?":
            end += 1
        yield start, end
        start = marked.find(_QMARK, end)


def _spell_indicators(folded: str, words: str) -> tuple[str, str]:
    """Folded and words forms with runs of three or more regional-indicator letters read as letters (both
    forms have the same length, and each indicator becomes one letter, so no offset moves)."""
    if not _RI_RUN.search(folded):
        return folded, words
    f = list(folded)
    w = list(words)
    for m in _RI_RUN.finditer(folded):
        for i in range(m.start(), m.end()):
            f[i] = w[i] = _RI_LETTERS[ord(folded[i])]
    return "".join(f), "".join(w)


def _fold_run(run: str) -> tuple[str, str]:
    """Folded and words forms of a run of non-ASCII characters."""
    hit = _RUN_CACHE.get(run)
    if hit is None:
        part = run.translate(_FOLD)
        hit = _spell_indicators(part, part.translate(_WORDS))
        if len(_RUN_CACHE) >= _RUN_CACHE_MAX:
            _RUN_CACHE.clear()
        _RUN_CACHE[run] = hit
    return hit


def _fold_mixed(text: str) -> tuple[str, str]:
    """Folded and words views of a text that is not all ASCII (see :func:`_fold_mixed_runs`)."""
    folded, words, _ = _fold_mixed_runs(text)
    return folded, words


def _fold_mixed_runs(text: str) -> tuple[str, str, list[str] | None]:
    """Folded and words views of a text that is not all ASCII, and its runs of non-ASCII characters (None
    when the text was translated whole).  str.translate with a dict costs a mapping look-up per character, so
    when non-ASCII characters are few (an emoji, a curly quote) only their runs go through the tables and the
    ASCII stretches take the C fast paths of the all-ASCII case."""
    # "replace" (in C) puts "?" for every non-ASCII code point; a "?" that is in the text is told apart below
    marked = text.encode("ascii", "replace")
    if marked.count(_QMARK) * 4 > len(marked):  # mostly non-ASCII: one translate is cheaper than many runs
        folded = text.translate(_FOLD)
        folded, words = _spell_indicators(folded, folded.translate(_WORDS))
        return folded, words, None
    low = marked.lower()
    ascii_folded = low.decode("ascii")
    ascii_words = low.translate(_WORDS_BYTES).decode("ascii")
    folded_parts: list[str] = []
    words_parts: list[str] = []
    runs: list[str] = []
    n = len(marked)
    last = 0
    for start, end in non_ascii_runs(text, marked):
        if start > last:
            folded_parts.append(ascii_folded[last:start])
            words_parts.append(ascii_words[last:start])
        run = text[start:end]
        runs.append(run)
        part, part_words = _fold_run(run)
        folded_parts.append(part)
        words_parts.append(part_words)
        last = end
    if last < n:
        folded_parts.append(ascii_folded[last:])
        words_parts.append(ascii_words[last:])
    folded = "".join(folded_parts)
    # No non-ASCII character folds to a tab or CR, so these come from the ASCII runs only; the words view
    # already maps both to spaces.
    if "\t" in folded or "\r" in folded:
        folded = folded.replace("\t", " ").replace("\r", "\n")
    return folded, "".join(words_parts), runs


def build_views(text: str) -> Views:
    if text.isascii():
        folded = text.lower()
        if "\t" in folded or "\r" in folded:
            folded = folded.replace("\t", " ").replace("\r", "\n")
        words = folded.encode("ascii").translate(_WORDS_BYTES).decode("ascii")
        fold_map = None
    else:
        folded, words, runs = _fold_mixed_runs(text)
        pat = _non11_pattern()  # after folding: the table learns new characters as it meets them
        # ASCII characters all fold one to one, so only the non-ASCII runs can need the offset map: testing them
        # spares a regex walk over the whole (four-byte-wide, once an emoji is in it) text
        needs_map = False
        if pat is not None:
            if runs is None:
                needs_map = pat.search(text) is not None
            else:
                for run in runs:  # a plain loop: any() over a generator costs more than the searches
                    if pat.search(run):
                        needs_map = True
                        break
        fold_map = _build_fold_map(text, pat) if needs_map and pat is not None else None
    if fold_map is None and _CAPS_L_HINT.search(text) is not None:
        folded, words = _caps_l_to_i(text, folded, words)
    if "  " in folded:
        folded, words, fold_map = _squeeze_spaces(folded, words, fold_map, len(text))
    if "!" in folded or "$" in folded or "|" in folded or "@" in folded:
        words = _patch_inner_symbols(folded, words)
    return Views(text, folded, " " + words + " ", fold_map)


# A lower-case "l" for a capital "I" inside an otherwise capitalised word ("FlNRA approved", "your lRA"): read
# as "i" in both views.  The hint is a capital beside an "l", rare outside such words; a word qualifies when it
# has at least two capitals and nothing else but "l" (so "McDonald" and "IRAs" stay as they are).
_CAPS_L_HINT = re.compile(r"[A-Z]l|l[A-Z]")
_CAPS_L_WORD = re.compile(r"(?<![A-Za-z])[A-Zl]{3,}(?![A-Za-z])")


def _caps_l_to_i(text: str, folded: str, words: str) -> tuple[str, str]:
    """``folded`` and ``words`` (one to one with ``text``) with the "l" of capitalised words read as "i"."""
    at = [
        m.start() + i
        for m in _CAPS_L_WORD.finditer(text)
        if len(m.group()) - m.group().count("l") >= 2
        for i, ch in enumerate(m.group())
        if ch == "l"
    ]
    if not at:
        return folded, words
    f, w = list(folded), list(words)
    for i in at:
        f[i] = w[i] = "i"
    return "".join(f), "".join(w)


_SPACE_RUN = re.compile(r"  +")


def _squeeze_spaces(folded: str, words: str, fold_map: OffsetMap | None, src_len: int) -> tuple[str, str, OffsetMap]:
    """Folded and words views with every run of spaces cut to one ("guaranteed  returns", "Risk™ free", a
    non-breaking space beside a space), and the offset map that now skips the dropped spaces.  Phrase keys hold
    single spaces, so a doubled space would otherwise hide every phrase of two or more words."""
    # the 1:1 runs of the new view: (new start, folded start, length)
    runs: list[tuple[int, int, int]] = []
    f_parts: list[str] = []
    w_parts: list[str] = []
    new = 0
    last = 0
    for m in _SPACE_RUN.finditer(folded):
        keep_end = m.start() + 1  # keep the run's first space
        runs.append((new, last, keep_end - last))
        f_parts.append(folded[last:keep_end])
        w_parts.append(words[last:keep_end])
        new += keep_end - last
        last = m.end()
    runs.append((new, last, len(folded) - last))
    f_parts.append(folded[last:])
    w_parts.append(words[last:])
    d: list[int] = []
    s: list[int] = []
    w: list[int] = []
    one: list[bool] = []
    if fold_map is None:  # folded positions are source positions
        for nd, fd, n in runs:
            if n:
                d.append(nd)
                s.append(fd)
                w.append(1)
                one.append(True)
    else:  # compose with the fold map, segment by segment
        od, os_, ow, oone = fold_map._d, fold_map._s, fold_map._w, fold_map._one
        nseg = len(od)
        for nd, fd, n in runs:
            if not n:
                continue
            end = fd + n
            k = max(bisect_right(od, fd) - 1, 0)
            pos = fd
            while pos < end and k < nseg:
                seg_end = od[k + 1] if k + 1 < nseg else end
                if seg_end <= pos:
                    k += 1
                    continue
                d.append(nd + (pos - fd))
                if oone[k]:
                    s.append(os_[k] + (pos - od[k]))
                    w.append(1)
                    one.append(True)
                else:
                    s.append(os_[k])
                    w.append(ow[k])
                    one.append(False)
                pos = min(seg_end, end)
                k += 1
    return "".join(f_parts), "".join(w_parts), OffsetMap(d, s, w, one, src_len)


_DIGIT_TABLE = str.maketrans(_DIGIT_LEET)
# A word mixing letters and leet digits ("gu4r4nt33d", "sp0ts", "n0"); plain numbers are left alone.
_LEET_WORD = re.compile(r"(?<![a-z0-9])(?=[0-9]*[a-z])(?=[a-z]*[013457])[a-z0-9]+")


# ASCII letters -> "a", digits -> "0", anything else -> " ": the shape of a words view, for bytes.find.
_LEET_SHAPE = bytes(97 if 97 <= c <= 122 else 48 if 48 <= c <= 57 else 32 for c in range(256))
_LEET_DIGITS = frozenset("013457")


def _deleet_match(m: re.Match[str]) -> str:
    return m.group().translate(_DIGIT_TABLE)


def deleet_words(views: Views) -> str:
    """The words view with digits inside words read as letters ("gu4r4nt33d" -> "guaranteed", "n0" -> "no");
    words without a letter ("455", "2025") keep their digits.

    What _LEET_WORD.sub() does, found faster on an ASCII view: a word it rewrites is a run of [a-z0-9] holding a
    letter next to a digit whose first digit is a leet digit, so only the runs around an "a0" or "0a" in the
    view's shape are looked at, instead of trying the pattern at every position."""
    words = views.words
    if not words.isascii():
        return _LEET_WORD.sub(_deleet_match, words)
    shape = words.encode("ascii").translate(_LEET_SHAPE)
    n = len(shape)
    parts: list[str] = []
    last = 0
    i = 0
    while True:
        j = shape.find(b"a0", i)
        k = shape.find(b"0a", i)
        if j < 0:
            if k < 0:
                break
            j = k
        elif 0 <= k < j:
            j = k
        start = shape.rfind(b" ", 0, j) + 1
        end = shape.find(b" ", j)
        if end < 0:
            end = n
        if words[shape.find(b"0", start, end)] in _LEET_DIGITS:
            parts.append(words[last:start])
            parts.append(words[start:end].translate(_DIGIT_TABLE))
            last = end
        i = end
    if not parts:
        return words
    parts.append(words[last:])
    return "".join(parts)


class Collapsed:
    """A words view with spaced-out letters joined, plus the map from its positions to folded positions."""

    __slots__ = ("_pos", "words")

    def __init__(self, words: str, pos: list[int]) -> None:
        self.words = words
        self._pos = pos  # folded position of each character of ``words`` (pad characters included)

    def to_folded(self, start: int, end: int) -> tuple[int, int]:
        """Map a span in collapsed-words coordinates (pad included) to folded coordinates."""
        return self._pos[start], self._pos[end - 1] + 1


def collapse_spaced(views: Views) -> Collapsed | None:
    """Join runs of single letters ("g u a r a n t e e d") into words.  Inside a run, separators that
    differ from the run's usual separator (" - " between "r i s k" and "f r e e") become a word break."""
    words = views.words
    runs = [m.span(1) for m in _SPACED_AT.finditer(words)]
    if not runs:
        return None
    folded = views.folded
    out: list[str] = []
    pos: list[int] = []
    last = 0
    for run_start, run_end in runs:
        # copy the untouched stretch
        out.append(words[last:run_start])
        pos.extend(range(last - 1, run_start - 1))
        letters = [lm.start() for lm in _LETTER.finditer(words, run_start, run_end)]
        seps = [folded[letters[i] : letters[i + 1] - 1] for i in range(len(letters) - 1)]
        if views.fold_map is not None:
            # the views cut runs of spaces to one: a wide gap in the original ("C A N ' T   L O S E") is still a
            # separator of its own, so that it can break the words
            seps = [sep + " " if _wide_gap(views, letters[i], letters[i + 1]) else sep for i, sep in enumerate(seps)]
        # the most frequent separator; a tie goes to the one seen first (a set's order varies with the hash seed)
        common = max(dict.fromkeys(seps), key=seps.count)
        for i, li in enumerate(letters):
            out.append(words[li])
            pos.append(li - 1)
            if i < len(seps) and seps[i] != common:
                out.append(" ")
                pos.append(li)
        last = run_end
    out.append(words[last:])
    pos.extend(range(last - 1, len(words) - 1))
    return Collapsed("".join(out), _clamp_pads(pos, len(folded)))


def _wide_gap(views: Views, left: int, right: int) -> bool:
    """Whether the original text holds two spaces in a row between the letters at words-view positions ``left``
    and ``right``."""
    _, start = views.to_original(left - 1, left)
    end, _ = views.to_original(right - 1, right)
    return "  " in views.text[start:end]


_QUANTIFIERS = frozenset("?*+{")


def fold_key(key: str) -> str:
    """A substring a rule looks for in the folded text (a regex's ``requires``), folded as texts are."""
    return key.translate(_FOLD)


def fold_pattern(pattern: str) -> str:
    """A rule's regex in the folded text's alphabet: each literal non-ASCII character is folded as texts are, so
    that "garantía", a Cyrillic word or a Thai vowel that NFKC splits in two matches as written (the folded text
    never holds the unfolded character).  The regex syntax is ASCII and left alone; inside a character class a
    character that folds to several is kept, as a class holds single characters."""
    out: list[str] = []
    in_class = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif not c.isascii():
                f = c.translate(_FOLD)
                c = re.escape(f) if len(f) == 1 else c
        elif c == "[":
            in_class = True
            if pattern.startswith("^]", i + 1) or pattern.startswith("]", i + 1):
                # a "]" first in a class is a literal one
                skip = 3 if pattern[i + 1] == "^" else 2
                out.append(pattern[i : i + skip])
                i += skip
                continue
        elif not c.isascii():
            f = c.translate(_FOLD)
            quantified = i + 1 < n and pattern[i + 1] in _QUANTIFIERS
            c = f"(?:{re.escape(f)})" if quantified and len(f) != 1 else re.escape(f)
        out.append(c)
        i += 1
    return "".join(out)


def normalize_phrase(phrase: str) -> str:
    """Normalise a rule phrase exactly as texts are normalised for matching (words view, single spaces)."""
    return phrase_forms(phrase)[0]


def phrase_forms(phrase: str) -> tuple[str, str | None]:
    """A rule phrase normalised (:func:`normalize_phrase`), and its words-view form as written when it has an
    apostrophe beside a space ("ain' ask", "rock 'n' roll"): the words view reads that apostrophe as a second
    space, so a text that writes the phrase so holds the written form, not the normalised one.  Only apostrophes:
    a comma or a full stop between two words still parts them, as in every other phrase."""
    v = build_views(phrase)
    words, folded = v.words[1:-1], v.folded
    normalised = " ".join(words.split())
    first, end = len(words) - len(words.lstrip()), len(words.rstrip())
    inner = [i for i in range(first + 1, end - 2) if words[i] == words[i + 1] == " "]
    if not inner or any("'" not in folded[i : i + 2] for i in inner):
        return normalised, None
    return normalised, words.strip()


_STRETCH = re.compile(r"([a-vx-z])\1{2,}")  # not "w": see STRETCHED_GATE_KEYS


def unstretch(views: Views) -> tuple[Collapsed, Collapsed] | None:
    """The words view with each run of three or more of a letter cut to one letter, and to two ("guaaaranteed"
    -> "guaranteed", "guaranteeeed" -> "guaranted" and "guaranteed"): which one a stretched word needs depends
    on whether the letter is doubled in it.  None when no letter is stretched."""
    runs = [m.span() for m in _STRETCH.finditer(views.words)]
    if not runs:
        return None
    return _cut_runs(views, runs, 1), _cut_runs(views, runs, 2)


def _cut_runs(views: Views, runs: list[tuple[int, int]], keep: int) -> Collapsed:
    """The words view with each of ``runs`` (spans of one repeated letter) cut to ``keep`` letters."""
    words = views.words
    out: list[str] = []
    pos: list[int] = []
    last = 0
    for start, end in runs:
        out.append(words[last:start] + words[start] * keep)
        pos.extend(range(last - 1, start - 1 + keep))  # the kept letters map to the run's first ones
        last = end
    out.append(words[last:])
    pos.extend(range(last - 1, len(words) - 1))
    return Collapsed("".join(out), _clamp_pads(pos, len(views.folded)))


# A hashtag in camel case ("#NoRiskAllReward"), in the original text.
_CAMEL_TAG = re.compile(r"#[A-Za-z0-9]*[a-z0-9][A-Z][A-Za-z0-9]*")
# A break before a capital after a small letter or digit, and before a capital that starts a word after capitals
# ("#NeverHadADownYear": "A" is a word of its own; "#ROIMatters": "ROI" stays whole).
_CAMEL_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def split_hashtags(views: Views) -> Collapsed | None:
    """The camel-case hashtags of the text split into their words ("#NoRiskAllReward" -> " no risk all reward "),
    one after another in a words-like view of their own, or None when the text has none.  Only the tags: the rest
    of the text reads as in the words view, which the phrase pass has scanned already.  Only for texts whose
    folded form keeps the original offsets (no offset map): the break points are read in the original text."""
    if views.fold_map is not None:
        return None
    text = views.text
    words = views.words  # text index i is words index i + 1 (the view's leading pad)
    out: list[str] = []
    pos: list[int] = []
    for m in _CAMEL_TAG.finditer(text):
        out.append(" ")  # a pad before each tag, at its "#"
        pos.append(m.start())
        last = m.start() + 1
        for b in _CAMEL_BREAK.finditer(text, last, m.end()):
            cut = b.start()
            out.append(words[last + 1 : cut + 1])
            pos.extend(range(last, cut))
            out.append(" ")
            pos.append(cut)
            last = cut
        out.append(words[last + 1 : m.end() + 1])
        pos.extend(range(last, m.end()))
    if not out:
        return None
    out.append(" ")
    pos.append(pos[-1])
    return Collapsed("".join(out), pos)


def _clamp_pads(pos: list[int], n: int) -> list[int]:
    """Clamp the pad characters' positions (folded index -1 and n) into the folded string."""
    if pos:
        pos[0] = min(max(pos[0], 0), max(n - 1, 0))
        pos[-1] = min(max(pos[-1], 0), max(n - 1, 0))
    return pos

"""Per-network length rules: how many characters a post uses on X, LinkedIn and Mastodon.

* X counts like its own client library (twitter-text, configuration v3): the text is NFC-normalised,
  every code point has a weight (100 inside a few Latin/punctuation ranges, 200 elsewhere, so CJK and
  most symbols count double), each emoji sequence weighs 200 whatever its code points, and each URL
  found by URL extraction weighs 23 characters however long it is. ``counted`` is that weighted
  length divided by the scale, i.e. "characters" out of 280. `parse_tweet` gives the full result
  (validity, permillage, display and valid ranges) for the conformance cases and the UI.
* LinkedIn's 3,000-character limit is counted in code points after NFC. LinkedIn documents no
  exact rule; this counts a composed accent once and an emoji sequence per code point, and is cheap.
* Mastodon counts grapheme clusters (what its server-side validator counts), 500 by default (an
  instance may configure another limit), every http(s) URL as 23 characters, and a remote mention
  ``@user@domain`` as its local part ``@user`` only.

`measure` runs on the engine's hot path, so plain-ASCII posts skip normalisation, emoji and (when no
``.`` followed by letters appears) URL extraction altogether.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

# `regex` (mrab-regex, a long-maintained drop-in for `re`) gives Unicode properties that the stdlib
# lacks: \p{Extended_Pictographic}, \p{Emoji_Modifier}, \p{Regional_Indicator} and grapheme clusters
# (\X) from current Unicode data. Property-based matching recognises new emoji without waiting for an
# emoji-name database release (the `emoji` package), and stays fast because it is compiled C.
import regex

from clearpost.policy.engine.normalize import non_ascii_runs
from clearpost.policy.engine.tlds import TLDS

NETWORK_ALIASES = {"x": "x", "twitter": "x", "linkedin": "linkedin", "mastodon": "mastodon"}
LIMITS = {"x": 280, "linkedin": 3000, "mastodon": 500}


@dataclass(frozen=True, slots=True)
class TwitterTextConfig:
    """One of X's published weighted-length configurations (twitter-text ``config/v*.json``)."""

    max_weighted_length: int
    scale: int
    default_weight: int
    ranges: tuple[tuple[int, int, int], ...]  # (first code point, last code point, weight)
    transformed_url_length: int
    emoji_parsing: bool


# Kept here rather than read from ../shared so the engine never touches files at run time.
CONFIG_V3 = TwitterTextConfig(
    max_weighted_length=280,
    scale=100,
    default_weight=200,
    ranges=((0, 4351, 100), (8192, 8205, 100), (8208, 8223, 100), (8242, 8247, 100)),
    transformed_url_length=23,
    emoji_parsing=True,
)
# v2 differs only in counting each code point of an emoji sequence separately.
CONFIG_V2 = replace(CONFIG_V3, emoji_parsing=False)

X_SCALE = CONFIG_V3.scale
X_DEFAULT_WEIGHT = CONFIG_V3.default_weight
X_RANGES = CONFIG_V3.ranges
X_URL_LENGTH = CONFIG_V3.transformed_url_length
X_EMOJI_WEIGHT = X_DEFAULT_WEIGHT  # an emoji sequence counts as one default-weight character
MASTODON_URL_LENGTH = 23

# Code points X refuses in a post (byte-order marks and non-characters); they make it invalid.
X_INVALID_CHARS = frozenset("\ufffe\ufeff\uffff")


def normalize_network(name: str) -> str:
    """Return the canonical network name (`twitter` is accepted for `x`); ValueError otherwise."""
    try:
        return NETWORK_ALIASES[name]  # the common, already-canonical case first: hot path
    except KeyError:
        pass
    try:
        return NETWORK_ALIASES[name.strip().lower()]
    except KeyError:
        expected = "x, twitter, linkedin, mastodon"
        raise ValueError(f"unknown network {name!r}; expected one of {expected}") from None


@dataclass(frozen=True, slots=True)
class LengthReport:
    network: str
    counted: int
    limit: int

    @property
    def fits(self) -> bool:
        return 0 < self.counted <= self.limit

    def to_dict(self) -> dict[str, object]:
        return {"network": self.network, "counted": self.counted, "limit": self.limit, "fits": self.fits}


# ----------------------------------------------------------------------------------------------
# URL extraction (the twitter-text rules, re-expressed; shared by X and Mastodon counting)

_LATIN_ACCENTS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263"
    "\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_SPACES = "\\s\u0085\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_DIRECTIONAL = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVALID = "\ufffe\ufeff\uffff"
# A host character after a protocol: anything but ASCII punctuation, controls, spaces, directional
# marks and invalid characters, so IDN hosts such as http://✪df.ws or http://foobar.中国 match.
_HOST_CHAR = f"[^\\x00-\\x20\\x7f!-/:-@\\[-`{{-~{_SPACES}{_DIRECTIONAL}{_INVALID}]"
# Without a protocol only ASCII (and accented Latin) labels make a URL, as on X: "ELPAÍS.com".
_ASCII_HOST_CHAR = f"[a-z0-9{_LATIN_ACCENTS}]"


_Trie = dict[str, "_Trie"]


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words`, factored as a trie (~1,600 TLDs tried one by one would be slow)."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        ends_here = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and not ends_here:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if ends_here else group  # greedy "?": "com" is tried before "co"

    return build(trie)


# A TLD must not run on into letters, digits, "@", "+" or "-" ("foo.comm", "a.gov@b.com",
# "domain.com-typo" are not URLs) but may touch CJK text ("example.comです").
_TLD = f"(?:{_alternation(TLDS)}|xn--[a-z0-9-]+)(?=[^a-z0-9@+\\-]|$)"
_SUBDOMAIN = f"{_HOST_CHAR}(?:[_-]*{_HOST_CHAR})*\\."  # inner "_" and "-" only
_DOMAIN = f"{_HOST_CHAR}(?:-*{_HOST_CHAR})*\\."  # inner "-" only
_ASCII_LABEL = f"{_ASCII_HOST_CHAR}(?:-*{_ASCII_HOST_CHAR})*\\."

_PATH_CHAR = f"[a-z\u0400-\u04ff0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~&|@{_LATIN_ACCENTS}]"
_PATH_END = f"[a-z\u0400-\u04ff0-9=_#/+\\-{_LATIN_ACCENTS}]"  # a path never ends in "." "," "!" etc.
_PARENS = f"\\((?:{_PATH_CHAR}+|{_PATH_CHAR}*\\({_PATH_CHAR}+\\){_PATH_CHAR}*)\\)"  # wiki/Primer_(film)
_PATH_SEGMENT = f"(?:{_PATH_CHAR}*(?:{_PARENS}{_PATH_CHAR}*)*(?:{_PATH_END}|{_PARENS})|@{_PATH_CHAR}+/)"
_QUERY = "\\?[a-z0-9!?*'@();:&=+$/%#\\[\\]\\-_.,~|]*[a-z0-9\\-_&=#/]"

_URL_RE = re.compile(
    # Not glued to a word, a mention, a hashtag or a cashtag ("#test.com", "$TVI.CA").
    "(?<![a-z0-9@\uff20$#\uff03])"
    "(?:"
    f"(?P<proto>https?://)(?P<host>(?:{_SUBDOMAIN})*{_DOMAIN}{_TLD})"
    # Without a protocol, also not right after "-", "_", "." or "/" (parts of other tokens).
    f"|(?<![-_./])(?P<bare>(?:{_ASCII_LABEL})+{_TLD})"
    ")"
    f"(?::[0-9]+)?(?:/{_PATH_SEGMENT}*)?(?:{_QUERY})?",
    re.IGNORECASE,
)
_TCO_RE = re.compile(f"https?://t\\.co/([a-z0-9]+)(?:{_QUERY})?", re.IGNORECASE)
_TCO_MAX_SLUG = 40
_MAX_LABEL = 63
_MAX_URL = 4096
# Every URL has a "." directly followed by a letter (where its TLD starts); text without one has no URL.
_URL_HINT = re.compile(r"\.[^\W\d_]")


def _host_is_valid(host: str, url_length: int) -> bool:
    """DNS rules checked on the IDNA (punycode) form, as X does: labels of at most 63 octets."""
    encoded_length = 0
    for label in host.split("."):
        if label.isascii():
            size = len(label)
        elif label[:4].lower() == "xn--":
            return False  # already-encoded prefix with raw Unicode after it cannot be encoded
        else:
            size = 4 + len(label.lower().encode("punycode"))
        if size > _MAX_LABEL:
            return False
        encoded_length += size + 1
    return url_length - len(host) + encoded_length - 1 <= _MAX_URL


def extract_urls(text: str, *, require_protocol: bool = False) -> list[tuple[int, int]]:
    """(start, end) code-point offsets of the URLs in `text`, following X's extraction rules.

    With ``require_protocol`` only http(s):// URLs are found (Mastodon links nothing else).
    """
    spans: list[tuple[int, int]] = []
    # Every URL holds a "." followed by a letter where its TLD starts, and nothing between its start and that
    # dot is a space or a line break: so no URL starts before the last of those ahead of the first such dot.
    # Scanning from there finds the same URLs, without trying the pattern at every position before it.
    hint = _URL_HINT.search(text)
    if hint is None:
        return spans
    first_dot = hint.start()
    for match in _URL_RE.finditer(text, max(text.rfind(" ", 0, first_dot), text.rfind("\n", 0, first_dot)) + 1):
        proto = match.group("proto")
        if proto is None and require_protocol:
            continue
        start, end = match.span()
        host = match.group("host") if proto else match.group("bare")
        if not _host_is_valid(host, end - start):
            continue
        if proto:
            tco = _TCO_RE.match(text, start, end)
            if tco:  # t.co links carry only an alphanumeric slug; anything after it is plain text
                if len(tco.group(1)) > _TCO_MAX_SLUG:
                    continue
                end = tco.end()
        spans.append((start, end))
    return spans


# ----------------------------------------------------------------------------------------------
# Emoji sequences (X counts each as one default-weight character)

# © and ® are ordinary Latin-1 text (weight 1) unless an emoji presentation selector follows.
_EMOJI_ELEMENT = (
    "(?:[\u00a9\u00ae]\ufe0f"
    "|(?![\u00a9\u00ae])\\p{Extended_Pictographic}(?:\\p{Emoji_Modifier}|\ufe0f)?"
    "|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier})"
)
_EMOJI_RE = regex.compile(
    "[#*0-9]\ufe0f?\u20e3"  # keycaps, with or without the presentation selector: "1⃣"
    "|\\p{Regional_Indicator}{2}"  # flags
    "|\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"  # subdivision flags (tag sequences)
    f"|{_EMOJI_ELEMENT}(?:\u200d{_EMOJI_ELEMENT})*"  # single emoji, modifiers, ZWJ sequences
)


# UTF-8 bytes with every non-ASCII byte turned into 0x80: before the first of them, bytes are code points.
_HIGH_BYTES = bytes(c if c < 0x80 else 0x80 for c in range(256))


def _weight_classes() -> tuple[tuple[int, re.Pattern[str]], ...]:
    by_weight: dict[int, list[str]] = {}
    for start, end, weight in X_RANGES:
        by_weight.setdefault(weight, []).append(f"{re.escape(chr(start))}-{re.escape(chr(end))}")
    # Runs ("+"): deleting them and comparing lengths counts members far faster than findall.
    return tuple((w - X_DEFAULT_WEIGHT, re.compile(f"[{''.join(r)}]+")) for w, r in by_weight.items())


_WEIGHT_ADJUSTMENTS = _weight_classes()
_ASCII_WEIGHT = next(w for s, e, w in X_RANGES if s == 0 and e >= 127)


def _char_weight(ch: str, config: TwitterTextConfig) -> int:
    cp = ord(ch)
    for start, end, weight in config.ranges:
        if start <= cp <= end:
            return weight
    return config.default_weight


def _weight(text: str) -> int:
    """Sum of per-code-point weights (X config v3), counted in C rather than a Python loop."""
    total = X_DEFAULT_WEIGHT * len(text)
    for delta, runs in _WEIGHT_ADJUSTMENTS:
        total += delta * (len(text) - len(runs.sub("", text)))
    return total


def _x_weighted(text: str) -> int:
    """X's weighted length in scale units (characters x 100)."""
    if text.isascii():  # ASCII is already NFC and holds no emoji or invalid characters
        total = _ASCII_WEIGHT * len(text)
        if "." in text and _URL_HINT.search(text):
            for start, end in extract_urls(text):
                total += X_URL_LENGTH * X_SCALE - _ASCII_WEIGHT * (end - start)
        return total
    text = unicodedata.normalize("NFC", text)
    if _URL_HINT.search(text):
        return _x_weighted_with_urls(text)
    # Without URLs every ASCII character weighs the same, and every emoji sequence lies inside one run of
    # non-ASCII characters (a keycap also takes the ASCII "#", "*" or digit before it): so the text weighs its
    # ASCII characters plus the weights of its runs, each run counted alone (and remembered).
    total = 0
    last = 0
    for start, end in non_ascii_runs(text, text.encode("ascii", "replace")):
        lead = start - 1 if start > last and text[start - 1] in _KEYCAP_BASES else start
        total += _ASCII_WEIGHT * (lead - last) + _run_weight(text[lead:end])
        last = end
    return total + _ASCII_WEIGHT * (len(text) - last)


_KEYCAP_BASES = frozenset("#*0123456789")
_RUN_WEIGHTS: dict[str, int] = {}
_MAX_RUN_WEIGHTS = 4096


def _run_weight(run: str) -> int:
    """Weight of a run of non-ASCII characters (with a keycap base before it), emoji sequences counted as one
    default-weight character each; posts repeat the same few runs, so the answers are kept (bounded)."""
    total = _RUN_WEIGHTS.get(run)
    if total is None:
        total = _weight(run)
        for match in _EMOJI_RE.finditer(run):
            total += X_EMOJI_WEIGHT - _weight(match.group())
        if len(_RUN_WEIGHTS) >= _MAX_RUN_WEIGHTS:
            _RUN_WEIGHTS.clear()
        _RUN_WEIGHTS[run] = total
    return total


def _x_weighted_with_urls(text: str) -> int:
    """X's weighted length of an NFC text that may hold URLs (each counted as 23 characters)."""
    total = _weight(text)
    urls = extract_urls(text)
    for start, end in urls:
        total += X_URL_LENGTH * X_SCALE - _weight(text[start:end])
    u, n = 0, len(urls)
    # Every emoji sequence starts at a non-ASCII character or at the ASCII character of a keycap right before
    # one, so the scan can start there: a trailing emoji no longer costs a regex walk over the whole post.
    first = text.encode("utf-8", "surrogatepass").translate(_HIGH_BYTES).find(0x80)
    for match in _EMOJI_RE.finditer(text, max(first - 1, 0)):
        start, end = match.span()
        while u < n and urls[u][1] <= start:
            u += 1
        if u < n and urls[u][0] <= start:
            # Inside a URL (already counted as 23); any tail past the URL keeps its per-char weight.
            continue
        total += X_EMOJI_WEIGHT - _weight(text[start:end])
    return total


@dataclass(frozen=True, slots=True)
class TweetParse:
    """twitter-text's parse result; offsets are UTF-16 code units of the text as given, ends inclusive."""

    weighted_length: int
    valid: bool
    permillage: int
    display_range: tuple[int, int]
    valid_range: tuple[int, int]


def _utf16_len(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def parse_tweet(text: str, config: TwitterTextConfig = CONFIG_V3) -> TweetParse:
    """Full X length check of `text` (what X's composer shows): weighted length, validity and ranges.

    Walks the text unit by unit (URL, emoji sequence or single code point) so it can tell the last
    UTF-16 offset that still fits; `measure` computes the same length without the walk.
    """
    normalized = unicodedata.normalize("NFC", text)
    urls = dict(extract_urls(normalized))
    emoji = {m.start(): m.end() for m in _EMOJI_RE.finditer(normalized)} if config.emoji_parsing else {}
    max_weighted = config.max_weighted_length * config.scale
    weighted = 0
    has_invalid = False
    valid_end = -1  # last UTF-16 offset (in the normalised text) that keeps the post valid
    i, u16 = 0, 0
    length = len(normalized)
    while i < length:
        if i in urls:
            end, unit_weight = urls[i], config.transformed_url_length * config.scale
        elif i in emoji:
            end, unit_weight = emoji[i], config.default_weight
        else:
            ch = normalized[i]
            end, unit_weight = i + 1, _char_weight(ch, config)
            has_invalid = has_invalid or ch in X_INVALID_CHARS
        u16 += _utf16_len(normalized[i:end])
        weighted += unit_weight
        if not has_invalid and weighted <= max_weighted:
            valid_end = u16 - 1
        i = end
    text_u16 = _utf16_len(text)
    # Offsets refer to the text as typed; like twitter-text, shift by the overall change NFC made.
    shift = text_u16 - u16
    return TweetParse(
        weighted_length=-(-weighted // config.scale),
        valid=length > 0 and not has_invalid and weighted <= max_weighted,
        permillage=weighted * 1000 // max_weighted,
        display_range=(0, max(0, text_u16 - 1)),
        valid_range=(0, max(0, valid_end + shift)),
    )


# ----------------------------------------------------------------------------------------------
# Mastodon and LinkedIn

_MENTION_RE = regex.compile(r"(?<![=/\w])(@[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)@[\w.-]*\w", regex.IGNORECASE)
_GRAPHEME_RE = regex.compile(r"\X")


def _mastodon_length(text: str) -> int:
    if text.isascii() and "@" not in text and "://" not in text:
        return len(text) - text.count("\r\n")  # CR LF is one grapheme cluster
    parts: list[str] = []
    position = 0
    for start, end in extract_urls(text, require_protocol=True):
        parts.append(_MENTION_RE.sub(r"\1", text[position:start]))
        parts.append("x" * MASTODON_URL_LENGTH)
        position = end
    parts.append(_MENTION_RE.sub(r"\1", text[position:]))
    countable = "".join(parts)
    if countable.isascii():
        return len(countable) - countable.count("\r\n")
    return len(_GRAPHEME_RE.findall(countable))


def _linkedin_length(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(unicodedata.normalize("NFC", text))


# Reports are immutable and few distinct ones occur (a network, a count, a limit), so they are shared: a frozen
# dataclass costs more to build than the whole count of a short post.  Bounded, so odd inputs cannot grow it.
_REPORTS: dict[tuple[str, int, int], LengthReport] = {}
_MAX_SHARED_REPORTS = 50_000


def _report(net: str, counted: int, limit: int) -> LengthReport:
    if type(limit) is not int:  # 280.0 == 280 as a key, but the report must keep the caller's value
        return LengthReport(net, counted, limit)
    key = (net, counted, limit)
    report = _REPORTS.get(key)
    if report is None:
        report = LengthReport(net, counted, limit)
        if len(_REPORTS) < _MAX_SHARED_REPORTS:
            _REPORTS[key] = report
    return report


def measure_default(text: str, net: str) -> LengthReport:
    """`measure` for a canonical network name at its default limit: the engine's hot path, without the
    name and limit handling (one report per count is kept per network, as `_report` keeps them)."""
    if net == "x":
        if text.isascii() and ("." not in text or _URL_HINT.search(text) is None):
            # ASCII without a URL (most posts): every character has the same weight (as _x_weighted counts it)
            counted = -(-_ASCII_WEIGHT * len(text) // X_SCALE)
        else:
            counted = -(-_x_weighted(text) // X_SCALE)
    elif net == "linkedin":
        counted = _linkedin_length(text)
    else:
        counted = _mastodon_length(text)
    return _report(net, counted, LIMITS[net])


def measure(text: str, network: str, *, limit: int | None = None) -> LengthReport:
    """How much of `network`'s limit `text` uses. `limit` overrides the default (a Mastodon instance's
    configured maximum, or a firm's stricter house limit). Empty text never fits."""
    net = NETWORK_ALIASES.get(network) or normalize_network(network)
    if limit is None:
        limit = LIMITS[net]
    elif limit <= 0:
        raise ValueError(f"limit must be positive, got {limit}")
    if net == "x":
        counted = -(-_x_weighted(text) // X_SCALE)
    elif net == "linkedin":
        counted = _linkedin_length(text)
    else:
        counted = _mastodon_length(text)
    return _report(net, counted, limit)

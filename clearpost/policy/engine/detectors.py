"""Built-in detectors: the signals that keyword lists cannot express (figures, identifiers, links, names).

Every detector takes a :class:`DetectorContext` and returns spans ``(start, end)`` in the *folded* view.
Detectors are lazy: a rule lists them in ``detectors`` (run when their cheap gate passes) or references
them as ``@name`` inside a ``near`` group (run only when the other groups of that clause already matched).
Results are memoised per text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import Protocol

Span = tuple[int, int]


class DetectorContext(Protocol):
    folded: str
    text: str

    def to_folded(self, pos: int) -> int: ...

    def detect(self, name: str) -> list[Span]: ...

    def config(self) -> DetectorConfig: ...

    def quote_regions(self) -> list[Span]: ...


class DetectorConfig:
    """Per-rule-set data the detectors need (domain lists, first names)."""

    def __init__(
        self,
        *,
        allowed_domains: tuple[str, ...],
        third_party_domains: tuple[str, ...],
        personal_email: tuple[str, ...],
        firm_domains: tuple[str, ...],
        first_names: frozenset[str],
    ) -> None:
        self.allowed_domains = allowed_domains
        self.third_party_domains = third_party_domains
        self.personal_email = personal_email
        self.firm_domains = firm_domains
        self.first_names = first_names


# Domain lists as sets, made once per list (keyed by the tuple's identity; the tuple is kept so the id stays
# its own).  A list of dozens of domains is then tested with one look-up per label of the host.
_DOMAIN_SETS: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}


def _host_in(host: str, domains: tuple[str, ...]) -> bool:
    """Whether ``host`` is one of ``domains`` or a subdomain of one (``host == d or host.endswith("." + d)``
    for some ``d``): the parts of the host after each of its dots are looked up in the list as a set."""
    entry = _DOMAIN_SETS.get(id(domains))
    if entry is None or entry[0] is not domains:
        entry = (domains, frozenset(domains))
        if len(_DOMAIN_SETS) >= 64:
            _DOMAIN_SETS.clear()
        _DOMAIN_SETS[id(domains)] = entry
    names = entry[1]
    if host in names:
        return True
    i = host.find(".")
    while i >= 0:
        if host[i + 1 :] in names:
            return True
        i = host.find(".", i + 1)
    return False


# --- figures --------------------------------------------------------------------------------------------
# Figures are found from their anchor character ("%", "$") with str.find, then matched in place: a
# regex scan of the whole text costs more than the rest of the pipeline on short posts.
_NUM_BEFORE = re.compile(r"[+-]?\d{1,6}(?:[.,]\d+)?\s?$")
_WORD_BEFORE = re.compile(r"[+-]?\d{1,6}(?:[.,]\d+)?\s?(?:k|million|billion|thousand)?\s?$")
_MONEY_AT = re.compile(
    r"(?:us\$|\$|€|£|usd ?)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|mm|m|b|bn|million|billion|thousand|mil)\b)?"
)


def _find_all(f: str, needle: str) -> list[int]:
    out = []
    i = f.find(needle)
    while i >= 0:
        out.append(i)
        i = f.find(needle, i + 1)
    return out


# Every character of a _NUM_BEFORE match is a sign, an ASCII digit, "." or "," or ASCII whitespace when the
# text is ASCII, so such a match starts inside the run of these characters that ends the window.
_NUM_RUN = "+-0123456789.,\t\n\r\x0b\x0c "


def _number_before(f: str, end: int, pattern: re.Pattern[str] = _NUM_BEFORE) -> int | None:
    lo = max(0, end - 24)
    if pattern is _NUM_BEFORE and f.isascii():
        # search from the start of that run, not from every position of the window: the same leftmost match
        lo += len(f[lo:end].rstrip(_NUM_RUN))
    m = pattern.search(f, lo, end)
    if m is None:
        return None
    start = m.start()
    if start > 0 and (f[start - 1].isalnum() or f[start - 1] == "."):
        return None
    return start


_MULTIPLE = re.compile(
    r"(?<![\w.])\d{1,4}(?:\.\d+)?\s?x(?![\w])|\b\d{1,3}\s?-?\s?fold\b|\b(?:two|three|four|five|ten|hundred)fold\b"
)
_MONEY_VALUE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?(k|mm|m|b|bn|million|billion|thousand|mil)?")
_SUFFIX = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}


def _percent(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    out = []
    if "%" in f:
        for i in _find_all(f, "%"):
            start = _number_before(f, i)
            if start is not None:
                out.append((start, i + 1))
    for word in ("percent", "per cent", "pct"):
        if word in f:
            for i in _find_all(f, word):
                start = _number_before(f, i)
                if start is not None:
                    out.append((start, i + len(word)))
    return sorted(out)


def _money(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    out = []
    for sym in ("$", "€", "£", "usd"):
        if sym in f:
            for i in _find_all(f, sym):
                if sym == "$" and i >= 2 and f[i - 2 : i] == "us":
                    i -= 2
                if i > 0 and (f[i - 1].isalnum() or f[i - 1] == "$"):
                    continue
                m = _MONEY_AT.match(f, i)
                if m is not None:
                    out.append(m.span())
    for word in ("dollars", "bucks"):
        if word in f:
            for i in _find_all(f, word):
                start = _number_before(f, i, _WORD_BEFORE)
                if start is not None:
                    out.append((start, i + len(word)))
    return sorted(set(out))


def money_value(s: str) -> float | None:
    m = _MONEY_VALUE.search(s)
    if not m:
        return None
    try:
        v = float(m.group(1).replace(",", ""))
    except ValueError:
        return None
    return v * _SUFFIX.get(m.group(2) or "", 1.0)


def _large_money(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    out = []
    for s, e in ctx.detect("money"):
        v = money_value(f[s:e])
        if v is not None and v >= 1000:
            out.append((s, e))
    return out


def _multiple(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    if "x" not in f and "fold" not in f:
        return []
    return [m.span() for m in _MULTIPLE.finditer(ctx.folded)]


_LEADING_NUMBER = re.compile(r"[+-]?(\d+(?:[.,]\d+)?)")


def _high_figure(ctx: DetectorContext) -> list[Span]:
    """A percentage of HIGH_RATE_THRESHOLD or more, whatever the context ("the safest 12%")."""
    f = ctx.folded
    out = []
    for s, e in ctx.detect("percent"):
        num = _LEADING_NUMBER.match(f, s, e)
        if num:
            try:
                if float(num.group(1).replace(",", ".")) >= HIGH_RATE_THRESHOLD:
                    out.append((s, e))
            except ValueError:
                continue
    return out


def _figure(ctx: DetectorContext) -> list[Span]:
    return sorted(ctx.detect("percent") + ctx.detect("money") + ctx.detect("multiple"))


# A stated rate presented as what the reader will get ("earn 1% per month", "pays 10% a year").  Current
# CD/Treasury yields stay well below the threshold; double-digit or monthly figures are promissory
# (FINRA 2210(d)(1)(B)/(F)).
# fmt: off
_RATE_VERBS = frozenset(
    """earn earns earning pay pays paying get gets getting receive receives collect collects make
    makes making generate generates generating deliver delivers delivering enjoy lock returns
    return yielding""".split()  # noqa: SIM905
)
# fmt: on
_PERIODS = {
    "year": 1,
    "yr": 1,
    "annually": 1,
    "annual": 1,
    "yearly": 1,
    "apy": 1,
    "apr": 1,
    "annum": 1,
    "month": 12,
    "monthly": 12,
    "mo": 12,
    "week": 52,
    "weekly": 52,
    "day": 365,
    "daily": 365,
}
# fmt: off
_INCOME_WORDS = frozenset(
    """income yield yields returns return interest payout payouts dividends""".split()  # noqa: SIM905
)
# fmt: on
# fmt: off
_EVERY = frozenset(
    """every each per a an""".split()  # noqa: SIM905
)
# fmt: on
_PERIOD_WORDS = frozenset(_PERIODS)
_WORD = re.compile(r"[a-z]+")
HIGH_RATE_THRESHOLD = 7.0  # annualised percent
_PERIOD_NEAR_WORDS = (
    r"year|yr|annual|month|mo\b|week|day|daily|apy|apr|annum|income|yield|return|interest|payout|dividend"
)
# the same alternatives with their common prefixes factored out (fewer branches tried at each position); a
# search of either finds a match in the same windows (the test in _high_rate only asks whether there is one)
_PERIOD_NEAR = re.compile(
    r"y(?:ear|ield)|yr|a(?:nnu(?:al|m)|p[yr])|mo(?:nth|\b)|week|da(?:y|ily)|in(?:come|terest)|return|payout|dividend"
)

# Supersets of the words _high_rate reads (tokens of [a-z]+ in a window): a token equal to one of the words is
# followed by a non-letter or the end of the window (the search's endpos), and two tokens are separated by at
# least one non-letter.  No look-behind: it would see characters before the window.
_PERIOD_ALT = "|".join(sorted(_PERIODS, key=len, reverse=True))
_RATE_WORD_AFTER = re.compile(
    "(?:" + "|".join(sorted(set(_PERIODS) | _INCOME_WORDS, key=len, reverse=True)) + ")(?![a-z])"
)
_EVERY_PERIOD_BEFORE = re.compile(
    "(?:" + "|".join(sorted(_EVERY, key=len, reverse=True)) + ")[^a-z]+(?:" + _PERIOD_ALT + ")(?![a-z])"
)


def _high_rate(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    out = []
    for s, e in ctx.detect("percent"):
        # cheap pre-check: a period or income word must follow, or a period word precede ("every month 2%")
        # (a negative start or an end past the text is clamped by the regex engine itself)
        if not _PERIOD_NEAR.search(f, s - 30, e + 40):
            continue
        # exact gate: a rate needs a period or income word among the words after the figure, or a period word
        # after an "every" word among those before it; these searches find a superset of those words
        if not _RATE_WORD_AFTER.search(f, e, e + 40) and not _EVERY_PERIOD_BEFORE.search(f, max(0, s - 40), s):
            continue
        num = _LEADING_NUMBER.match(f, s, e)
        if not num:
            continue
        try:
            value = float(num.group(1).replace(",", "."))
        except ValueError:
            continue
        after = _WORD.findall(f, e, e + 40)[:5]
        mult = None
        every = False
        # isdisjoint() (in C) first: most figures have no period word near them
        if not _PERIOD_WORDS.isdisjoint(after):
            for i, w in enumerate(after):
                if w in _PERIODS:
                    mult = _PERIODS[w]
                    every = i > 0 and after[i - 1] in ("every", "each")
                    break
        if mult is None and not _INCOME_WORDS.isdisjoint(after[:3]):
            mult = 1
        # the words before are needed only for a period read backwards ("every month 2%") or for the verb
        before: list[str] | None = None
        if mult is None:
            before = _WORD.findall(f, max(0, s - 40), s)[-4:]
            if not _PERIOD_WORDS.isdisjoint(before):
                for i, w in enumerate(before):
                    if w in _PERIODS and i > 0 and before[i - 1] in _EVERY:
                        mult = _PERIODS[w]
                        break
            if mult is None:
                continue
        if not every:
            every = any(a in ("every", "each") and b in _PERIODS for a, b in pairwise(after))
        # a monthly (or more frequent) rate is a promised cadence even without "earn" ("1% a month")
        if not (every or mult >= 12):
            if before is None:
                before = _WORD.findall(f, max(0, s - 40), s)[-4:]
            if not any(w in _RATE_VERBS for w in before):
                continue
        if value * mult >= HIGH_RATE_THRESHOLD:
            out.append((s, e))
    return out


# --- identifiers ----------------------------------------------------------------------------------------
_SSN = re.compile(r"(?<![\d\-.])(\d{3})([-. ])(\d{2})\2(\d{4})(?![\d\-])")
_SSN_BARE = re.compile(r"(?<![\d\-])(\d{3})(\d{2})(\d{4})(?![\d\-])")
_SSN_CONTEXT = re.compile(r"\b(?:ssn|ss#|ss no|social security|social)\b")
# Nine digits spaced or dotted one by one ("5 5 5 - 0 1 - 2 2 3 4") to slip past the plain shapes: only after an
# SSN cue, as phone numbers and codes can be written so too.
_SSN_SPACED = re.compile(r"(?<![\d\-.])\d(?:[ .\-]{0,3}\d){8}(?![ .\-]{0,3}\d)")


def ssn_valid(area: str, group: str, serial: str) -> bool:
    """SSA rules: area not 000, 666 or 900-999; group not 00; serial not 0000."""
    return area != "000" and area != "666" and area[0] != "9" and group != "00" and serial != "0000"


_SSN_SHAPES = (b"999-99-9999", b"999 99 9999", b"999.99.9999")


_NON_DIGIT_BYTES = bytes(c for c in range(256) if not (48 <= c <= 57))


def digit_count(f: str) -> int:
    """Number of ASCII digits in ``f``, counted in C (bytes.translate with a delete table)."""
    return len(f.encode("utf-8", "surrogatepass").translate(None, _NON_DIGIT_BYTES))


def _ssn(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    out: list[Span] = []
    if digit_count(f) < 9:
        return out
    for m in _SSN.finditer(f):
        if ssn_valid(m.group(1), m.group(3), m.group(4)):
            out.append(m.span())
    if "soc" in f or "ssn" in f or "ss#" in f or "ss no" in f:
        for m in _SSN_BARE.finditer(f):
            if ssn_valid(m.group(1), m.group(2), m.group(3)) and _SSN_CONTEXT.search(
                f, max(0, m.start() - 40), m.start()
            ):
                out.append(m.span())
        for m in _SSN_SPACED.finditer(f):
            digits = re.sub(r"\D", "", m.group())
            if (
                m.group() != digits
                and not any(s <= m.start() and m.end() <= e for s, e in out)
                and ssn_valid(digits[:3], digits[3:5], digits[5:])
                and _SSN_CONTEXT.search(f, max(0, m.start() - 80), m.start())
                and digit_count(f[max(0, m.start() - 4) : m.start()]) == 0
            ):
                out.append(m.span())
    return out


_ACCOUNT = re.compile(
    r"\b(?:acct|account|acc|a/c)s?\b[^\n]{0,30}?(?<![\d\-])(\d{3,}(?:[- ]\d{2,}){0,3})(?![\d\-])"
)
# "ending 4471" names an account by its last digits whatever the account is called: an IRA, a 401(k), a card.
_ACCOUNT_ENDING = re.compile(
    r"\b(?:acct|account|card|a/c|acc|ira|roth|401\(?k\)?|403\(?b\)?|457\(?b\)?|brokerage|checking|savings|hsa|529"
    r"|annuity|policy)\w*\s*\(?\s*(?:#\s*)?(?:no\.?\s*)?(?:ending|ends)\s+(?:in\s+|with\s+)?(?!(?:19|20)\d\d\b)\d{4}\b"
)
_LAST4 = re.compile(
    r"\blast\s+(?:4|four)(?:\s+digits)?(?:\s+of\s+(?:my|his|her|your|the|their)?\s*"
    r"(?:social|ssn|account|acct|card|routing)\w*)?\s*(?:is|are|was|:|-|=)?\s*\d{4}\b"
)
_MASKED = re.compile(r"(?:x{2,}|\*{2,}|#{2,}|•{2,})-?\d{4}\b")
_PHONE_SHAPE = re.compile(r"^\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}$")


def _account_number(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    out: list[Span] = []
    if digit_count(f) < 4:
        return out
    if "acc" in f or "a/c" in f:
        for m in _ACCOUNT.finditer(f):
            num = m.group(1)
            digits = sum(c.isdigit() for c in num)
            if digits < 6 or _PHONE_SHAPE.match(num) or re.fullmatch(r"(?:19|20)\d\d", num):
                continue
            out.append(m.span())
    if "end" in f:
        out.extend(m.span() for m in _ACCOUNT_ENDING.finditer(f))
    if "last" in f:
        out.extend(m.span() for m in _LAST4.finditer(f))
    if "xx" in f or "**" in f or "##" in f or "••" in f:
        out.extend(m.span() for m in _MASKED.finditer(f))
    return out


_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}")


def _email(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    if "@" not in f:
        return []
    return [m.span() for m in _EMAIL.finditer(f)]


def _personal_email(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    out = []
    personal = ctx.config().personal_email
    for s, e in ctx.detect("email"):
        host = f[s:e].rsplit("@", 1)[1]
        label = host.split(".")[0]
        if _host_in(host, personal) or label in personal:
            out.append((s, e))
    return out


_DOB = re.compile(
    r"\b(?:born(?:\s+on)?|dob|d\.o\.b\.?|date\s+of\s+birth|birth\s?date|birthday\s+is)\s*(?:is|was|:|-|=)?\s*"
    r"\(?\s*(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2},?\s+\d{4})"
)


def _dob(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    if "born" not in f and "dob" not in f and "d.o.b" not in f and "birth" not in f:
        return []
    return [m.span() for m in _DOB.finditer(f)]


# The house number in digits of any script: folding reads them all as ASCII, so GATES can skip texts without one.
_STREET = re.compile(
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|"
    r"Ln|Lane|Ct|Court|Way|Pl|Place|Ter|Terrace|Cir|Circle|Pkwy|Parkway|Hwy|Highway)\b\.?"
)


def _street_address(ctx: DetectorContext) -> list[Span]:
    return [(ctx.to_folded(m.start()), ctx.to_folded(m.end())) for m in _STREET.finditer(ctx.text)]


# --- securities -----------------------------------------------------------------------------------------
_CASHTAG = re.compile(r"(?<![\w$])\$[a-z][a-z0-9]{0,5}(?:\.[a-z]{1,2})?(?![\w])")


def _cashtag(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    if "$" not in f:
        return []
    out = []
    for i in _find_all(f, "$"):
        if i > 0 and (f[i - 1].isalnum() or f[i - 1] in "_$"):
            continue
        m = _CASHTAG.match(f, i)
        if m is not None:
            out.append(m.span())
    return out


_TICKER_PAREN = re.compile(
    r"\((?:(?:NYSE|NASDAQ|Nasdaq|NYSEARCA|NYSE Arca|AMEX|OTC|CBOE|TSX)\s*:\s*)?([A-Z]{1,5}(?:\.[A-Z])?)\)"
)
_TICKER_EXCHANGE = re.compile(r"\b(?:NYSE|NASDAQ|Nasdaq|NYSEARCA|ticker|symbol)\s*:\s*[A-Z]{1,5}\b")
_FUND_TICKER = re.compile(r"\b[A-Z]{4}X\b")
# Parenthesised capitals that are acronyms, not tickers.
# fmt: off
_NOT_TICKERS = frozenset(
    """A I IAPD SEC FINRA CFP CFA RMD RMDS QCD QCDS ETF ETFS NUA HSA IRA IRAS POA USA US FDIC SIPC CPA IRS
    SSA CFPB FTC NCUA BLS CPI GDP FAQ DAF PTET ACA LTC AI CEO CFO COO ESG REIT REITS IPO APY APR YTD EST
    PST CST MST ET PT AM PM OK DM DMS PDF TBD TIPS DOL ERISA SEP SIMPLE HELOC LLC MD PA NY CA OH FL TX
    CDFA CLU CHFC RICP CIMA CPWA AIF CRPC MYGA FIA VA SPIA DIA UMA SMA RIA BD MSCI FOMC ECB FED UK EU UN
    NBA NFL MLB NHL FAFSA ABLE UTMA UGMA DNR LTCI SS SSI SSDI PIN ID OTP KYC AML CD CDS COLA GRAT ILIT
    CRT CLT DST QOZ AUM NAV EPS PE ROI ROTH TSP FERS CSRS PSLF HR VP CTO CMO EVP SVP MBA JD PHD RN MD
    DDS LGBT LGBTQ ADA FAQ HOA EV EVS""".split()  # noqa: SIM905
)
# fmt: on


def _ticker(ctx: DetectorContext) -> list[Span]:
    text = ctx.text
    out: list[Span] = []
    if "(" in text:
        for m in _TICKER_PAREN.finditer(text):
            if m.group(1) not in _NOT_TICKERS and len(m.group(1)) >= 2:
                out.append((ctx.to_folded(m.start()), ctx.to_folded(m.end())))
    if ":" in text and (
        "NYSE" in text or "NASDAQ" in text or "Nasdaq" in text or "icker" in text or "ymbol" in text
    ):
        out.extend(
            (ctx.to_folded(m.start()), ctx.to_folded(m.end())) for m in _TICKER_EXCHANGE.finditer(text)
        )
    if "X" in text:
        for m in _FUND_TICKER.finditer(text):
            if m.group() not in _NOT_TICKERS:
                out.append((ctx.to_folded(m.start()), ctx.to_folded(m.end())))
    return out


# Tickers that are also English words ("COST", "SHOP", "HOOD", "DIS", "KO") are told from the words only by their
# capitals, which the folded view has lost: they are looked for in the original text.  Those people also write
# in capitals for emphasis ("the COST of waiting", "SHOP local") count only beside a securities cue.
_CAPS_TICKERS = frozenset({"HOOD", "DIS", "KO", "PEP", "BIL", "META"})
_CAPS_TICKERS_CUED = frozenset({"COST", "SHOP", "SNOW", "COIN", "AMC"})
# "(?<![\w$])(?:HOOD|DIS|...)(?![\w'-])" written to start with a character class (see _TITLE_NAME): the regex
# engine then skips to the next candidate capital instead of trying every alternative at every position.
_CAPS_FIRST = "".join(sorted({t[0] for t in _CAPS_TICKERS | _CAPS_TICKERS_CUED}))
_CAPS_TICKER = re.compile(
    "["
    + _CAPS_FIRST
    + r"](?<![\w$]["
    + _CAPS_FIRST
    + "])(?:"
    + "|".join(f"(?<={t[0]}){t[1:]}" for t in sorted(_CAPS_TICKERS | _CAPS_TICKERS_CUED, key=len, reverse=True))
    + r")(?![\w'\u2019-])"
)
_SECURITY_CUE = re.compile(
    r"\b(?:shares?|stocks?|positions?|calls|puts|earnings|dividends?|ticker|bought|buy(?:ing)?|sell(?:ing)?|sold|"
    r"trim(?:med|ming)?|add(?:ed|ing)?|own(?:ed)?|holdings?|overweight|underweight|price target|valuation|"
    r"all-time high|52-week|rall(?:y|ied)|nyse|nasdaq|s&p)\b|[+-]?\d+(?:\.\d+)?%|\$[a-z]"
)
_UPPER_BYTES = bytes(c for c in range(256) if not (65 <= c <= 90))
_LETTER_BYTES = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122))


def _ticker_caps(ctx: DetectorContext) -> list[Span]:
    """All-capital tickers that are also words ("Trimmed KO, added PEP"), outside all-capital stretches."""
    text = ctx.text
    out: list[Span] = []
    for m in _CAPS_TICKER.finditer(text):
        s, e = m.span()
        # the line (or 80 characters either side) must not be written in capitals
        lo = max(text.rfind("\n", 0, s) + 1, s - 80)
        hi = text.find("\n", e)
        hi = min(e + 80, len(text)) if hi < 0 else min(hi, e + 80)
        around = text[lo:hi].encode("ascii", "ignore")
        if len(around.translate(None, _UPPER_BYTES)) * 2 > len(around.translate(None, _LETTER_BYTES)):
            continue
        fs, fe = ctx.to_folded(s), ctx.to_folded(e)
        if m.group() in _CAPS_TICKERS_CUED:
            f = ctx.folded
            flo = max(f.rfind("\n", 0, fs) + 1, fs - 60)
            fhi = f.find("\n", fe)
            fhi = min(fe + 60, len(f)) if fhi < 0 else min(fhi, fe + 60)
            if not _SECURITY_CUE.search(f, flo, fhi):
                continue
        out.append((fs, fe))
    return out


# --- links ----------------------------------------------------------------------------------------------
_URL_TLDS = r"(?:com|org|net|gov|edu|mil|io|co|us|ly|me|gg|tv|fm|news|info|biz|uk|ca|de|fr|app|page|link|to|be|ai)"
_URL = re.compile(r"(?<![@\w.\-])(?:https?://)?(?:www\.)?((?:[a-z0-9\-]+\.)+" + _URL_TLDS + r")\b(/[^\s)\]\"'<>]*)?")
# The dot before a TLD of _URL: every match holds one, with no space or line break between the match's start
# and it, so no match starts before the last of those ahead of the first such dot (see _third_party_link).
_URL_TLD_DOT = re.compile(r"\." + _URL_TLDS + r"\b")
_URL_GATES = (
    "http",
    "www.",
    ".com",
    ".org",
    ".gov",
    ".net",
    ".io",
    ".co",
    ".ly/",
    ".be/",
    ".me/",
    ".gg/",
    ".edu",
    ".tv",
    ".fm",
    ".news",
    ".uk",
    ".ca/",
    ".ai",
)
_ARTICLE_PATH = re.compile(
    r"/(?:articles?|news/|story|stories|research|insights?|opinion|status|watch|video|podcasts?|episode|pulse|"
    r"p/|markets/|economy|investing/|personal-finance|commentary|perspectives|outlook)"
)
_SHORTENERS = (
    "bit.ly",
    "t.co",
    "tinyurl.com",
    "ow.ly",
    "buff.ly",
    "lnkd.in",
    "goo.gl",
    "t.me",
    "wa.me",
    "rb.gy",
    "signal.me",
    "discord.gg",
    "chat.whatsapp.com",
)


_URL_GATE = re.compile(r"\.(?:com|org|gov|net|io|co|ly|be|me|gg|edu|tv|fm|news|uk|ca|ai)\b|http|www\.")


def _third_party_link(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    if (
        "." not in f
        or not ("/" in f or ".com" in f or ".org" in f or ".gov" in f or "www" in f)
        or not (_URL_GATE.search(f))
    ):
        return []
    dot = _URL_TLD_DOT.search(f)
    if dot is None:
        return []
    cfg = ctx.config()
    out = []
    first = dot.start()
    for m in _URL.finditer(f, max(f.rfind(" ", 0, first), f.rfind("\n", 0, first)) + 1):
        host = m.group(1)
        path = m.group(2) or ""
        if (
            _host_in(host, cfg.allowed_domains)
            or _host_in(host, cfg.firm_domains)
            or _host_in(host, _SHORTENERS)
        ):
            continue
        if (
            _host_in(host, cfg.third_party_domains)
            or host.endswith(".gov")
            or host.endswith(".mil")
            or (len(path) > 1 and _ARTICLE_PATH.search(path))
        ):
            out.append(m.span())
    return out


# --- people ---------------------------------------------------------------------------------------------
# These two start with a character class and test the word boundary just after it ("[MD](?<!\w[MD])" is
# "\b[MD]"): a pattern that opens with a class lets the regex engine skip to the next candidate character,
# where a leading "\b" is tried at every position of the post.  Same matches as
#   \b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?
#   \b([UPPER][LOWER]+)(?:\s+[A-Z]\.)?(?:\s+([UPPER][LOWER'\-]+))?   (_UPPER, _LOWER below)
_TITLE_NAME = re.compile(
    r"[MD](?<!\w[MD])(?:(?<=M)(?:r|rs|s|iss|x)|(?<=D)r)\.?\s+[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?"
)
# Latin letters with their accents (Latin-1 and Latin Extended-A, whose capitals and small letters alternate: a
# match's first letter is checked for case): "Teófilo Quispe", "Bjørn Eide", "Şükrü Yılmaz".
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LOWER = "a-zß-öø-ÿĀ-ſ"
_CAP_NAME = re.compile(
    rf"([{_UPPER}](?<!\w[{_UPPER}])[{_LOWER}]+)(?:\s+[A-Z]\.)?(?:\s+([{_UPPER}][{_LOWER}'\-]+))?"
)
_NEXT_CAPITAL = re.compile(rf"\s+[{_UPPER}][{_LOWER}]")
_FAMILY = re.compile(r"\b[Tt]he\s+[A-Z][a-z'\-]+\s+(?:family|household)\b")  # "t" is everywhere: kept as is
# A capitalised word and one initial ("Tom R.,", "Dev K.'s", "Ana P. whose"): the way posts shorten a client's
# name, so it reads as a name even when the first name is not in the list.  The initial's period must not start
# another initial ("Washington D.C."), and what follows is a comma, a possessive or a lower-case word, not the
# capital of a new sentence ("... Part B. The premium").  Words that take a letter as a label are left out.
_INITIAL_NAME = re.compile(r"([A-Z](?<![\w.][A-Z])[a-z]{1,14})\s[A-Z]\.(?!\s?[A-Z]\.)(?=,|'s\b|\u2019s\b|\s+[a-z])")
# fmt: off
_LABEL_WORDS = frozenset(
    """part plan class vitamin section schedule form tier series option type grade level phase exhibit
    appendix chapter title article item step room suite unit building gate terminal washington model version
    page figure table box line group team block zone floor hall wing lot row seat share shares fund funds
    note notes bond bonds rule subpart paragraph clause question answer hepatitis""".split()  # noqa: SIM905
)
# fmt: on


def _person_name(ctx: DetectorContext) -> list[Span]:
    text = ctx.text
    names = ctx.config().first_names
    out = []
    # exact gates: a _TITLE_NAME match starts with one of these titles, a _FAMILY match holds its last word
    if "Mr" in text or "Ms" in text or "Mi" in text or "Mx" in text or "Dr" in text:
        for m in _TITLE_NAME.finditer(text):
            out.append((m.start(), m.end()))
    pos = 0
    while True:
        cap = _CAP_NAME.search(text, pos)
        if cap is None:
            break
        first = cap.group(1)
        if first.lower() in names and first[0].isupper():
            out.append((cap.start(), cap.end()))
            pos = cap.end()
        elif cap.group(2) and _NEXT_CAPITAL.match(text, cap.end()):
            # "Congrats John Smith": the capital word before a name must not take the name for its surname (but
            # in "San Francisco" or "Lockheed Martin" the second word is no first name)
            pos = cap.start(2)
        else:
            pos = cap.end()
    if ". " in text or ".," in text or ".'" in text or ".\u2019" in text:
        for m in _INITIAL_NAME.finditer(text):
            if m.group(1).lower() not in names and m.group(1).lower() not in _LABEL_WORDS:
                out.append((m.start(), m.end()))
    if "family" in text or "household" in text:
        for m in _FAMILY.finditer(text):
            out.append((m.start(), m.end()))
    if not out and _mostly_capitals(text):
        # a text written in capitals ("PRAYERS FOR MY CLIENT TOM REILLY") has no case to tell names by: a first
        # name from the list, with the next word as its surname
        for m in _UPPER_WORD.finditer(text):
            if m.group().lower() in names:
                surname = _UPPER_SURNAME.match(text, m.end())
                out.append((m.start(), surname.end() if surname else m.end()))
    return [(ctx.to_folded(s), ctx.to_folded(e)) for s, e in out]


_UPPER_WORD = re.compile(r"[A-Z](?<![\w'][A-Z])[A-Z]{1,14}(?![\w'])")
_UPPER_SURNAME = re.compile(r"(?:\s+[A-Z]\.)?\s+[A-Z][A-Z'\-]+(?![\w])|\s+[A-Z]\.")


def _mostly_capitals(text: str) -> bool:
    """Whether at least two thirds of the ASCII letters of ``text`` (and at least 12) are capitals."""
    raw = text.encode("ascii", "ignore")
    letters = len(raw.translate(None, _LETTER_BYTES))
    return letters >= 12 and len(raw.translate(None, _UPPER_BYTES)) * 3 >= letters * 2


_HANDLE = re.compile(r"(?<![\w@.])@[a-z0-9_]{2,30}\b(?!\.[a-z])")


def _handle(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    if "@" not in f:
        return []
    return [m.span() for m in _HANDLE.finditer(f)]


# A capitalised product name ending in a product noun with at least one investment word in it:
# "Lakeshore Dividend Growth Fund", "Core Stability Fund", "Income Plus notes".  Charity funds such as
# "Eastside Youth Literacy Fund" lack the investment word.
_NAMED_PRODUCT = re.compile(
    r"\b((?:[A-Z][\w&'.\-]*\s+){1,5})(?:Fund|Funds|ETF|ETFs|Portfolio|Portfolios|Annuity|Notes?|CDs?|REIT|"
    r"Index Fund|Bond Fund|Trust)\b"
)
# fmt: off
_INVESTMENT_WORDS = frozenset(
    """income growth dividend equity equities bond bonds value index stability yield balanced core tactical
    premier total market capital strategic global international emerging small mid large cap fixed
    treasury municipal muni tax plus select opportunity opportunities alpha momentum esg sustainable
    conservative moderate aggressive wellington vanguard fidelity schwab blackrock ishares spdr invesco
    pimco franklin dodge cox rowe price american stable accelerator high secure real estate credit
    duration short intermediate long term""".split()  # noqa: SIM905
)
# fmt: on


_PRODUCT_GATES = (" Fund", " ETF", " Portfolio", " Annuit", " Note", " CD", " REIT", " Trust")


def _named_product(ctx: DetectorContext) -> list[Span]:
    text = ctx.text
    out: list[Span] = []
    if not (
        " Fund" in text
        or " ETF" in text
        or " Portfolio" in text
        or " Annuit" in text
        or " Note" in text
        or " CD" in text
        or " REIT" in text
        or " Trust" in text
    ):
        return out
    for m in _NAMED_PRODUCT.finditer(text):
        words = {w.lower().strip(".'") for w in m.group(1).split()}
        if words & _INVESTMENT_WORDS:
            out.append((ctx.to_folded(m.start()), ctx.to_folded(m.end())))
    return out


def _quote(ctx: DetectorContext) -> list[Span]:
    return [(s, e) for s, e in ctx.quote_regions() if e - s >= 12]


# --- profanity hidden behind symbols --------------------------------------------------------------------
_MASK_GATES = (b"a*", b"*a", b"a#", b"#a", b"a@a", b"@a", b"a!a", b"$a", b"a%a")
_MASKED_PROFANITY = re.compile(
    r"(?<![\w@$*#])(?:"
    r"(?:mother)?f(?:[*#@$%!]{1,4}|u[*#@$%!]{1,3}|[*#@$%!]{1,3}c)k?(?:ing|in|ed|er|ers)?"
    r"|(?:bull|horse)?sh[*#@%]t(?:ty|s)?|s[*#@]{2}t|\$h[i!1*]t|b[*#@!]tch(?:es|y)?|a[*#@$]{2}(?:hole)?|@ss(?:hole)?"
    r"|d[*#@]mn(?:ed|it)?|cr[*#@]p|p[*#@]ss(?:ed)?|d[*#@]ck|c[*#@]nt|b[*#@]llsh[*#@i!]t"
    r")(?![\w*])"
)


# Every match of _MASKED_PROFANITY holds a mask character right after one of these letters ("f*", "sh#t",
# "a$$", "b!tch"), or "@ss" or "$h": finding one is far cheaper than running the pattern at every position,
# and hashtags or exclamation marks after other letters rule it out.
_MASK_CHARS = "*#@$%!"
_MASKED_AFTER = frozenset("fuhsdrpcba")


def _mask_hint(f: str) -> bool:
    for c in _MASK_CHARS:
        i = f.find(c)
        while i >= 0:
            if i > 0 and f[i - 1] in _MASKED_AFTER:
                return True
            i = f.find(c, i + 1)
    return "@ss" in f or "$h" in f


def _profanity_masked(ctx: DetectorContext) -> list[Span]:
    f = ctx.folded
    # "sh!t" and "a$$" style forms reach the phrase list through the words view; here only masks remain
    if not ("*" in f or "#" in f or "@" in f or "$h" in f or "$$" in f) or not _mask_hint(f):
        return []
    return [m.span() for m in _MASKED_PROFANITY.finditer(ctx.folded)]


DETECTORS: dict[str, Callable[[DetectorContext], list[Span]]] = {
    "percent": _percent,
    "money": _money,
    "large_money": _large_money,
    "multiple": _multiple,
    "figure": _figure,
    "high_rate": _high_rate,
    "high_figure": _high_figure,
    "ssn": _ssn,
    "account_number": _account_number,
    "email": _email,
    "personal_email": _personal_email,
    "dob": _dob,
    "street_address": _street_address,
    "cashtag": _cashtag,
    "ticker": _ticker,
    "ticker_caps": _ticker_caps,
    "third_party_link": _third_party_link,
    "person_name": _person_name,
    "quote": _quote,
    "handle": _handle,
    "named_product": _named_product,
    "profanity_masked": _profanity_masked,
}
DETECTOR_NAMES = frozenset(DETECTORS)

# Relative cost of detectors that scan the original text with case-sensitive patterns (default 1).
COSTS: dict[str, int] = {
    "person_name": 3,
    "street_address": 2,  # anchored on a house number: fails fast, so it runs before person_name
    "named_product": 2,
    "ticker": 2,
    "ticker_caps": 2,
}

# Fewest ASCII digits the folded text must hold for a detector to find anything (the detectors' own first
# test), so the engine can skip the call: counting digits is one C call, a detector call is not.
DIGIT_GATES: dict[str, int] = {"ssn": 9, "account_number": 4}

# Substrings of the folded text of which at least one must be present for a detector to find anything;
# lets a proximity clause be skipped before any detector runs.  Detectors missing here have no cheap gate.
GATES: dict[str, tuple[str, ...]] = {
    "percent": ("%", "percent", "per cent", "pct"),
    "money": ("$", "€", "£", "usd", "dollars", "bucks"),
    "large_money": ("$", "€", "£", "usd", "dollars", "bucks"),
    "multiple": ("x", "fold"),
    "figure": ("%", "percent", "per cent", "pct", "$", "€", "£", "usd", "dollars", "bucks", "x", "fold"),
    "high_rate": ("%", "percent", "per cent", "pct"),
    "high_figure": ("%", "percent", "per cent", "pct"),
    "email": ("@",),
    "personal_email": ("@",),
    "handle": ("@",),
    "cashtag": ("$",),
    "quote": ('"',),
    "dob": ("born", "dob", "d.o.b", "birth"),
    "account_number": ("acc", "a/c", "end", "last", "xx", "**", "##", "••"),
    "third_party_link": ("/", ".com", ".org", ".gov", "www"),
    "street_address": tuple("0123456789"),
    "profanity_masked": ("*", "#", "@", "$h", "$$"),
    # the two below match the original text case-sensitively; their lower-cased triggers are necessary here
    "named_product": tuple(g.lower() for g in _PRODUCT_GATES),
    "ticker": ("(", "x", "nyse", "nasdaq", "ticker", "symbol"),
    # a word-like ticker as a whole word after a space (the phrase pass finds " cost " and " cost." as the word
    # " cost "), or one that opens the text when few words end like it ("dis ", not "shop " as in "workshop");
    # the rest opening a text are missed here, but the rule's proximity clause still sees them beside a cue
    "ticker_caps": tuple(
        " " + t + end
        for t in ("hood", "dis", "ko", "pep", "bil", "meta", "cost", "shop", "snow", "coin", "amc")
        for end in (" ", ".", ",")
    )
    + tuple(t + " " for t in ("dis", "ko", "pep", "bil", "meta", "cost", "snow", "amc")),
}

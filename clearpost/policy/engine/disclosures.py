"""Mandatory disclosures, attached to a post so that they count toward the network's length limit.

Compliance admins keep each disclosure in a long form and a short form. The engine decides which
disclosures a post needs (a performance figure needs the performance disclosure, and so on);
`fit_disclosures` then appends them: the long forms when the whole post still fits, otherwise the
short forms followed by a link to the full text on a disclosure page Clearpost hosts. This is the
practice FINRA accepts for character-limited posts (Regulatory Notices 10-06 and 11-39): the short
text must say what the risk is and the full text must be one click away. The advisor's own text is
never shortened or altered; when even the short forms do not fit, the result says so (``fits`` is
False) and the advisor has to shorten the post.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clearpost.policy.engine.length import LengthReport, measure, normalize_network

# How the block is joined to the post. X is tight, so one line break and spaces; elsewhere a blank
# line sets the disclosures apart and each starts on its own line.
_BLOCK_SEPARATOR = {"x": "\n", "linkedin": "\n\n", "mastodon": "\n\n"}
_ITEM_SEPARATOR = {"x": " ", "linkedin": "\n", "mastodon": "\n"}
# On X the bare URL saves characters; elsewhere a label tells the reader what the link is.
_LINK_LABEL = {"x": "", "linkedin": "Full disclosures: ", "mastodon": "Full disclosures: "}


@dataclass(frozen=True, slots=True)
class Disclosure:
    """A disclosure text as a compliance admin maintains it, in a long and a short form."""

    id: str
    title: str
    long_text: str
    short_text: str

    def __post_init__(self) -> None:
        # An empty form would count as "already in the post" and silently never be attached.
        if not (self.id and self.long_text.strip() and self.short_text.strip()):
            raise ValueError(f"disclosure {self.id!r} needs an id, a long form and a short form")


@dataclass(frozen=True, slots=True)
class FittedPost:
    """The post as it will be published, with the disclosures attached and its length on the network."""

    text: str
    length: LengthReport
    forms: dict[str, str]  # disclosure id -> "long" | "short"
    link: str | None  # the disclosure page URL when it was appended (short forms)

    @property
    def fits(self) -> bool:
        return self.length.fits


def _disclosure(id: str, title: str, long_text: str, short_text: str) -> Disclosure:
    return Disclosure(id=id, title=title, long_text=" ".join(long_text.split()), short_text=short_text)


# Baseline texts for a US broker-dealer / registered investment adviser. Firms are expected to
# adapt them (firm name, affiliations, testimonial specifics required by SEC rule 206(4)-1).
DEFAULT_DISCLOSURES: dict[str, Disclosure] = {
    d.id: d
    for d in (
        _disclosure(
            "performance",
            "Performance",
            """Past performance is not a guarantee or a reliable indicator of future results.
            Performance figures are historical and, unless stated otherwise, assume reinvestment of
            dividends and other earnings and do not reflect fees, expenses or taxes, which would reduce
            returns. Investment return and principal value will fluctuate, so an investment may be worth
            more or less than its original cost when sold. Indexes are unmanaged and cannot be invested
            in directly.""",
            "Past performance does not guarantee future results.",
        ),
        _disclosure(
            "forecast",
            "Forecasts and opinions",
            """This post contains opinions, forecasts or other forward-looking statements. They reflect
            the author's judgment at the date of posting, rest on assumptions that may prove wrong, may
            change without notice and are not guarantees. Actual results may differ materially. They
            are not a recommendation to buy or sell any security.""",
            "Forecasts are opinions, not guarantees; actual results may differ.",
        ),
        _disclosure(
            "third_party",
            "Third-party content",
            """This post shares or links to content produced by a third party that is not affiliated
            with our firm. It is provided for information only. Our firm has not verified its accuracy
            or completeness and does not endorse the views, products or services it describes.""",
            "Third-party content; not verified or endorsed by our firm.",
        ),
        _disclosure(
            "testimonial",
            "Testimonials and endorsements",
            """This post includes a testimonial or endorsement. It may not be representative of the
            experience of other clients and is no guarantee of future performance or success. Unless
            stated with it, the person quoted is a current client who received no cash or non-cash
            compensation for it; any compensation or other relationship with our firm would create a
            conflict of interest.""",
            "Testimonial; may not represent other clients' experience. No guarantee of results.",
        ),
        _disclosure(
            "crypto",
            "Digital assets",
            """Digital assets such as cryptocurrencies are highly speculative and volatile, and you
            could lose your entire investment. They are not protected by SIPC or insured by the FDIC,
            may be subject to limited regulation, and carry risks of fraud, theft, manipulation and
            loss of access. This is not a recommendation to buy, sell or hold any digital asset.""",
            "Crypto is highly speculative and volatile; you may lose it all. Not SIPC/FDIC protected.",
        ),
        _disclosure(
            "general",
            "Investment risk",
            """Investing involves risk, including the possible loss of principal. No strategy, including
            diversification or asset allocation, assures a profit or protects against loss. This post is
            for general information only and is not individualized investment advice, a recommendation,
            or an offer to buy or sell any security.""",
            "Investing involves risk, including loss of principal. Not investment advice.",
        ),
        _disclosure(
            "tax",
            "Tax and legal",
            """Our firm and its financial professionals do not provide tax or legal advice. This
            information is general, based on current law that may change, and may not apply to your
            situation. Consult a qualified tax advisor or attorney about your circumstances.""",
            "Not tax or legal advice; consult a tax professional.",
        ),
    )
}


def _unique(disclosures: Sequence[Disclosure]) -> list[Disclosure]:
    seen: set[str] = set()
    unique = []
    for disclosure in disclosures:
        if disclosure.id not in seen:
            seen.add(disclosure.id)
            unique.append(disclosure)
    return unique


def _separator(text: str, wanted: str) -> str:
    """`wanted`, less the line breaks (or, on X, any whitespace) the post already ends with."""
    if wanted == "\n" and text[-1:].isspace():
        return ""
    return wanted[len(text) - len(text.rstrip("\n")) :]


def fit_disclosures(
    text: str,
    network: str,
    disclosures: Sequence[Disclosure],
    *,
    disclosure_url: str | None = None,
    limit: int | None = None,
) -> FittedPost:
    """Append `disclosures` to `text` (in the order given, each id once) the way they will be published.

    Long forms if the result fits the network; otherwise short forms plus `disclosure_url`, which
    counts as 23 characters on X and Mastodon. Short forms are used only with a link to the long
    text, so without `disclosure_url` the long forms stay and the post is reported as not fitting.
    A disclosure already present in the text (long or short form) is not appended again, so fitting
    an already fitted post changes nothing. `limit` is the Mastodon instance's limit, if not 500.
    """
    net = normalize_network(network)
    forms: dict[str, str] = {}
    missing: list[Disclosure] = []
    for disclosure in _unique(disclosures):
        if disclosure.long_text in text:
            forms[disclosure.id] = "long"
        elif disclosure.short_text in text:
            forms[disclosure.id] = "short"
        else:
            missing.append(disclosure)
    link_present = disclosure_url is not None and disclosure_url in text
    present_link = disclosure_url if link_present else None
    if not missing:
        return FittedPost(text, measure(text, net, limit=limit), forms, present_link)

    block_separator = _separator(text, _BLOCK_SEPARATOR[net]) if text else ""

    def attach(parts: list[str]) -> tuple[str, LengthReport]:
        fitted = text + block_separator + _ITEM_SEPARATOR[net].join(parts)
        return fitted, measure(fitted, net, limit=limit)

    # A post re-fitted after going out with short forms and the link keeps to short forms.
    short_already = link_present and "short" in forms.values()
    if disclosure_url is None or not short_already:
        long_text, long_report = attach([d.long_text for d in missing])
        if long_report.fits or disclosure_url is None:
            return FittedPost(long_text, long_report, forms | {d.id: "long" for d in missing}, present_link)

    parts = [d.short_text for d in missing]
    if not link_present:
        parts.append(_LINK_LABEL[net] + disclosure_url)
    short_text, short_report = attach(parts)
    return FittedPost(short_text, short_report, forms | {d.id: "short" for d in missing}, disclosure_url)

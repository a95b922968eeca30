"""Attaching mandatory disclosures to a post within the network's length limit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearpost.policy.engine.disclosures import DEFAULT_DISCLOSURES, Disclosure, fit_disclosures
from clearpost.policy.engine.length import measure

URL = "https://disclosures.clearpost.app/d/8f3a2c"  # a real TLD, so X and Mastodon count it as 23
PERFORMANCE = DEFAULT_DISCLOSURES["performance"]
GENERAL = DEFAULT_DISCLOSURES["general"]
CRYPTO = DEFAULT_DISCLOSURES["crypto"]
POST = "Our balanced model portfolio returned 8.2% last year. Ask me how it could fit your plan."


def test_default_disclosures_cover_the_baseline_ids() -> None:
    assert set(DEFAULT_DISCLOSURES) == {
        "performance",
        "forecast",
        "third_party",
        "testimonial",
        "crypto",
        "general",
        "tax",
    }
    for key, disclosure in DEFAULT_DISCLOSURES.items():
        assert disclosure.id == key
        assert disclosure.title
        assert len(disclosure.short_text) < len(disclosure.long_text)
        # A short form must leave room for a post and the link on X.
        assert measure(disclosure.short_text, "x").counted <= 100


def test_no_disclosures_leaves_the_text_unchanged() -> None:
    fitted = fit_disclosures(POST, "x", [], disclosure_url=URL)
    assert fitted.text == POST
    assert fitted.forms == {}
    assert fitted.link is None
    assert fitted.length == measure(POST, "x")


def test_long_forms_fit_on_linkedin_after_a_blank_line() -> None:
    fitted = fit_disclosures(POST, "linkedin", [PERFORMANCE, GENERAL], disclosure_url=URL)
    assert fitted.text == f"{POST}\n\n{PERFORMANCE.long_text}\n{GENERAL.long_text}"
    assert fitted.forms == {"performance": "long", "general": "long"}
    assert fitted.link is None
    assert fitted.fits


def test_x_falls_back_to_short_forms_and_the_disclosure_link() -> None:
    fitted = fit_disclosures(POST, "twitter", [PERFORMANCE, GENERAL], disclosure_url=URL)
    assert fitted.text == f"{POST}\n{PERFORMANCE.short_text} {GENERAL.short_text} {URL}"
    assert fitted.forms == {"performance": "short", "general": "short"}
    assert fitted.link == URL
    assert fitted.fits
    assert fitted.length.network == "x"


def test_the_count_includes_the_disclosures_and_the_link_as_23() -> None:
    fitted = fit_disclosures(POST, "x", [PERFORMANCE, GENERAL], disclosure_url=URL)
    disclosures = len(PERFORMANCE.short_text) + len(GENERAL.short_text)
    assert fitted.length.counted == len(POST) + 1 + disclosures + 1 + 1 + 23
    assert fitted.length == measure(fitted.text, "x")


def test_mastodon_uses_the_instance_limit() -> None:
    default = fit_disclosures(POST, "mastodon", [PERFORMANCE, CRYPTO], disclosure_url=URL)
    assert default.forms == {"performance": "short", "crypto": "short"}
    assert default.text.endswith(f"\nFull disclosures: {URL}")
    roomy = fit_disclosures(POST, "mastodon", [PERFORMANCE, CRYPTO], disclosure_url=URL, limit=5000)
    assert roomy.forms == {"performance": "long", "crypto": "long"}
    assert roomy.length.limit == 5000


def test_short_forms_are_never_used_without_a_link_to_the_long_text() -> None:
    fitted = fit_disclosures(POST, "x", [PERFORMANCE], disclosure_url=None)
    assert fitted.forms == {"performance": "long"}
    assert fitted.link is None
    assert not fitted.fits


def test_a_post_too_long_even_with_short_forms_is_reported_not_truncated() -> None:
    post = "a" * 270
    fitted = fit_disclosures(post, "x", [PERFORMANCE], disclosure_url=URL)
    assert fitted.text.startswith(post)
    assert fitted.forms == {"performance": "short"}
    assert not fitted.fits
    assert fitted.length.counted > 280


def test_disclosures_keep_the_given_order_and_appear_once() -> None:
    order = [CRYPTO, PERFORMANCE, GENERAL, PERFORMANCE]
    for network in ("linkedin", "x"):
        fitted = fit_disclosures(POST, network, order, disclosure_url=URL)
        field = "long_text" if network == "linkedin" else "short_text"
        positions = [fitted.text.find(getattr(d, field)) for d in (CRYPTO, PERFORMANCE, GENERAL)]
        assert -1 not in positions
        assert positions == sorted(positions)
        assert fitted.text.count(getattr(PERFORMANCE, field)) == 1
        assert list(fitted.forms) == ["crypto", "performance", "general"]


@pytest.mark.parametrize("network", ["x", "linkedin", "mastodon"])
def test_fitting_is_idempotent(network: str) -> None:
    once = fit_disclosures(POST, network, [PERFORMANCE, GENERAL], disclosure_url=URL)
    twice = fit_disclosures(once.text, network, [PERFORMANCE, GENERAL], disclosure_url=URL)
    assert twice == once


def test_a_disclosure_already_in_the_post_is_not_repeated() -> None:
    post = f"{POST}\n\n{GENERAL.long_text}"
    fitted = fit_disclosures(post, "linkedin", [GENERAL, PERFORMANCE], disclosure_url=URL)
    assert fitted.text == f"{post}\n\n{PERFORMANCE.long_text}"
    assert fitted.forms == {"general": "long", "performance": "long"}


def test_a_disclosure_added_later_to_a_short_form_post_stays_short_with_one_link() -> None:
    once = fit_disclosures(POST, "x", [PERFORMANCE], disclosure_url=URL)
    later = fit_disclosures(once.text, "x", [PERFORMANCE, GENERAL], disclosure_url=URL)
    assert later.text == f"{once.text}\n{GENERAL.short_text}"
    assert later.text.count(URL) == 1
    assert later.forms == {"performance": "short", "general": "short"}


def test_existing_trailing_line_breaks_are_reused() -> None:
    assert fit_disclosures(POST + "\n", "linkedin", [GENERAL]).text == f"{POST}\n\n{GENERAL.long_text}"
    fitted = fit_disclosures(POST + "\n", "x", [GENERAL], disclosure_url=URL)
    assert fitted.text == f"{POST}\n{GENERAL.short_text} {URL}"


def test_an_empty_post_gets_the_disclosures_alone() -> None:
    assert fit_disclosures("", "linkedin", [GENERAL]).text == GENERAL.long_text


def test_a_disclosure_needs_both_forms() -> None:
    with pytest.raises(ValueError):
        Disclosure(id="x", title="X", long_text="Full text.", short_text=" ")


_texts = st.text(min_size=1, max_size=120).filter(str.strip)
_disclosures = st.lists(
    st.builds(
        Disclosure, id=st.sampled_from(["a", "b", "c", "d"]), title=st.just("t"), long_text=_texts, short_text=_texts
    ),
    max_size=5,
)


@given(
    text=st.text(max_size=400),
    network=st.sampled_from(["x", "linkedin", "mastodon"]),
    disclosures=_disclosures,
    url=st.sampled_from([None, URL]),
)
def test_fitting_never_alters_the_advisors_text_and_is_stable(
    text: str, network: str, disclosures: list[Disclosure], url: str | None
) -> None:
    fitted = fit_disclosures(text, network, disclosures, disclosure_url=url)
    assert fitted.text.startswith(text)
    assert fitted.length == measure(fitted.text, network)
    assert set(fitted.forms) == {d.id for d in disclosures}
    again = fit_disclosures(fitted.text, network, disclosures, disclosure_url=url)
    assert again.text == fitted.text

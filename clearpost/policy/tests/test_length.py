"""Per-network length rules: X (twitter-text conformance), LinkedIn and Mastodon."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from clearpost.policy.engine.length import (
    CONFIG_V2,
    CONFIG_V3,
    LIMITS,
    LengthReport,
    TwitterTextConfig,
    extract_urls,
    measure,
    normalize_network,
    parse_tweet,
)

# The repository's sibling shared/ folder (read-only in CI, absent in a bare checkout).
SPECS = Path(__file__).resolve().parents[3].parent / "shared" / "specs" / "twitter-text"
VALIDATE = SPECS / "conformance_validate.yml"
EXTRACT = SPECS / "conformance_extract.yml"
TLDS = SPECS / "conformance_tlds.yml"


@cache
def _load(path: Path) -> dict[str, list[dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        tests: dict[str, list[dict[str, Any]]] = yaml.safe_load(fh)["tests"]
    return tests


def _cases(path: Path, group: str) -> list[Any]:
    """One pytest param per conformance case, or a single skipped param naming the missing file."""
    if not path.exists():
        reason = f"twitter-text conformance data not found at {path}"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="conformance-data-absent")]
    return [pytest.param(case, id=f"{i:02d}-{case['description'][:60]}") for i, case in enumerate(_load(path)[group])]


def _parse_as_expected(text: str, config: TwitterTextConfig) -> dict[str, object]:
    parsed = parse_tweet(text, config)
    return {
        "weightedLength": parsed.weighted_length,
        "valid": parsed.valid,
        "permillage": parsed.permillage,
        "displayRangeStart": parsed.display_range[0],
        "displayRangeEnd": parsed.display_range[1],
        "validRangeStart": parsed.valid_range[0],
        "validRangeEnd": parsed.valid_range[1],
    }


# --- X: twitter-text conformance ------------------------------------------------------------------


@pytest.mark.parametrize("case", _cases(VALIDATE, "WeightedTweetsWithDiscountedEmojiCounterTest"))
def test_x_weighted_length_with_discounted_emoji_matches_conformance(case: dict[str, Any]) -> None:
    assert _parse_as_expected(case["text"], CONFIG_V3) == case["expected"]
    report = measure(case["text"], "x")
    assert report.counted == case["expected"]["weightedLength"]
    assert report.fits == case["expected"]["valid"]


@pytest.mark.parametrize("case", _cases(VALIDATE, "UnicodeDirectionalMarkerCounterTest"))
def test_x_unicode_directional_markers_match_conformance(case: dict[str, Any]) -> None:
    assert _parse_as_expected(case["text"], CONFIG_V3) == case["expected"]
    assert measure(case["text"], "x").counted == case["expected"]["weightedLength"]


@pytest.mark.parametrize("case", _cases(VALIDATE, "WeightedTweetsCounterTest"))
def test_x_config_v2_weighted_length_matches_conformance(case: dict[str, Any]) -> None:
    assert _parse_as_expected(case["text"], CONFIG_V2) == case["expected"]


@pytest.mark.parametrize("group", ["urls", "urls_with_indices", "urls_with_directional_markers"], ids=lambda g: str(g))
def test_url_extraction_matches_conformance(group: str) -> None:
    if not EXTRACT.exists():
        pytest.skip(f"twitter-text conformance data not found at {EXTRACT}")
    for case in _load(EXTRACT)[group]:
        text = case["text"]
        spans = extract_urls(text)
        if group == "urls":
            got: list[Any] = [text[a:b] for a, b in spans]
        else:
            got = [{"url": text[a:b], "indices": [a, b]} for a, b in spans]
        assert got == case["expected"], case["description"]


def test_every_conformance_tld_is_recognised() -> None:
    if not TLDS.exists():
        pytest.skip(f"twitter-text conformance data not found at {TLDS}")
    for group in _load(TLDS).values():
        for case in group:
            text = case["text"]
            assert [text[a:b] for a, b in extract_urls(text)] == case["expected"], case["description"]


# --- X: behaviour the product relies on -----------------------------------------------------------


def test_x_counts_every_url_as_23_characters() -> None:
    long_url = "https://example.com/" + "a" * 200
    assert measure(f"Read this {long_url}", "x").counted == len("Read this ") + 23
    assert measure("see example.com", "x").counted == len("see ") + 23  # no protocol needed on X


def test_x_counts_cjk_and_emoji_double_and_emoji_sequences_once() -> None:
    assert measure("市场", "x").counted == 4
    assert measure("📈", "x").counted == 2
    assert measure("👨\u200d👩\u200d👧\u200d👦", "x").counted == 2
    assert measure("©", "x").counted == 1  # text-style © is Latin-1, not an emoji


def test_x_limit_is_280_weighted_characters() -> None:
    assert measure("a" * 280, "x").fits
    assert not measure("a" * 281, "x").fits
    assert not measure("市" * 141, "x").fits


def test_x_text_is_nfc_normalised_before_counting() -> None:
    assert measure("A\u0301B", "x").counted == 2


def test_x_invalid_characters_make_a_tweet_invalid_but_still_count() -> None:
    parsed = parse_tweet("ABC\ufffe")
    assert not parsed.valid
    assert parsed.weighted_length == 5


# Fragments that stress the interplay of URLs, emoji, CJK, combining marks and directional marks.
_FRAGMENTS = [
    "a",
    " ",
    ".",
    "/",
    "-",
    "@",
    "#",
    "1",
    "\n",
    "é",
    "e\u0301",
    "市",
    "。",
    "\u202a",
    "\u2066",
    "\ufffe",
    "http://",
    "https://",
    "example.com",
    "t.co/abc",
    "foo.jp",
    ".com",
    "www.",
    "(x)",
    "?q=1",
    "📈",
    "👍🏽",
    "\u200d",
    "\ufe0f",
    "©",
    "1\u20e3",
    "🇺🇸",
    "😷",
    "ﬁ",
    "\ufb2c",
    "みんな",
    "xn--ls8h",
]
_mixed_text = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join))


@given(_mixed_text)
def test_x_fast_count_agrees_with_the_full_parse(text: str) -> None:
    assert measure(text, "x").counted == parse_tweet(text).weighted_length


@given(_mixed_text)
def test_url_spans_are_ordered_and_disjoint(text: str) -> None:
    previous_end = 0
    for start, end in extract_urls(text):
        assert previous_end <= start < end <= len(text)
        previous_end = end


def test_pathological_inputs_stay_fast() -> None:
    # Regex backtracking guard: long labels, dot runs and unterminated paths must stay linear.
    for text in ("a." * 5000, "http://" + "a" * 20000, "x.com/" + "." * 20000 + "a", "-a" * 5000 + ".com"):
        measure(text, "x")
        measure(text, "mastodon")


# --- LinkedIn -------------------------------------------------------------------------------------


def test_linkedin_counts_code_points_after_nfc() -> None:
    assert measure("A\u0301", "linkedin").counted == 1
    assert measure("市场 📈", "linkedin").counted == 4
    assert measure("see https://example.com/" + "a" * 50, "linkedin").counted == 4 + 20 + 50


def test_linkedin_limit_is_3000() -> None:
    assert measure("a" * 3000, "linkedin").fits
    assert not measure("a" * 3001, "linkedin").fits


# --- Mastodon -------------------------------------------------------------------------------------


def test_mastodon_counts_urls_as_23_and_only_with_protocol() -> None:
    url = "https://example.com/" + "a" * 100
    assert measure(f"read {url}", "mastodon").counted == 5 + 23
    assert measure("read example.com", "mastodon").counted == len("read example.com")


def test_mastodon_counts_only_the_local_part_of_remote_mentions() -> None:
    assert measure("hi @alice@mastodon.social", "mastodon").counted == len("hi @alice")
    assert measure("hi @alice", "mastodon").counted == len("hi @alice")
    assert measure("mail bob@example.org", "mastodon").counted == len("mail bob@example.org")


def test_mastodon_counts_grapheme_clusters() -> None:
    assert measure("👨\u200d👩\u200d👧\u200d👦", "mastodon").counted == 1
    assert measure("e\u0301", "mastodon").counted == 1
    assert measure("a\r\nb", "mastodon").counted == 3


def test_mastodon_limit_defaults_to_500_and_follows_the_instance() -> None:
    assert measure("a" * 500, "mastodon").fits
    assert not measure("a" * 501, "mastodon").fits
    report = measure("a" * 501, "mastodon", limit=1000)
    assert report.fits
    assert report.limit == 1000
    with pytest.raises(ValueError):
        measure("a", "mastodon", limit=0)


# --- common ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("network", ["x", "linkedin", "mastodon"])
def test_empty_text_never_fits(network: str) -> None:
    report = measure("", network)
    assert report.counted == 0
    assert not report.fits


def test_network_names_are_normalised() -> None:
    assert normalize_network("twitter") == "x"
    assert normalize_network(" LinkedIn ") == "linkedin"
    assert measure("hi", "Twitter").network == "x"
    with pytest.raises(ValueError, match="unknown network"):
        normalize_network("myspace")


def test_report_serialises_for_the_check_command() -> None:
    assert measure("hello", "x").to_dict() == {"network": "x", "counted": 5, "limit": 280, "fits": True}
    assert LengthReport("mastodon", 3, LIMITS["mastodon"]).fits

"""Property-based tests: no input crashes the engine and every finding points at the original text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearpost.policy.engine import ScreenResult, screen
from clearpost.policy.engine.normalize import build_views

RISKY = [
    "guaranteed",
    "risk-free",
    "returns",
    "WhatsApp",
    "can't lose",
    "12%",
    "$10k",
    "SSN 512-48-7730",
    "$NVDA",
    "never",
    "not",
    '"',
    "my account",
    "f***",
    "g u a r a n t e e d",
    "gu4r4nt33d",
    "text me",
    "client",
    "Mr. Smith",
    "IRA",
    "born 3/14/1945",
    "\u200b",
    "ｇｕａｒ",
    "é",
    "\u0301",
    "💯",
    "🔒",
    "\n",
    ".",
    ",",
]
mixed_text = st.lists(st.one_of(st.sampled_from(RISKY), st.text(max_size=8)), max_size=30).map(" ".join)


def _check(text: str, res: ScreenResult) -> None:
    assert res.verdict in {"approve", "review", "reject", "ok", "flag", "complaint"}
    assert res.categories == sorted(res.categories) and res.categories
    for f in res.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.excerpt == text[f.start : f.end]
    res.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(),
    st.sampled_from(["x", "twitter", "linkedin", "mastodon"]),
    st.sampled_from(["outgoing", "inbound"]),
)
def test_any_unicode_text_screens_without_error(text: str, network: str, direction: str) -> None:
    _check(text, screen(text, network, direction))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_text, st.sampled_from(["outgoing", "inbound"]))
def test_findings_on_risky_mixtures_map_to_the_original(text: str, direction: str) -> None:
    _check(text, screen(text, "linkedin", direction))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fold_map_covers_every_folded_position(text: str) -> None:
    views = build_views(text)
    assert len(views.words) == len(views.folded) + 2
    for i in range(len(views.folded) + 1):
        s, e = views.to_original(min(i, len(views.folded)), min(i + 1, len(views.folded)))
        assert 0 <= s <= e <= len(text)

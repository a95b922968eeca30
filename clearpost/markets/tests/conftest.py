from __future__ import annotations

from typing import Any

import pytest

from clearpost.posts.testing import fake_screen


class _FakeEngine:
    def screen(self, text: str, network: str, direction: str = "outgoing") -> Any:
        return fake_screen(text, network, direction)


@pytest.fixture(autouse=True)
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Library tests run against the deterministic engine of clearpost/posts/testing.py: the workflow must not
    depend on what the real engine flags this week."""
    import clearpost.policy.services as policy_services

    monkeypatch.setattr(policy_services, "active_engine", lambda: _FakeEngine())


@pytest.fixture
def networks_open(firm: Any) -> None:
    from clearpost.library.testing import open_networks

    open_networks("x", "linkedin")

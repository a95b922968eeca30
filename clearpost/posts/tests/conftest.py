from __future__ import annotations

import pytest

from clearpost.posts.testing import fake_policy_screen


@pytest.fixture(autouse=True)
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workflow tests run against a deterministic engine (see clearpost/posts/testing.py); the engine has
    its own tests in clearpost/policy."""
    monkeypatch.setattr("clearpost.posts.services.policy_screen", fake_policy_screen)
    monkeypatch.setattr("clearpost.posts.views.policy_screen", fake_policy_screen)

import pytest

from clearpost.connectors.testing import contract, networks  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _policy_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The policy engine is built in parallel; while it cannot screen yet, screen with a stub so publishing can be
    tested on its own."""
    from clearpost.publishing.loadgen import stub_policy_if_missing

    stub_policy_if_missing(monkeypatch.setattr)

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def archive_files(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Checkpoints, the signing key and exports go to a per-test folder, never the developer's var/."""
    with override_settings(ARCHIVE_CHECKPOINT_DIR=tmp_path / "checkpoints",
                           ARCHIVE_SIGNING_KEY_FILE=tmp_path / "keys" / "archive_signing_key",
                           ARCHIVE_EXPORT_DIR=tmp_path / "exports"):
        yield tmp_path


@pytest.fixture(autouse=True)
def refusals_stay_in_the_test():  # type: ignore[no-untyped-def]
    """A refusal inside the test's transaction would otherwise be written at process exit, into a test database
    that is gone by then."""
    from clearpost.archive.refusals import discard_pending

    yield
    discard_pending()

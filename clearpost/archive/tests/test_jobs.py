from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clearpost.archive.checkpoints import checkpoints_read
from clearpost.archive.models import ArchiveRecord
from clearpost.archive.services import archive_record_append
from clearpost.archive.tasks import dispose_archive_records_task, write_archive_checkpoint_task
from clearpost.core.events import EventType
from clearpost.core.schedule import periodic_jobs

pytestmark = pytest.mark.django_db


def test_the_archive_declares_its_periodic_jobs() -> None:
    names = {job.name for job in periodic_jobs()}
    assert {"archive.checkpoint", "archive.dispose"} <= names


def test_the_jobs_are_safe_to_run_twice() -> None:
    old = archive_record_append(event_type=EventType.POST_SUBMITTED, payload={"text": "old"},
                                occurred_at=timezone.now() - timedelta(days=4 * 366))
    assert write_archive_checkpoint_task.call() == 1
    assert write_archive_checkpoint_task.call() is None
    assert len(checkpoints_read()) == 1
    assert dispose_archive_records_task.call() == 1
    assert dispose_archive_records_task.call() == 0
    assert ArchiveRecord.objects.get(seq=old.seq).body == ""

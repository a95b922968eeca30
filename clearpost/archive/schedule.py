"""The archive's periodic jobs: checkpoints (ARCHIVE_CHECKPOINT_EVERY_SECONDS), daily disposition, and the
replica when ARCHIVE_REPLICA_DIR is set."""

from __future__ import annotations

from django.conf import settings

from clearpost.archive.tasks import dispose_archive_records_task, replicate_archive_task, write_archive_checkpoint_task
from clearpost.core.schedule import PeriodicJob

JOBS = [
    PeriodicJob("archive.checkpoint", settings.ARCHIVE_CHECKPOINT_EVERY_SECONDS, write_archive_checkpoint_task.enqueue),
    PeriodicJob("archive.dispose", 24 * 3600, dispose_archive_records_task.enqueue),
]
if getattr(settings, "ARCHIVE_REPLICA_DIR", None):
    JOBS.append(PeriodicJob("archive.replicate", settings.ARCHIVE_CHECKPOINT_EVERY_SECONDS,
                            replicate_archive_task.enqueue))

"""Archive background work: each task is safe to run twice (a checkpoint with nothing new is skipped; a
disposition run finds only what is still due)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from clearpost.archive.checkpoints import checkpoint_write
from clearpost.archive.disposition import archive_dispose


@task()
def write_archive_checkpoint_task() -> int | None:
    """Sign the chain head into a write-once file outside the database (SEC 17a-4(f))."""
    written = checkpoint_write()
    return int(written.doc["seq"]) if written else None


@task()
def dispose_archive_records_task() -> int:
    """Remove payloads past retention and under no legal hold, leaving certified tombstones (FINRA 4511(b))."""
    return len(archive_dispose().due)


@task()
def replicate_archive_task() -> int:
    from pathlib import Path

    from clearpost.archive.replicate import archive_replicate

    target = getattr(settings, "ARCHIVE_REPLICA_DIR", None)
    if not target:
        return 0
    return archive_replicate(to=Path(target)).records

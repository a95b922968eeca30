"""The library's periodic jobs: launch campaigns that are due, expire items past their window."""

from __future__ import annotations

from clearpost.core.schedule import PeriodicJob
from clearpost.library.tasks import expire_library_items_task, launch_due_campaigns_task

JOBS = [
    PeriodicJob("library.launch_campaigns", 60, launch_due_campaigns_task.enqueue),
    PeriodicJob("library.expire_items", 300, expire_library_items_task.enqueue),
]

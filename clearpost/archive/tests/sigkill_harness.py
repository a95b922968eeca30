"""Run by test_sigkill.py in its own process against its own database: fork appenders, SIGKILL them at random
moments, and check that every record an appender acknowledged (it writes the seq only after COMMIT returned) is
present and the chain verifies. Prints one JSON line with the outcome."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sys
import time


def appender(fd: int) -> None:
    from django.db import transaction

    from clearpost.archive.services import archive_record_append
    from clearpost.core.events import EventType

    i = 0
    while True:
        i += 1
        with transaction.atomic():
            record = archive_record_append(event_type=EventType.POST_SUBMITTED, post_id=os.getpid(),
                                           payload={"text": f"kill test {os.getpid()} {i}", "pad": "x" * (i % 300)})
        os.write(fd, f"{record.seq}\n".encode())  # acknowledged: the commit has returned


def main() -> None:
    kills, seed = int(sys.argv[1]), int(sys.argv[2])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)
    connections.close_all()
    rng = random.Random(seed)
    acknowledged: list[int] = []
    for _ in range(kills):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            try:
                appender(write_fd)
            finally:
                os._exit(1)
        os.close(write_fd)
        # Wait for the child's first acknowledgement (a loaded machine may start it slowly), then kill it at a
        # random moment of its stream of appends.
        data = os.read(read_fd, 65536) if select.select([read_fd], [], [], 30)[0] else b""
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(read_fd, 65536):
            data += chunk
        os.close(read_fd)
        acknowledged += [int(line) for line in data.decode().split()]

    from django.db import OperationalError

    from clearpost.archive.models import ArchiveRecord
    from clearpost.archive.selectors import archive_verify

    for attempt in range(20):  # a shared PostgreSQL may briefly refuse connections while killed backends exit
        try:
            present = set(ArchiveRecord.objects.filter(seq__in=acknowledged).values_list("seq", flat=True))
            report = archive_verify()
            break
        except OperationalError:
            connections.close_all()
            if attempt == 19:
                raise
            time.sleep(0.5)
    print(json.dumps({"kills": kills, "acknowledged": len(acknowledged), "missing": sorted(set(acknowledged) - present),
                      "verified": report.ok, "reason": report.reason, "records": report.checked}))


if __name__ == "__main__":
    main()

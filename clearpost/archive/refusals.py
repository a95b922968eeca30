"""Refused attempts to rewrite or erase the archive are themselves logged (SEC 17a-4(f): an audit trail of every
attempt on the records, not only of what succeeded).

The guards (triggers; on PostgreSQL also the role's missing UPDATE/DELETE rights) refuse the statement, but a
trigger cannot keep a log row: the refusal aborts the statement, and usually the caller's transaction rolls back
after it, taking anything written in it along. So the log is kept in two places:

1. The application. Every Django connection carries an execute wrapper (`watch`) that recognises the guards'
   refusal and writes an access-log entry (action `refused_change`: the statement, the error, the code that sent
   it) in a transaction of its own. Outside a transaction it is written at once; inside one it waits on the
   connection and is written as soon as the connection is used outside a transaction again, at the end of the
   web request, or at process exit. A process killed between the refusal and that moment loses the entry.
2. The database, PostgreSQL only: the guard functions raise with the session user and client address in the
   error's DETAIL, and the server writes every failed statement with its error to its own log
   (`log_min_error_statement` is ERROR by default) whatever the client — psql included. Writing a log row from
   the trigger itself would need an autonomous transaction (dblink or pg_background, loopback credentials in
   the database): not done.

What this does not catch: a client that bypasses Django on SQLite (the sqlite3 shell) leaves no trace anywhere
but is still refused, and someone who can drop the triggers can change rows silently — which `archive verify`
and the checkpoints outside the database then catch."""

from __future__ import annotations

import atexit
import logging
import os
import sys
import traceback
from typing import Any

from django.db import DatabaseError, connections, transaction

logger = logging.getLogger(__name__)

# Words of the guards' own messages (migrations 0002/0004/0005) and of PostgreSQL's refusal of a revoked right.
_MARKERS = ("append-only", "a legal hold can only be released", "legal holds are released, never deleted",
            "permission denied for table archive_")
_PENDING = "_archive_refusals_pending"
_SKIP_FRAMES = (os.sep + "django" + os.sep, os.sep + "contextlib.py", __file__)


def is_refusal(exc: BaseException) -> bool:
    text = str(exc)
    return any(marker in text for marker in _MARKERS)


def watch(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """The execute wrapper: log a refused change to the archive, then let the error go on unchanged."""
    connection = context["connection"]
    if connection.__dict__.get(_PENDING):
        flush(connection)
    try:
        return execute(sql, params, many, context)
    except DatabaseError as exc:
        if is_refusal(exc):
            connection.__dict__.setdefault(_PENDING, []).append(_entry(sql, exc, connection))
            flush(connection)
        raise


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver. First in the list, so someone's `execute_wrapper()` block that pops the
    last wrapper never pops this one."""
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch)


def _entry(sql: str, exc: BaseException, connection: Any) -> dict[str, Any]:
    words = sql.lstrip().split(None, 1)
    frame = next((f for f in reversed(traceback.extract_stack()[:-2])
                  if not any(part in f.filename for part in _SKIP_FRAMES)), None)
    return {"query": sql[:500], "filters": {
        "operation": words[0].upper() if words else "",
        "error": str(exc).strip()[:500],
        "database": connection.vendor,
        "in_transaction": connection.in_atomic_block,
        "code": f"{frame.filename}:{frame.lineno} in {frame.name}" if frame else "",
        "pid": os.getpid(),
    }}


def flush(connection: Any, *, at_exit: bool = False) -> int:
    """Write the connection's waiting entries in their own transaction, unless it is inside one (the entries
    would roll back with it). Returns how many were written. Never raises: logging must not mask the caller's
    own error or break its next query."""
    pending = connection.__dict__.get(_PENDING)
    if not pending or connection.in_atomic_block:
        return 0
    connection.__dict__[_PENDING] = []
    from django.utils import timezone

    from clearpost.archive.models import AccessAction, ArchiveAccess

    try:
        with transaction.atomic(using=connection.alias):
            ArchiveAccess.objects.using(connection.alias).bulk_create([
                ArchiveAccess(at=timezone.now(), action=AccessAction.REFUSED_CHANGE, query=e["query"],
                              filters=e["filters"]) for e in pending])
    except DatabaseError as exc:
        if at_exit:  # logging may already be torn down
            print(f"clearpost: {len(pending)} refused change(s) to the archive could not be logged: {exc}",
                  file=sys.stderr)
        else:
            logger.exception("could not log %d refused change(s) to the archive: %s", len(pending), pending)
        return 0
    logger.warning("refused change(s) to the archive logged: %s", [e["query"] for e in pending])
    return len(pending)


def flush_all(*, at_exit: bool = False, **kwargs: Any) -> None:
    """End of a web request (`request_finished`) and process exit: this thread's connections."""
    for connection in connections.all(initialized_only=True):
        if connection.__dict__.get(_PENDING):
            flush(connection, at_exit=at_exit)


def discard_pending() -> None:
    """Tests only: refusals made inside a test's rolled-back transaction are the test's, not the archive's."""
    for connection in connections.all(initialized_only=True):
        connection.__dict__.pop(_PENDING, None)


atexit.register(flush_all, at_exit=True)

"""One scheduler per deployment: a second one refuses to start instead of doing every job twice.

A second `upstream scheduler` (by hand beside `upstream serve`, or a second machine's unit) enqueued
every job again: two summary emails to every leader (an operator's walk). Two locks, both released by
the operating system or the database when their process ends, even killed with -9 (nothing stale):

- an OS file lock (flock) on DATA_DIR/run/scheduler.lock, holding the pid: every scheduler started
  from the same data directory, on SQLite or PostgreSQL;
- on PostgreSQL, also a session advisory lock on the deployment's database, held by a connection of
  its own named `upstream scheduler pid N on HOST`: schedulers on different machines sharing one
  database. The lock is per database, so other deployments on the same server are not affected.

The database lock lives as long as its connection: if the database restarts, the connection is
lost and `confirm()` takes the lock again at the next clock check, or stops this scheduler if
another one took it meanwhile.
"""

from __future__ import annotations

import fcntl
import os
import socket
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, connections
from django.utils.translation import gettext as _

# pg_try_advisory_lock(bigint): a constant below 2**31 (classid 0, objid this) in pg_locks.
ADVISORY_KEY = 0x55505354  # "UPST"
NAME_PREFIX = "upstream scheduler"


class SchedulerRunning(Exception):
    """Another scheduler holds the lock; the message says which, as far as is known."""


def lock_file() -> Path:
    path = Path(settings.DATA_DIR) / "run"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path / "scheduler.lock"


def _refusal(holder: str) -> SchedulerRunning:
    message = _(
        "Another scheduler already runs (%(holder)s); this one stops. Run exactly one per deployment, "
        "or every job is done twice (docs/operations.md#running)."
    )
    return SchedulerRunning(message % {"holder": holder})


class SchedulerLock:
    def __init__(self) -> None:
        self._file: int | None = None
        self._database = None  # a DatabaseWrapper of its own, never the one the jobs use

    def acquire(self) -> None:
        """Take both locks, or raise SchedulerRunning and hold neither."""
        self._take_file()
        try:
            self._take_database()
        except BaseException:
            self.release()
            raise

    def confirm(self) -> None:
        """At each clock check: the database lock is still held, or taken again (raises
        SchedulerRunning when another scheduler took it while the connection was lost)."""
        if self._database is None:
            return
        try:
            with self._database.cursor() as cursor:
                cursor.execute("SELECT 1")
            return
        except (DatabaseError, InterfaceError):
            self._close_database()
        self._take_database()

    def release(self) -> None:
        self._close_database()
        if self._file is not None:
            os.close(self._file)  # closing releases the flock
            self._file = None

    def _take_file(self) -> None:
        handle = os.open(lock_file(), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.read(handle, 64).decode(errors="replace").strip()
            os.close(handle)
            holder = _("pid %(pid)s, from %(data_dir)s") % {"pid": pid or "?", "data_dir": settings.DATA_DIR}
            raise _refusal(holder) from None
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        self._file = handle

    def _take_database(self) -> None:
        if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
            return  # SQLite: one machine, one file; the file lock above covers it
        database = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with database.cursor() as cursor:
                name = f"{NAME_PREFIX} pid {os.getpid()} on {socket.gethostname()}"[:63]
                cursor.execute("SELECT set_config('application_name', %s, false)", [name])
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
                taken = cursor.fetchone()[0]
                holder = None if taken else _holder(cursor)
        except BaseException:
            database.close()
            raise
        if not taken:
            database.close()
            raise _refusal(holder or _("on another machine sharing this database"))
        self._database = database

    def _close_database(self) -> None:
        if self._database is not None:
            try:
                self._database.close()
            except (DatabaseError, InterfaceError):
                pass  # already gone: the server dropped the lock with it
            self._database = None


def _holder(cursor) -> str | None:
    """`upstream scheduler pid 4242 on web-2`, as the holder named its connection, when it can be read."""
    cursor.execute(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = %s "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        [ADVISORY_KEY],
    )
    row = cursor.fetchone()
    if not row or not str(row[0]).startswith(NAME_PREFIX):
        return None
    return str(row[0])[len(NAME_PREFIX) :].strip()

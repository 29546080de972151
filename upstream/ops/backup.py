"""Backups of the database, written readable by their owner only.

SQLite: the online backup API (a consistent copy while the server keeps running). PostgreSQL:
`pg_dump --format=custom`, restored with `pg_restore --clean --single-transaction`. Passwords go
to pg_dump through its environment, never its command line (which `ps` shows to every user).

A dump holds every concern's text. It does not hold the keys in DATA_DIR (secret, receipt and
intake keys): keep those apart from the dumps (docs/operations.md#backups).
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@contextlib.contextmanager
def owner_only() -> Iterator[None]:
    """Files created inside (the dump, SQLite's journal, pg_dump's output) get mode 0600."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _temporary_beside(out: Path) -> tuple[Path, int]:
    """A new `.NAME.xxxxxxxx.part` beside the target, and a descriptor holding a lock on it for as long
    as it is being written (the next backup tells a live part from one left by a killed run)."""
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    fcntl.flock(handle, fcntl.LOCK_EX)  # mkstemp created it 0600 whatever the umask
    return Path(name), handle


def _remove_abandoned_parts(out: Path) -> list[Path]:
    """Parts a killed backup left beside this target: a `kill -9` runs no clean-up, and the hidden
    file, the database's text in it, outlived every rotation that deletes old `*.backup` files (a
    load test killed `upstream backup` mid-run). One still locked is another backup's, running."""
    removed = []
    for part in out.parent.glob(f".{glob.escape(out.name)}.*.part"):
        try:
            handle = os.open(part, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # being written
        else:
            part.unlink(missing_ok=True)
            removed.append(part)
        finally:
            os.close(handle)
    return removed


def _engine(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"No backup method for the database engine {engine}.")


def backup(database: dict, out: Path, *, overwrite: bool = False) -> Path:
    """Write a dump of ``database`` (a Django DATABASES entry) to ``out``, mode 0600."""
    out = Path(out)
    if out.exists() and not overwrite:
        raise BackupError(f"{out} exists; choose another name or pass --force.")
    if not out.parent.is_dir():
        raise BackupError(f"The folder {out.parent} does not exist.")
    _remove_abandoned_parts(out)
    with owner_only():
        part, lock = _temporary_beside(out)
        try:
            if _engine(database) == "sqlite":
                _backup_sqlite(Path(database["NAME"]), part)
            else:
                _backup_postgresql(database, part)
            os.chmod(part, 0o600)
            os.replace(part, out)
        finally:
            part.unlink(missing_ok=True)
            os.close(lock)
    return out


def restore(database: dict, dump: Path) -> None:
    """Replace the contents of ``database`` with ``dump`` (made by :func:`backup`)."""
    dump = Path(dump)
    if not dump.is_file():
        raise BackupError(f"{dump} is not a file.")
    with open(dump, "rb") as handle:
        head = handle.read(16)
    if _engine(database) == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{dump} is not an SQLite backup (was it made from PostgreSQL?).")
        _restore_sqlite(dump, Path(database["NAME"]))
    else:
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupError(f"{dump} is not a pg_dump custom-format backup.")
        _restore_postgresql(database, dump)


def _backup_sqlite(source: Path, out: Path) -> None:
    if not source.is_file():
        raise BackupError(f"The database file {source} does not exist.")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(out)
    try:
        src.backup(dst)
        dst.execute("PRAGMA integrity_check").fetchone()
    finally:
        dst.close()
        src.close()


def _restore_sqlite(dump: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "django_migrations" not in tables:
            raise BackupError(f"{dump} is an SQLite file but not an Upstream backup.")
        with owner_only():
            dst = sqlite3.connect(target, timeout=30)
            try:
                src.backup(dst)
            finally:
                dst.close()
    finally:
        src.close()


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not on PATH (Debian: apt-get install postgresql-client).")
    return path


def _pg_environment(database: dict) -> dict[str, str]:
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    env["PGDATABASE"] = database["NAME"]
    if (database.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    return env


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.returncode}")


def _backup_postgresql(database: dict, out: Path) -> None:
    argv = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={out}"]
    _run(argv, _pg_environment(database), "pg_dump")


def _restore_postgresql(database: dict, dump: Path) -> None:
    argv = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={database['NAME']}",
        str(dump),
    ]
    _run(argv, _pg_environment(database), "pg_restore")


def dump_rows(
    database: dict, dump: Path, table: str, columns: tuple[str, ...], *, limit: int = 10
) -> list[tuple]:
    """Up to `limit` rows of `table` as the dump holds them, read without touching the database
    ([] when the dump has no such table). Text columns only: read to compare keys before a restore."""
    dump = Path(dump)
    if _engine(database) == "sqlite":
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        try:
            found = source.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [table])
            if found.fetchone() is None:
                return []
            names = ", ".join(f'"{column}"' for column in columns)
            return list(source.execute(f'SELECT {names} FROM "{table}" LIMIT ?', [limit]))  # noqa: S608
        finally:
            source.close()
    argv = [_pg_tool("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(dump)]
    # Read as it comes and stopped at `limit` rows: a table of a million receipts was written out
    # whole, into memory, to learn whether it had one.
    with subprocess.Popen(  # noqa: S603
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as reading:
        assert reading.stdout is not None and reading.stderr is not None  # noqa: S101 - PIPE above
        rows = _copy_rows((line.rstrip("\n") for line in reading.stdout), table, columns, limit=limit)
        if len(rows) >= limit:
            reading.kill()  # enough read; the rest of the table is not needed
            reading.wait()
            return rows
        error = reading.stderr.read()
        if reading.wait() != 0:
            raise BackupError(f"pg_restore could not read {dump}: {error.strip() or reading.returncode}")
    return rows


def _copy_rows(
    lines: Iterable[str], table: str, columns: tuple[str, ...], *, limit: int | None = None
) -> list[tuple]:
    """Up to `limit` rows of a `COPY public.TABLE (a, b) FROM stdin;` block, as pg_restore writes
    them, read line by line (the lines after the last row needed are not read)."""
    rows: list[tuple] = []
    lines = iter(lines)
    for line in lines:
        if not (line.startswith("COPY ") and line.endswith("FROM stdin;")):
            continue
        name = line.split()[1].split(".")[-1].strip('"')
        if name != table:
            continue
        header = [c.strip().strip('"') for c in line[line.index("(") + 1 : line.rindex(")")].split(",")]
        where = [header.index(column) for column in columns]
        for row in lines:
            if row == "\\." or (limit is not None and len(rows) >= limit):
                break
            values = row.split("\t")
            rows.append(tuple(None if values[i] == "\\N" else values[i] for i in where))
        break
    return rows

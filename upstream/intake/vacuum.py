"""Tables written at an anonymous moment are vacuumed by the release, not by autovacuum (PostgreSQL).

Autovacuum and autoanalyze visit a table a little while after its writes and record when in
`pg_stat_user_tables` (`last_autovacuum`, `last_autoanalyze`): on a quiet server that dates a write
to the minute. The intake tables are truncated at each release and never vacuumed (M24). The tables
registered here (a spent code, an answered invitation, a tap on a crisis line) are written in the
writer's own transaction and kept, so autovacuum is off for them (`autovacuum_off`, in their
migrations) and each release vacuums them instead, at a time that says only that a release ran.
"""

from __future__ import annotations

from django.db import connection
from django.db.migrations import RunPython

_VACUUMED: list[type] = []


def vacuum_at_release(model: type) -> None:
    if model not in _VACUUMED:
        _VACUUMED.append(model)


def vacuumed_tables() -> list[str]:
    return [model._meta.db_table for model in _VACUUMED]


def vacuum_after_release() -> None:
    """VACUUM (ANALYZE) the registered tables. Outside a transaction only, as PostgreSQL requires:
    inside one (a test's) it is left to the next release."""
    tables = vacuumed_tables()
    if connection.vendor != "postgresql" or not tables or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(connection.ops.quote_name(t) for t in tables)}")


def autovacuum_off(*tables: str) -> RunPython:
    """A migration step turning autovacuum and autoanalyze off for `tables` on PostgreSQL.

    (PostgreSQL still runs an anti-wraparound vacuum when a table gets very old, whatever the
    setting; its time follows the table's age, not its writes.)
    """

    def alter(schema_editor, change: str) -> None:  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for table in tables:
                schema_editor.execute(f"ALTER TABLE {table} {change}")

    def forwards(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        alter(schema_editor, "SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)")

    def backwards(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        alter(schema_editor, "RESET (autovacuum_enabled, toast.autovacuum_enabled)")

    return RunPython(forwards, backwards)

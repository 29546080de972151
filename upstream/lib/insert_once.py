"""Insert a row unless its unique key is taken, without a failed statement.

The database server logs every failed statement by default (PostgreSQL's `log_min_error_statement`
is `error`), with the time to the millisecond and the statement's values. A repeat refused by a
unique-key violation therefore dates the writer's retry in that log (anonymity.md M30), so the
one-time form keys and the spent speak-up codes pass a repeat over with `ON CONFLICT DO NOTHING`.
A concurrent insert of the same key waits for the first to commit and then inserts nothing, as the
unique key alone did.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def insert_once(model: type[models.Model], conflict: str, **values: Any) -> bool:
    """Insert `values` (column name: value, already in database form) into `model`'s table; False
    when a row with the same `conflict` column exists (nothing is written then)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in values)
    marks = ", ".join(["%s"] * len(values))
    insert = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({quote(conflict)}) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(insert, list(values.values()))
        return cursor.rowcount == 1

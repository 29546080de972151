"""Connections that keep signing in and deleting from leaving traces (DESIGN.md rule 1).

- Django records `last_login` on every sign-in. That write's transaction id and time sit next to
  the anonymous write that follows, so it is switched off: Upstream never stores when anyone
  signed in. (Sessions are signed cookies, so a sign-in writes no session row either.)
- SQLite leaves deleted rows' bytes in free pages; `secure_delete` overwrites them, so released
  intake entries are gone from the file, not just unlinked.
"""

from __future__ import annotations

from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.db.backends.signals import connection_created


def _secure_delete(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def connect() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    connection_created.connect(_secure_delete, dispatch_uid="upstream_secure_delete")

"""The `upstream` command: Django's management commands under the product's name.

`upstream import-org FILE.csv` runs the `import_org` management command; hyphens are accepted
because that is how people type commands. A malformed setting (upstream/config/env.py) stops it
with `upstream: <message>` on standard error and exit status 2, without a traceback.
"""

from __future__ import annotations

import os
import smtplib
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    if len(args) > 2 and args[1] == "help" and not args[2].startswith("-"):
        # `upstream help release-now` names the command as it is typed to run it.
        args[2] = args[2].replace("-", "_")
    if len(args) == 2 and args[1] in {"version", "--version"}:
        # Django's answer was its own version (5.2.19): an operator checking an upgrade against the
        # notes in docs/operations.md could not tell which Upstream was installed (a fresh install).
        print(installed_version())  # noqa: T201 - the whole answer
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
    if _only_asks_for_help(args):
        from upstream.config import env

        env.WRITE_NOTHING = True
    if args[1:] in ([], ["help"], ["--help"], ["-h"]):
        import django

        from upstream.ops.cli_help import overview

        django.setup()
        print(overview(installed_version()))  # noqa: T201 - the whole answer
        return
    if len(args) > 1 and args[1] == "db_worker":
        # The task worker themes released batches in bulk: give the text model both cores there,
        # while web workers keep one thread each (UPSTREAM_ONNX_THREADS, docs/operations.md).
        os.environ.setdefault("UPSTREAM_ONNX_THREADS", "2")
    from django.core.management import execute_from_command_line
    from django.db.utils import DatabaseError, InterfaceError, OperationalError
    from django_tasks.exceptions import InvalidTaskBackendError

    from upstream.config.env import ConfigError
    from upstream.lib.text import first_line

    try:
        execute_from_command_line(args)
    except ConfigError as error:
        # A malformed setting names its variable; a traceback would only bury that line.
        print(f"upstream: {error}", file=sys.stderr)  # noqa: T201 - before Django can print anything
        sys.exit(2)
    except PermissionError as error:
        # Run as another user than the one owning the data directory (root, or a login user):
        # a 39-line traceback ending in the key file's name (an install walk). Said in one line,
        # with the owner to run as.
        print(f"upstream: {_permission_words(error)}", file=sys.stderr)  # noqa: T201
        sys.exit(1)
    except (smtplib.SMTPException, OSError) as error:
        if not isinstance(error, smtplib.SMTPException) and args[1:2] != ["sendtestemail"]:
            raise
        # `upstream sendtestemail you@example.org`, how docs/operations.md checks the mail settings,
        # ended in a 30-line traceback when the server refused: say where it tried and why.
        print(f"upstream: {_mail_words(error)}", file=sys.stderr)  # noqa: T201
        sys.exit(1)
    except InvalidTaskBackendError as error:
        # A module that exists without the class UPSTREAM_TASKS_BACKEND names (env_class_path).
        print(f"upstream: UPSTREAM_TASKS_BACKEND: {error}", file=sys.stderr)  # noqa: T201
        sys.exit(2)
    except (DatabaseError, InterfaceError) as error:
        refusal = _migrations_refusal(error)
        if refusal is not None:
            # A table the command needs is missing (`relation "intake_intakeentry" does not exist`
            # after a 20-frame traceback): say what `upstream serve` says, in the same words.
            print(f"upstream: {refusal}", file=sys.stderr)  # noqa: T201
            sys.exit(1)
        if not isinstance(error, (OperationalError, InterfaceError)):
            raise
        # The database is down or unreachable: the driver's first line says where and why. A
        # 40-line traceback per attempt (the worker and scheduler retry) said it less clearly.
        first = first_line(error) or type(error).__name__
        print(f"upstream: the database does not answer: {first}", file=sys.stderr)  # noqa: T201
        sys.exit(1)


def _permission_words(error: PermissionError) -> str:
    """What was refused, and as whom to run instead: the owner of the file or of its folder."""
    import getpass
    import pwd

    where = str(error.filename or "")
    owner = ""
    for candidate in filter(None, (where, os.path.dirname(where))):
        try:
            owner = pwd.getpwuid(os.stat(candidate).st_uid).pw_name
            break
        except (OSError, KeyError):
            continue
    said = f"permission denied: {where}" if where else f"permission denied ({error.strerror})"
    if owner and owner != getpass.getuser():
        return f"{said}. It belongs to {owner!r}: run upstream as that user (docs/operations.md, Install)."
    return f"{said}. Run upstream as the user that owns the data directory (docs/operations.md, Install)."


def _mail_words(error: BaseException) -> str:
    from django.conf import settings

    from upstream.lib.text import first_line

    where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    why = first_line(error) or type(error).__name__
    named = "(UPSTREAM_EMAIL_HOST, UPSTREAM_EMAIL_PORT)"
    return f"no email was sent: the mail server {where} {named} said: {why}"


def installed_version() -> str:
    """`upstream 0.1.0 (Django 5.2.19)`: the package pip installed, and the framework under it."""
    from importlib.metadata import PackageNotFoundError, version

    import django

    try:
        own = version("upstream")
    except PackageNotFoundError:  # run from a checkout that was never installed
        own = "unknown (not installed)"
    return f"upstream {own} (Django {django.get_version()})"


HELP_WORDS = {"help", "--help", "-h", "version", "--version"}


def _only_asks_for_help(args: list[str]) -> bool:
    """`upstream`, `upstream --help`, `upstream help serve`, `upstream serve -h`, `upstream version`:
    nothing to run, so nothing to write (no data directory, keys or database)."""
    return len(args) < 2 or args[1] in HELP_WORDS or any(arg in {"--help", "-h"} for arg in args[2:])


def _migrations_refusal(error: Exception) -> str | None:
    """After a database error: the `migrate first` sentence when migrations are not applied."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.utils import DatabaseError, InterfaceError, ProgrammingError

    from upstream.lib.commands import migrations_refusal

    # PostgreSQL reports a missing table or column as a ProgrammingError, SQLite as an
    # OperationalError. PostgreSQL's OperationalError is a database that does not answer: asking
    # it again would only wait as long again (the worker and scheduler retry at every start).
    sqlite = connections[DEFAULT_DB_ALIAS].vendor == "sqlite"
    if not (isinstance(error, ProgrammingError) or sqlite):
        return None
    try:
        return migrations_refusal()
    except (DatabaseError, InterfaceError):
        return None  # it stopped answering: the caller reports the first error


if __name__ == "__main__":
    main()

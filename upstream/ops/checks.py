"""System checks (`upstream check`) for settings Django's own checks do not know.

Errors stop `upstream check`, `upstream serve`, the worker and the scheduler at start; `--deploy`
adds the warnings about what a trial may leave at its default but production must not.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from upstream.concerns.timing import holiday_settings_problem

# Email backends that deliver nothing: leaders' digests and urgent escalations would never arrive.
UNDELIVERED_EMAIL_BACKENDS = {
    "upstream.ops.mail.SummaryOnlyBackend": "logs one line per email and sends nothing",
    "django.core.mail.backends.console.EmailBackend": "prints every email to standard output",
    "django.core.mail.backends.locmem.EmailBackend": "keeps every email in memory",
    "django.core.mail.backends.dummy.EmailBackend": "throws every email away",
    "django.core.mail.backends.filebased.EmailBackend": "writes every email to a file",
}


@register(Tags.security, deploy=True)
def base_url_is_configured(app_configs, **kwargs):
    if os.environ.get("UPSTREAM_BASE_URL"):
        return []
    return [
        Warning(
            "UPSTREAM_BASE_URL is not set, so links in emails point to http://127.0.0.1:8000.",
            hint="Set it to the address people use, e.g. https://upstream.example-hospital.org.",
            id="upstream.W001",
        )
    ]


@register(deploy=True)
def email_is_delivered(app_configs, **kwargs):
    does = UNDELIVERED_EMAIL_BACKENDS.get(settings.EMAIL_BACKEND)
    if does is None:
        return []
    return [
        Warning(
            f"UPSTREAM_EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which {does}: leaders' digests, "
            "reminders and urgent escalations are never delivered.",
            hint=(
                "Set UPSTREAM_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and "
                "UPSTREAM_EMAIL_HOST (docs/operations.md, Email)."
            ),
            id="upstream.W002",
        )
    ]


@register()
def holidays_are_known(app_configs, **kwargs):
    """Not deploy-only: an unknown calendar fails every release, in a trial too."""
    problem = holiday_settings_problem(
        settings.UPSTREAM_HOLIDAYS_COUNTRY, settings.UPSTREAM_HOLIDAYS_SUBDIVISION
    )
    if problem is None:
        return []
    if not problem.breaks_releases:
        return [Warning(problem.message, hint=problem.hint, id="upstream.W003")]
    check_id = "upstream.E001" if problem.variable == "UPSTREAM_HOLIDAYS_COUNTRY" else "upstream.E002"
    return [Error(problem.message, hint=problem.hint, id=check_id)]


@register()
def speakup_settings_are_readable(app_configs, **kwargs):
    """The speak-up settings are read when used (upstream.speakup.config), so a malformed one
    (`UPSTREAM_SPEAKUP_TOKENS=five`) passed the start and made every speak-up page a 500, logged
    without the variable's name on those anonymous paths. Read each one here too."""
    from upstream.config.env import ConfigError
    from upstream.speakup import config

    readers = (
        config.tokens_per_period,
        config.period_days,
        config.rotate_days,
        config.grace_days,
        config.key_bits,
    )
    errors = []
    for read in readers:
        try:
            read()
        except ConfigError as problem:
            errors.append(
                Error(
                    str(problem),
                    hint="Speak-up code settings: docs/operations.md, Speak-up codes.",
                    id="upstream.E003",
                )
            )
    return errors


# PostgreSQL settings that put anonymous writes in the database server's log or beside a time.
# `log_statement = all` logs each request's user lookup (`org_user WHERE id = 1`) from the same
# backend, milliseconds before the anonymous insert, so the log names the author outright (an
# independent audit); `mod` logs each insert with its parameters and time; a duration threshold or a
# sample logs the statements it catches in full.
_LOGGING_SETTINGS = (
    "log_statement",
    "log_min_duration_statement",
    "log_min_duration_sample",
    "log_statement_sample_rate",
    "log_transaction_sample_rate",
    "track_commit_timestamp",
)


def statement_logging_problems(values: dict[str, str]) -> list[str]:
    """What in these PostgreSQL settings (name -> `pg_settings.setting`) would log anonymous writes."""
    problems = []
    if values.get("log_statement") in ("mod", "all"):
        problems.append(f"log_statement = {values['log_statement']}")
    if int(values.get("log_min_duration_statement", "-1")) >= 0:
        problems.append(f"log_min_duration_statement = {values['log_min_duration_statement']} ms")
    sampled = float(values.get("log_statement_sample_rate", "0")) > 0
    if sampled and int(values.get("log_min_duration_sample", "-1")) >= 0:
        problems.append(f"log_min_duration_sample = {values['log_min_duration_sample']} ms")
    if float(values.get("log_transaction_sample_rate", "0")) > 0:
        problems.append(f"log_transaction_sample_rate = {values['log_transaction_sample_rate']}")
    if values.get("track_commit_timestamp") == "on":
        problems.append("track_commit_timestamp = on")
    return problems


@register(Tags.database)
def database_logs_no_anonymous_write(app_configs, **kwargs):
    """Run by `upstream check --database default` and `upstream migrate`, and said by `upstream serve`
    at every start: an operator may turn these on for a day of debugging and forget them. Read from
    the session, which carries the server's, the database's and the role's settings."""
    from django.db import DatabaseError, connection

    # As Django's own database checks: only when a command names the databases it may touch.
    if not kwargs.get("databases") or connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(_LOGGING_SETTINGS)]
            )
            values = dict(cursor.fetchall())
    except DatabaseError:
        return []  # no database yet: `migrate` and the other checks say so
    problems = statement_logging_problems(values)
    if not problems:
        return []
    return [
        Warning(
            "PostgreSQL records anonymous submissions with their moment and, beside them, the signed-in "
            f"account's own queries: {', '.join(problems)}.",
            hint=(
                "Set log_statement = none (or ddl), log_min_duration_statement = -1, no statement or "
                "transaction sampling and track_commit_timestamp = off, for the server, this database "
                "and its role (docs/operations.md, PostgreSQL)."
            ),
            id="upstream.W004",
        )
    ]

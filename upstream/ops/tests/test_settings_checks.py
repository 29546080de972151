"""`upstream check` stops on settings that only fail when used, and `--deploy` warns about an email
backend that delivers nothing.

An unknown UPSTREAM_HOLIDAYS_COUNTRY used to pass `upstream check` and /healthz, then fail every
release ("Country XX not available"); with the console email backend of the documented sample
environment, leaders' emails, urgent escalations included, went to the system log.
"""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from upstream.ops.checks import email_is_delivered, holidays_are_known


def test_it_handles_an_unknown_holiday_country_as_an_error(settings):
    settings.UPSTREAM_HOLIDAYS_COUNTRY = "XX"
    [error] = holidays_are_known(None)
    assert error.id == "upstream.E001" and error.is_serious()
    assert "UPSTREAM_HOLIDAYS_COUNTRY" in error.msg and "'XX'" in error.msg
    assert "ISO 3166" in error.hint


def test_it_handles_an_unknown_subdivision_as_an_error(settings):
    settings.UPSTREAM_HOLIDAYS_COUNTRY = "US"
    settings.UPSTREAM_HOLIDAYS_SUBDIVISION = "ZZ"
    [error] = holidays_are_known(None)
    assert error.id == "upstream.E002" and "UPSTREAM_HOLIDAYS_SUBDIVISION" in error.msg
    assert "NY" in error.hint


def test_the_check_command_stops_on_it_without_deploy(settings):
    settings.UPSTREAM_HOLIDAYS_COUNTRY = "XX"
    with pytest.raises(SystemCheckError, match="upstream.E001"):
        call_command("check", "--system-only")


def test_a_known_calendar_passes(settings):
    settings.UPSTREAM_HOLIDAYS_COUNTRY, settings.UPSTREAM_HOLIDAYS_SUBDIVISION = "GB", "SCT"
    assert holidays_are_known(None) == []


KINDS = ("console", "locmem", "dummy", "filebased")


@pytest.mark.parametrize(
    "backend",
    ["upstream.ops.mail.SummaryOnlyBackend"]
    + [f"django.core.mail.backends.{kind}.EmailBackend" for kind in KINDS],
)
def test_the_deploy_check_warns_when_email_is_not_delivered(settings, backend):
    settings.EMAIL_BACKEND = backend
    [warning] = email_is_delivered(None)
    assert warning.id == "upstream.W002" and not warning.is_serious()
    assert "UPSTREAM_EMAIL_BACKEND" in warning.msg and "urgent escalations" in warning.msg
    assert "smtp.EmailBackend" in warning.hint


def test_the_deploy_check_is_quiet_with_smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert email_is_delivered(None) == []


def test_the_email_warning_is_for_deploy_only(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert "upstream.W002" not in {message.id for message in run_checks()}
    assert "upstream.W002" in {message.id for message in run_checks(include_deployment_checks=True)}


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"log_statement": "all"}, "log_statement = all"),
        ({"log_statement": "mod"}, "log_statement = mod"),
        ({"log_min_duration_statement": "0"}, "log_min_duration_statement = 0 ms"),
        ({"log_min_duration_sample": "100", "log_statement_sample_rate": "0.1"}, "log_min_duration_sample"),
        ({"log_transaction_sample_rate": "0.01"}, "log_transaction_sample_rate"),
        ({"track_commit_timestamp": "on"}, "track_commit_timestamp = on"),
    ],
)
def test_it_names_each_postgresql_setting_that_would_log_anonymous_writes(values, named):
    """An audit with log_statement = all found each signed-in request's user query logged by the same
    backend milliseconds before its anonymous insert: the log named the author."""
    from upstream.ops.checks import statement_logging_problems

    defaults = {"log_statement": "none", "log_min_duration_statement": "-1", "log_min_duration_sample": "-1"}
    defaults |= {"log_statement_sample_rate": "1", "log_transaction_sample_rate": "0"}
    assert statement_logging_problems(defaults | {"track_commit_timestamp": "off"}) == []
    [problem] = statement_logging_problems(defaults | {"track_commit_timestamp": "off"} | values)
    assert problem.startswith(named)


def test_it_reads_the_settings_from_the_running_postgresql(db):
    from django.db import connection

    from upstream.ops.checks import database_logs_no_anonymous_write

    if connection.vendor != "postgresql":
        assert database_logs_no_anonymous_write(None, databases=["default"]) == []
        return
    assert database_logs_no_anonymous_write(None, databases=["default"]) == []
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET log_statement = 'all'")  # this session only; a superuser's setting
    except DatabaseError:
        pytest.skip("the test database's role may not set log_statement")
    try:
        [warning] = database_logs_no_anonymous_write(None, databases=["default"])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET log_statement")
    assert warning.id == "upstream.W004" and "log_statement = all" in warning.msg


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("UPSTREAM_SPEAKUP_TOKENS", "five", "must be a whole number, got 'five'"),
        ("UPSTREAM_SPEAKUP_PERIOD_DAYS", "0", "must be at least 1, got 0"),
        ("UPSTREAM_SPEAKUP_GRACE_DAYS", "400", "must be at most 366, got 400"),
        ("UPSTREAM_SPEAKUP_KEY_BITS", "1024", "must be at least 2048, got 1024"),
    ],
)
def test_a_malformed_speakup_setting_stops_the_start(monkeypatch, variable, value, words):
    """These are read when used: `UPSTREAM_SPEAKUP_TOKENS=five` passed `upstream check` and made
    every speak-up page a 500 whose log line could not name the variable (an anonymous path)."""
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemCheckError, match="upstream.E003") as stopped:
        call_command("check", "--system-only")
    assert f"{variable} {words}" in str(stopped.value)


def test_the_speakup_defaults_pass(monkeypatch):
    for variable in ("TOKENS", "PERIOD_DAYS", "ROTATE_DAYS", "GRACE_DAYS", "KEY_BITS"):
        monkeypatch.delenv(f"UPSTREAM_SPEAKUP_{variable}", raising=False)
    assert not [m for m in run_checks() if m.id == "upstream.E003"]

"""`/healthz` and `upstream check` say whether an instance can serve, and give away nothing else."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.migrations import Migration
from django.db.migrations.executor import MigrationExecutor

from upstream.ops import health


@pytest.fixture
def unapplied_migration(monkeypatch):
    pending = Migration("0999_pending", "concerns")
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [(pending, False)])


def test_healthz_answers_ok_without_signing_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "model": "ok", "settings": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_head_as_probes_send_it(client, db):
    # `curl -I` and load balancers that probe with HEAD used to get 405.
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""


def test_healthz_fails_when_the_holiday_calendar_is_unknown(client, db, settings):
    # Every release would fail computing deadlines while the web process looked healthy.
    settings.UPSTREAM_HOLIDAYS_COUNTRY = "XX"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["settings"] == "failing"
    assert b"XX" not in response.content


def test_healthz_fails_when_a_migration_is_not_applied(client, db, unapplied_migration):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failing"
    # Which migration, or any error text, is for operators (upstream check), not the network.
    assert b"0999" not in response.content


def test_healthz_fails_when_the_database_does_not_answer(client, db, monkeypatch):
    def unreachable():
        raise OSError("could not connect to server at db.internal:5432 as upstream")

    monkeypatch.setitem(health.CHECKS, "database", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing"
    assert b"db.internal" not in response.content


def test_healthz_names_redis_when_it_does_not_answer(client, db, settings):
    """Found by a hospital-IT walk: with Redis down, sign-in, submissions and receipt look-ups were
    500s while /healthz said ok. They no longer fail (test_redis_down.py), and a 503 would take every
    machine sharing the one Redis out of the load balancer: "degraded", 200, naming the cache."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    try:
        response = client.get("/healthz")
        assert response.status_code == 200 and response.json()["status"] == "degraded"
        assert response.json()["checks"]["cache"] == "failing"
        assert response.json()["checks"]["database"] == "ok"
        assert b"127.0.0.1" not in response.content
    finally:
        caches["default"].close()


def test_healthz_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405


def test_check_command_reports_each_check(db, capsys):
    call_command("check")
    out = capsys.readouterr().out
    for name in ("database", "migrations", "cache", "model", "settings"):
        assert f"{name}" in out
    assert "FAILED" not in out


def test_check_command_fails_and_names_the_pending_migration(db, capsys, unapplied_migration):
    with pytest.raises(CommandError):
        call_command("check")
    said = capsys.readouterr().out
    assert "concerns.0999_pending" in said
    # The settings' key check reads tables the migrations make: not a ProgrammingError and its SQL.
    assert "settings    FAILED  not checked until the migrations are applied" in said


def test_check_details_read_in_the_deployments_language_and_the_names_stay_machine_readable(
    db, unapplied_migration
):
    from django.utils import translation

    with translation.override("es"):
        found = {check.name: check for check in health.run_checks()}
    assert set(found) == {"database", "migrations", "cache", "model", "settings"}  # what scripts match on
    assert found["migrations"].detail.endswith("1 migración sin aplicar: concerns.0999_pending")

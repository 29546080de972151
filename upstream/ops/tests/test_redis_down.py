"""While Redis does not answer, signing in keeps working, and the limits of the anonymous paths
answer 503 with Retry-After instead of counting nothing (upstream/lib/tolerant_cache.py).

An operator's walk stopped Redis with UPSTREAM_REDIS_URL set: /accounts/login/ answered 500. These
tests point the cache at a port where nothing listens; the shared Redis is never touched.
"""

from __future__ import annotations

import logging
import socket

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns.tests.helpers import released
from upstream.intake.models import IntakeEntry
from upstream.lib import tolerant_cache

WARNING_FROM = "upstream.lib.tolerant_cache"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again on leaving: nothing listens there


def stop_redis(settings) -> None:
    """Point the cache at a port where nothing listens, as an operator's stopped Redis."""
    tolerant_cache.reset()
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "upstream.lib.tolerant_cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/8",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def redis_down(settings):
    stop_redis(settings)
    yield
    caches["default"].close()
    tolerant_cache.reset()


@pytest.fixture
def redis_stops(settings):
    """Call it to stop Redis part-way through a test."""
    yield lambda: stop_redis(settings)
    caches["default"].close()
    tolerant_cache.reset()


@pytest.fixture
def redis_warnings(caplog):
    caplog.set_level(logging.WARNING, logger=WARNING_FROM)
    return lambda: [r for r in caplog.records if r.name == WARNING_FROM]


def test_it_handles_signing_in_while_redis_does_not_answer(client, org, redis_down, redis_warnings):
    assert client.get("/accounts/login/").status_code == 200
    wrong = client.post("/accounts/login/", {"login": "reporter", "password": "not-the-password"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    right = client.post("/accounts/login/", {"login": "reporter", "password": PASSWORD})
    assert right.status_code == 302 and "/accounts/login" not in right["Location"]
    assert client.session["_auth_user_id"] == str(org.reporter.pk)
    # Once, not once per request or per cache call; naming the cause, never an address or a login.
    said = redis_warnings()
    assert len(said) == 1
    assert "does not answer (ConnectionError)" in said[0].getMessage()
    assert "reporter" not in said[0].getMessage() and "127.0.0.1" not in said[0].getMessage()


def test_a_new_concern_is_not_taken_uncounted_while_redis_does_not_answer(client, org, redis_down):
    """The daily limit is the only brake on one account flooding the inbox anonymously."""
    client.login(username="reporter", password=PASSWORD)
    page = client.post(reverse("speak:new"), {"text": "The night float never came.", "unit": org.ward_a.pk})
    assert page.status_code == 503
    assert int(page["Retry-After"]) > 0
    assert "nothing of what you just sent was saved" in page.content.decode()
    assert not IntakeEntry.objects.exists()


def test_a_wrong_receipt_code_is_answered_503_and_a_right_one_still_opens(client, org, redis_stops):
    done = released(unit=org.ward_a)  # filed while the cache answered
    redis_stops()
    wrong = client.post(reverse("receipt:lookup"), {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    assert wrong.status_code == 503 and int(wrong["Retry-After"]) > 0
    api = client.post(
        "/api/v1/receipts/lookup", {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"}, content_type="application/json"
    )
    assert api.status_code == 503 and "cannot check its limits" in api.json()["detail"]
    right = client.post(reverse("receipt:lookup"), {"receipt": done.receipt})
    assert right.status_code == 200


def test_the_warning_comes_about_once_a_minute(redis_down, redis_warnings, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(tolerant_cache, "clock", lambda: now[0])
    for _ in range(5):
        assert cache.get("anything", "missing") == "missing"
        assert cache.add("a lock", True) is True  # allauth's lock is taken at once, not waited on
        now[0] += tolerant_cache.RETRY_SECONDS + 1  # each call really asks Redis
    assert len(redis_warnings()) == 1
    now[0] += tolerant_cache.WARN_EVERY_SECONDS
    cache.get("anything")
    assert len(redis_warnings()) == 2


def test_the_health_check_says_degraded_but_keeps_the_machine_in_while_redis_does_not_answer(
    client, db, redis_down
):
    """Every web machine shares the one Redis: a 503 here took all of them out of the load balancer,
    though everything but the anonymous submission works without it."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == "failing"

"""Traces an anonymous write must not leave outside Upstream's own tables, found on a live PostgreSQL
run (docs/anonymity.md, M29 and M30): the database server's own log, and the expiry times of the
rate-limit counters in the cache."""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from upstream.api.tokens import create_token
from upstream.concerns import limits
from upstream.concerns.tests.helpers import released
from upstream.intake.models import IntakeEntry, UsedFormKey
from upstream.speakup import services as speakup
from upstream.speakup.models import SpentToken
from upstream.speakup.tests.helpers import obtain

TEXT = "Night shift on 4 West has had no porter for a month and we carry patients ourselves."
CRISIS = "I don't want to wake up tomorrow. Nights on this ward have been too much for months."
REPLY = "It happened again on Tuesday night, and again nobody covered the breaks."


@contextmanager
def failed_statements():
    """Every SQL statement that the database refused. PostgreSQL logs each one by default
    (`log_min_error_statement = error`) with its time to the millisecond and its values."""
    failed: list[str] = []

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        try:
            return execute(sql, params, many, context)
        except Exception:
            failed.append(sql)
            raise

    with connection.execute_wrapper(watch):
        yield failed


def test_a_resent_page_or_a_retried_key_is_refused_without_a_failed_statement(org, client):
    """A refreshed page, a retried `Idempotency-Key` on a concern or a reply: each writes nothing (a
    409, or the first answer again), and none of them makes the database log an error
    dating the retry (it used to log `duplicate key value violates unique constraint
    "intake_usedformkey_pkey"`, the time and the digest that stays in `intake_usedformkey`)."""
    client.force_login(org.reporter)
    form = client.get(reverse("speak:new")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', form).group(1)
    page = {"text": TEXT, "unit": org.ward_a.pk, "form_key": key}
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.reporter)}", "HTTP_IDEMPOTENCY_KEY": "k-1"}
    done = released(unit=org.ward_a)
    with failed_statements() as failed:
        assert client.post(reverse("speak:new"), page).status_code == 200
        assert client.post(reverse("speak:new"), page).status_code == 200  # its receipt again
        assert client.post(reverse("speak:new"), {**page, "text": REPLY}).status_code == 409
        for text in (TEXT, TEXT, REPLY):  # the second gets its first answer, the third the 409
            answer = Client().post(
                "/api/v1/concerns", {"text": text}, content_type="application/json", **bearer
            )
        assert answer.status_code == 409
        for text in (REPLY, REPLY, TEXT):  # as for a concern: the first answer again, then the 409
            answer = Client().post(
                "/api/v1/receipts/reply",
                {"receipt": done.receipt, "text": text},
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY="r-1",
            )
        assert answer.status_code == 409
    assert failed == []
    assert IntakeEntry.objects.count() == 3 and UsedFormKey.objects.count() == 3


def test_a_code_spent_twice_at_once_is_refused_without_a_failed_statement(org, monkeypatch):
    """Two requests with the same speak-up code can both pass the check before either commits;
    the second is refused as spent, without a failed insert naming the code's digest."""
    code = obtain(org.reporter)[0]
    checked = speakup.check_token(speakup.CONCERN, code)  # what the second request saw
    speakup.redeem_token(speakup.CONCERN, code)
    monkeypatch.setattr(speakup, "check_token", lambda *args, **kwargs: checked)
    with failed_statements() as failed, pytest.raises(speakup.TokenSpent):
        speakup.redeem_token(speakup.CONCERN, code)
    assert failed == []
    assert SpentToken.objects.count() == 1


@pytest.mark.parametrize("window", [limits.SUBMISSIONS, limits.RECEIPT_FAILURES], ids=["per-day", "per-hour"])
def test_counters_begun_at_different_moments_expire_together_at_the_windows_end(
    window, settings, monkeypatch
):
    """A counter that expired a window's length after its first use kept, in its expiry (which
    Redis also writes to its snapshots as an absolute time), the second at which that account first
    submitted that day, or that address first failed a receipt lookup."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "expiry"}
    }
    backend = caches["default"]
    start = 1_796_169_600  # a UTC midnight, so the start of both windows
    expiries = []
    for offset, subject in ((17, "first-subject"), (window.seconds * 3 // 5, "second-subject")):
        monkeypatch.setattr(time, "time", lambda offset=offset: start + offset + 0.25)
        assert window.add(subject) == 1
        expiries.append(backend._expire_info[backend.make_and_validate_key(window._key(subject))])
    assert expiries == [pytest.approx(start + window.seconds, abs=0.001)] * 2


@pytest.mark.skipif(not os.environ.get("UPSTREAM_REDIS_URL"), reason="needs a Redis (UPSTREAM_REDIS_URL)")
def test_in_redis_a_counter_expires_at_the_windows_end_to_the_millisecond(settings):
    """Redis counts a timeout from the millisecond it is set; the counter's absolute expiry, which
    its snapshots keep, must be the window's end, whatever moment the counter was begun."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["UPSTREAM_REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    backend = caches["default"]
    window = limits.RECEIPT_FAILURES
    window.add("192.0.2.7")
    key = backend.make_and_validate_key(window._key("192.0.2.7"))
    client = backend._cache.get_client(key, write=True)
    try:
        assert client.pexpiretime(key) == (window._start() + window.seconds) * 1000
    finally:
        client.delete(key)


def test_tapping_a_crisis_line_under_ones_own_concern_leaves_no_log_line(org, client, caplog):
    """Found on a live run: a writer whose words the crisis screen flagged sees the crisis lines on
    the receipt page, and a tap on one is counted (`POST /community/resources/<id>/used/<kind>`,
    a per-day counter). That request was logged with the second it was sent, a moment after the
    urgent concern, whose batch already gives the hour. Taps are counted, never logged, on the page
    and through the API; the directory's taps with them."""
    from upstream.community.tests.factories import crisis_line

    line = crisis_line()
    client.force_login(org.reporter)
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    page = client.post(reverse("speak:new"), {"text": CRISIS, "unit": org.ward_a.pk}).content.decode()
    taps = re.findall(r'data-count="([^"]+)"', page)
    assert f"/community/resources/{line.pk}/used/call" in taps
    assert client.post(taps[0]).status_code == 204
    tapped = Client().post(
        f"/api/v1/community/resources/{line.pk}/uses", {"kind": "text"}, content_type="application/json"
    )
    assert tapped.status_code == 204
    assert [r.getMessage() for r in caplog.records if r.name == "upstream.requests"] == []
    assert sorted(line.uses.values_list("kind", "count")) == [("call", 1), ("text", 1)]


def test_the_checks_made_while_writing_leave_no_log_line(org, client, caplog):
    """Two look-ups belong to writing, like `/speak/coverage`, and their lines (found logged on a
    live run) would give the second a writer was at it: `/community/shared/similar`, the speak-up
    form's partial of shared concerns to co-sign instead, asked with the draft; and
    `GET /api/v1/units/group-check`, which docs/api.md tells an integration to call before it
    submits, with the unit and role-group lists it reads for the ids. The API twin of the first is
    under `/api/v1/community/shared/`, already silent."""
    client.force_login(org.reporter)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.reporter)}"}
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    assert client.post(reverse("community:shared_similar"), {"text": TEXT}).status_code == 200
    checked = Client().get(
        "/api/v1/units/group-check", {"unit_id": org.ward_a.pk, "role_group": "nurse"}, **bearer
    )
    assert checked.status_code == 200 and checked.json()["large_enough"] is True
    # The lists it picks `unit_id` and `role_group` from, read just before (found by the install probe).
    assert Client().get("/api/v1/units", **bearer).status_code == 200
    assert Client().get("/api/v1/role-groups", **bearer).status_code == 200
    # And the crisis lines with their ids, read to record a tap right after a flagged write (found
    # by an anonymity audit: `GET /api/v1/community/resources/crisis 200` at the second).
    assert Client().get("/api/v1/community/resources/crisis", {"country": "US"}).status_code == 200
    assert [r.getMessage() for r in caplog.records if r.name == "upstream.requests"] == []


def test_the_redis_client_logs_nothing_timed_below_a_warning():
    """Found by an anonymity audit at UPSTREAM_LOG_LEVEL=DEBUG: redis-py logs a line when a web
    thread opens its first connection, which can be inside an anonymous request, timed to the
    millisecond. Its loggers start at WARNING, whatever the root level."""
    import logging

    for name in ("redis", "redis.connection", "redis.client"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    assert logging.getLogger("redis.connection").isEnabledFor(logging.WARNING)

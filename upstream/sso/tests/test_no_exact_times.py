"""Signing in through SSO or with a second factor writes nothing with a time finer than the day.

The same adversary as upstream/privacy/tests/test_anonymity.py: full database dumps before and after
a sign-in. Whatever a sign-in writes must not carry a time that could sit next to an anonymous write.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client

from conftest import PASSWORD
from upstream.privacy.tests.test_anonymity import dump, written
from upstream.sso.tests.conftest import sso_sign_in
from upstream.sso.tests.test_mfa import AUTHENTICATE, password_sign_in, set_up_totp
from upstream.sso.tests.totp import fresh_code

STAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:?\d\d|Z)?")
EPOCH = re.compile(r'"(?:at|viewed_at|last_used_at|iat|exp|auth_time|nbf)":\s*(\d{9,10}(?:\.\d+)?)')


def local_zone():
    return zoneinfo.ZoneInfo(django_settings.TIME_ZONE)


def afternoon(day_offset: int = 0, minutes: int = 0) -> dt.datetime:
    base = dt.datetime(2026, 3, 10, 14, 37, 21, tzinfo=local_zone())
    return base + dt.timedelta(days=day_offset, minutes=minutes)


def times_finer_than_a_day(changes: dict[str, set[tuple]]) -> list[str]:
    """Every date-time (or epoch seconds in JSON) in the written rows that is not a local midnight."""
    found = []
    for table, rows in changes.items():
        for row in rows:
            for value in row:
                for match in STAMP.finditer(value):
                    moment = dt.datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
                    if moment.tzinfo is None:
                        moment = moment.replace(tzinfo=dt.UTC)
                    if moment.astimezone(local_zone()).time() != dt.time(0):
                        found.append(f"{table}: {match.group(0)}")
                for match in EPOCH.finditer(value):
                    moment = dt.datetime.fromtimestamp(float(match.group(1)), tz=local_zone())
                    if moment.time() != dt.time(0):
                        found.append(f"{table}: {match.group(0)}")
    return found


def test_an_sso_sign_in_writes_nothing_and_the_first_one_only_days(idp, transactional_db):
    with time_machine.travel(afternoon(), tick=False):
        before = dump()
        first = Client()
        sso_sign_in(first, idp, "avery.stone@riverbend.example")
        created = written(before, dump())
        # The first sign-in creates the account: its rows carry the day, nothing finer.
        assert {"org_user", "socialaccount_socialaccount"} <= set(created)
        assert times_finer_than_a_day(created) == []
    with time_machine.travel(afternoon(minutes=47), tick=False):
        before = dump()
        sso_sign_in(Client(), idp, "avery.stone@riverbend.example")
        assert written(before, dump()) == {}
    with time_machine.travel(afternoon(day_offset=1), tick=False):
        before = dump()
        sso_sign_in(Client(), idp, "avery.stone@riverbend.example")
        next_day = written(before, dump())
        assert set(next_day) <= {"socialaccount_socialaccount"}
        assert times_finer_than_a_day(next_day) == []


@pytest.fixture
def leader_with_totp(org, settings):
    settings.UPSTREAM_REQUIRE_MFA = True
    with time_machine.travel(afternoon(day_offset=-1), tick=False):
        client = Client()
        password_sign_in(client, "leader_a")
        secret = set_up_totp(client)
    return secret


def test_setting_up_totp_and_recovery_codes_keeps_only_the_day(org, settings):
    settings.UPSTREAM_REQUIRE_MFA = True
    with time_machine.travel(afternoon(), tick=False):
        before = dump()
        client = Client()
        password_sign_in(client, "leader_a")
        set_up_totp(client)
        client.get("/accounts/2fa/recovery-codes/")  # viewing the codes records when, in allauth
        changes = written(before, dump())
    assert "mfa_authenticator" in changes
    assert times_finer_than_a_day(changes) == []


def test_a_second_factor_sign_in_writes_at_most_the_day(leader_with_totp):
    def sign_in_with_code():
        client = Client()
        assert password_sign_in(client, "leader_a")["Location"] == AUTHENTICATE
        response = client.post(AUTHENTICATE, {"code": fresh_code(leader_with_totp)})
        assert response.status_code == 302 and "_auth_user_id" in client.session
        return client

    with time_machine.travel(afternoon(), tick=False):
        before = dump()
        sign_in_with_code()
        first_today = written(before, dump())
    # allauth records that the authenticator was used: only as the day, on the first use of the day.
    assert set(first_today) <= {"mfa_authenticator"}
    assert times_finer_than_a_day(first_today) == []
    with time_machine.travel(afternoon(minutes=30), tick=False):
        before = dump()
        sign_in_with_code()
        assert written(before, dump()) == {}


def test_a_recovery_code_sign_in_marks_the_code_spent_and_nothing_finer(leader_with_totp, org):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes(
        Authenticator.objects.get(user=org.leader, type="recovery_codes")
    ).get_unused_codes()[0]
    with time_machine.travel(afternoon(), tick=False):
        before = dump()
        client = Client()
        client.post("/accounts/login/", {"login": "leader_a", "password": PASSWORD})
        assert client.post(AUTHENTICATE, {"code": code}).status_code == 302
        changes = written(before, dump())
    assert set(changes) <= {"mfa_authenticator"}
    assert times_finer_than_a_day(changes) == []

"""`upstream remove-second-factor`: the sole operator who lost their phone and recovery codes gets
back in from the server, and must set a new factor up before reaching the admin again."""

from __future__ import annotations

import datetime as dt
import logging
from io import StringIO

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.utils import timezone

from conftest import make_user
from upstream.sso.tests.test_mfa import ACTIVATE, AUTHENTICATE, password_sign_in, set_up_totp


@pytest.fixture(autouse=True)
def _require_mfa(settings):
    settings.UPSTREAM_REQUIRE_MFA = True


def test_an_operator_without_phone_or_codes_gets_back_in_and_sets_a_new_factor_up(client, db, caplog):
    operator = make_user("morgan")
    operator.is_staff = operator.is_superuser = True
    operator.save(update_fields=["is_staff", "is_superuser"])
    password_sign_in(client, "morgan")
    set_up_totp(client)
    client.post("/accounts/logout/")

    said = StringIO()
    with caplog.at_level(logging.INFO):
        call_command("remove_second_factor", "morgan", stdout=said)
    assert said.getvalue().startswith("Removed from morgan: Recovery codes, TOTP Authenticator.")
    assert not Authenticator.objects.filter(user=operator).exists()
    assert "morgan" not in "\n".join(record.getMessage() for record in caplog.records)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2), tick=False):
        response = password_sign_in(client, "morgan")
        assert response["Location"] != AUTHENTICATE  # no code asked for: there is none
        assert client.get("/admin/")["Location"] == ACTIVATE  # and the admin waits for a new one
        set_up_totp(client)
        assert client.get("/admin/").status_code == 200


def test_it_says_when_there_is_nothing_to_remove_or_nobody_of_that_name(db):
    make_user("plain")
    said = StringIO()
    call_command("remove_second_factor", "plain", stdout=said)
    assert said.getvalue() == "plain has no second factor. Nothing changed.\n"
    with pytest.raises(CommandError, match="No account is named nobody-here."):
        call_command("remove_second_factor", "nobody-here")

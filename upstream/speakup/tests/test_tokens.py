"""Issue, spend, double-spend, expiry, rotation, limits: the token rules a person would notice."""

from __future__ import annotations

import datetime as dt

import pytest

from upstream.concerns.services import ConcernError
from upstream.speakup import keys, services
from upstream.speakup.models import Allowance, SigningKey, SpentToken
from upstream.speakup.tests.helpers import obtain

TEXT = "The night shift has had no break room for three weeks and we eat standing up."
DAY = dt.date(2026, 12, 1)


def spend(code: str, *, today: dt.date = DAY, text: str = TEXT, unit=None, role: str = ""):
    return services.submit_concern_with_token(code=code, text=text, unit=unit, role_group=role, today=today)


def test_it_handles_a_token_obtained_signed_in_and_spent_without_an_account(org):
    [code] = obtain(org.reporter, today=DAY)
    done = spend(code, unit=org.medicine, role="nurse")
    assert len(done.receipt.replace("-", "")) == 20
    assert done.ack_due_on > DAY
    assert SpentToken.objects.count() == 1


def test_a_token_works_once(org):
    [code] = obtain(org.reporter, today=DAY)
    spend(code)
    with pytest.raises(services.TokenSpent):
        spend(code)
    assert SpentToken.objects.count() == 1


def test_a_refused_text_does_not_use_up_the_token(org):
    [code] = obtain(org.reporter, today=DAY)
    with pytest.raises(ConcernError):
        spend(code, text="short")
    assert SpentToken.objects.count() == 0
    spend(code)


def test_a_forged_or_damaged_code_is_refused(org):
    [code] = obtain(org.reporter, today=DAY)
    damaged = code[:-4] + ("AAAA" if not code.endswith("AAAA") else "BBBB")
    for bad in [damaged, "not-a-code", "", "x" * 5000, "ab\x00cd", code[:100]]:
        with pytest.raises(services.TokenInvalid):
            spend(bad)
    assert SpentToken.objects.count() == 0


def test_a_code_survives_spaces_and_line_breaks_from_copying(org):
    [code] = obtain(org.reporter, today=DAY)
    spend("  " + code[:200] + "\n" + code[200:] + " ")


def test_each_person_gets_only_so_many_tokens_per_period(org, monkeypatch):
    monkeypatch.setenv("UPSTREAM_SPEAKUP_TOKENS", "3")
    obtain(org.reporter, 2, today=DAY)
    with pytest.raises(services.LimitReached, match="only 1 more"):
        obtain(org.reporter, 2, today=DAY)
    obtain(org.reporter, 1, today=DAY)
    with pytest.raises(services.LimitReached, match="all your tokens"):
        obtain(org.reporter, 1, today=DAY)
    # A colleague's allowance is their own, and the next period starts afresh.
    obtain(org.leader, 3, today=DAY)
    assert services.allowance_left(org.reporter, "concern", today=DAY).remaining == 0
    later = DAY + dt.timedelta(days=31)
    assert services.allowance_left(org.reporter, "concern", today=later).remaining == 3
    # Stored: the person, the purpose, the period's first day and a count. Nothing else.
    row = Allowance.objects.get(user=org.reporter)
    assert (row.purpose, row.issued) == ("concern", 3)
    assert dt.date.fromisoformat(row.period) <= DAY


def test_the_period_is_the_same_grid_for_everyone(org):
    rule = services.rule_for("concern")
    starts = {rule.period(DAY + dt.timedelta(days=i))[0] for i in range(rule.period_days)}
    assert len(starts) in (1, 2)
    assert all(dt.date.fromisoformat(s).toordinal() % rule.period_days == 0 for s in starts)


def test_rotation_keeps_old_tokens_working_through_the_grace_period_then_refuses_them(org, monkeypatch):
    monkeypatch.setenv("UPSTREAM_SPEAKUP_GRACE_DAYS", "10")
    [old_one, old_two] = obtain(org.reporter, 2, today=DAY)
    old_key = SigningKey.objects.get()
    new_key = keys.rotate_key("concern", DAY + dt.timedelta(days=1))
    old_key.refresh_from_db()
    assert old_key.accept_until == DAY + dt.timedelta(days=11)
    assert services.signing_key_for("concern") == new_key
    spend(old_one, today=DAY + dt.timedelta(days=11))
    with pytest.raises(services.TokenExpired):
        spend(old_two, today=DAY + dt.timedelta(days=12))
    # New tokens come from the new key and work.
    [fresh] = obtain(org.leader, today=DAY + dt.timedelta(days=12))
    spend(fresh, today=DAY + dt.timedelta(days=12))


def test_the_daily_task_rotates_old_keys_and_forgets_expired_ones(org, monkeypatch):
    monkeypatch.setenv("UPSTREAM_SPEAKUP_ROTATE_DAYS", "30")
    monkeypatch.setenv("UPSTREAM_SPEAKUP_GRACE_DAYS", "5")
    [code] = obtain(org.reporter, today=DAY)
    spend(code)
    assert keys.rotate_due_keys(DAY + dt.timedelta(days=29)) == []
    assert keys.rotate_due_keys(DAY + dt.timedelta(days=30)) == ["concern"]
    assert keys.rotate_due_keys(DAY + dt.timedelta(days=30)) == []  # idempotent
    assert keys.forget_expired_keys(DAY + dt.timedelta(days=35)) == 0
    assert keys.forget_expired_keys(DAY + dt.timedelta(days=36)) == 1
    old = SigningKey.objects.exclude(retired_on=None).get()
    assert old.sealed_private_key is None
    assert not SpentToken.objects.exists()
    with pytest.raises(services.TokenExpired):
        spend(code, today=DAY + dt.timedelta(days=36))


def test_a_token_for_one_purpose_is_worthless_for_another(org):
    [wave_code] = obtain(org.reporter, purpose="wave:2026-winter", today=DAY)
    with pytest.raises(services.TokenInvalid):
        spend(wave_code)
    # Given once: no wait brings another, so the state refuses (409), not a rate (429).
    with pytest.raises(services.AlreadyHad, match="already have") as refused:
        obtain(org.reporter, purpose="wave:2026-winter", today=DAY)
    assert refused.value.status == 409
    with transaction_atomic():
        services.redeem_token("wave:2026-winter", wave_code, today=DAY)
    [concern_code] = obtain(org.reporter, today=DAY)
    with pytest.raises(services.TokenInvalid):
        services.check_token("wave:2026-winter", concern_code, today=DAY)
    assert SigningKey.objects.values_list("purpose", flat=True).distinct().count() == 2


def test_an_unknown_purpose_or_a_stale_key_is_refused(org):
    with pytest.raises(services.TokenError, match="Unknown purpose"):
        services.issue_tokens(org.reporter, "payroll", [b"x"], "k", today=DAY)
    key = services.signing_key_for("concern", today=DAY)
    with pytest.raises(services.KeyChanged):
        services.issue_tokens(org.reporter, "concern", [b"\x01" * 256], "0" * 64, today=DAY)
    # Blinded for another key: a 409 like a changed key, with the length this key needs.
    with pytest.raises(services.NotForThisKey, match="256 bytes long"):
        services.issue_tokens(org.reporter, "concern", [b"\x01" * 10], key.key_id, today=DAY)
    with pytest.raises(services.NotForThisKey, match="could not be signed with this key"):
        services.issue_tokens(org.reporter, "concern", [b"\x00" * 256], key.key_id, today=DAY)
    assert Allowance.objects.filter(issued__gt=0).count() == 0


def test_private_keys_are_sealed_at_rest(org):
    key = services.signing_key_for("concern", today=DAY)
    sealed = bytes(key.sealed_private_key)
    assert b"PRIVATE KEY" not in sealed and b"\x30\x82" not in sealed[:4]
    assert keys.private_key(key).public_key().public_numbers() == keys.public_key(key).public_numbers()


def transaction_atomic():
    from django.db import transaction

    return transaction.atomic()


def test_the_rotate_command_starts_a_new_key_and_keeps_the_old_one_for_the_grace(org):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    [code] = obtain(org.reporter)
    out = StringIO()
    call_command("rotate_speakup_key", "--grace-days", "3", stdout=out)
    assert "accepted for 3 more days" in out.getvalue()
    assert SigningKey.objects.count() == 2
    today = timezone.localdate()
    spend(code, today=today + dt.timedelta(days=3))
    with pytest.raises(Exception, match="Unknown purpose"):
        call_command("rotate_speakup_key", "--purpose", "payroll")


def test_the_daily_task_is_idempotent(org):
    from upstream.speakup.tasks import maintain_keys

    obtain(org.reporter, today=DAY)
    later = (DAY + dt.timedelta(days=60)).isoformat()
    assert maintain_keys.call(later) == 1
    assert maintain_keys.call(later) == 0


def test_tokens_expire_and_keys_rotate_even_without_the_scheduler(org, monkeypatch):
    monkeypatch.setenv("UPSTREAM_SPEAKUP_ROTATE_DAYS", "30")
    monkeypatch.setenv("UPSTREAM_SPEAKUP_GRACE_DAYS", "10")
    [first, second] = obtain(org.reporter, 2, today=DAY)
    old_key = SigningKey.objects.get()
    assert services.use_by(old_key) == DAY + dt.timedelta(days=40)
    spend(first, today=DAY + dt.timedelta(days=40))
    with pytest.raises(services.TokenExpired):
        spend(second, today=DAY + dt.timedelta(days=41))
    # Getting codes after the rotation period rotates the key on the spot.
    obtain(org.leader, today=DAY + dt.timedelta(days=31))
    assert SigningKey.objects.filter(retired_on=None).get() != old_key

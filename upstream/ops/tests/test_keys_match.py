"""Keys that do not open the data fail `upstream check` and `/healthz`, with what to do.

Found by a hospital-IT probe: a backup restored beside an empty UPSTREAM_DATA_DIR generated new
keys; `upstream check` and `/healthz` said ok while every receipt code gave 404 and `upstream
release-now` kept every waiting submission ("cannot be opened").
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from upstream.concerns.tests.helpers import released
from upstream.intake.services import enqueue
from upstream.ops import keys_match
from upstream.ops.models import KeyFingerprint

OTHER_KEY = "a key from another data directory, 48 characters"  # noqa: S105 - test value


def check(capsys) -> tuple[bool, str]:
    try:
        call_command("check")
    except CommandError:
        return False, capsys.readouterr().out
    return True, capsys.readouterr().out


def test_an_empty_database_passes_and_records_fingerprints_never_keys(db, capsys, settings):
    ok, out = check(capsys)
    assert ok, out
    assert "the receipt and intake keys open the data" in out
    stored = dict(KeyFingerprint.objects.values_list("name", "fingerprint"))
    assert set(stored) == {"UPSTREAM_RECEIPT_KEY", "UPSTREAM_INTAKE_KEY"}
    for value in stored.values():
        assert len(value) == 64
        assert settings.RECEIPT_KEY not in value and settings.INTAKE_KEY not in value
    assert stored["UPSTREAM_RECEIPT_KEY"] != stored["UPSTREAM_INTAKE_KEY"]


def test_the_same_keys_pass_with_data(org, capsys):
    released(unit=org.ward_a)
    enqueue("tests.note", {"n": "waiting"})
    assert check(capsys)[0]
    ok, out = check(capsys)  # and again, now against the recorded fingerprints
    assert ok, out


def test_another_receipt_key_fails_check_and_says_what_to_do(org, capsys, settings):
    released(unit=org.ward_a)
    assert check(capsys)[0]  # the fingerprints of the keys that made the data
    settings.RECEIPT_KEY = OTHER_KEY
    ok, out = check(capsys)
    assert not ok
    assert "settings    FAILED" in out
    assert "UPSTREAM_RECEIPT_KEY is not the key the receipts in this database were made with" in out
    assert "upstream_receipt_key" in out and "docs/operations.md#backups" in out
    assert OTHER_KEY not in out


def test_another_intake_key_fails_even_before_any_fingerprint_was_recorded(db, capsys, settings):
    # A backup made before any check ran holds no fingerprint: the oldest waiting entry tells.
    enqueue("surveys.answer", {"n": "sealed under the old key"})
    settings.INTAKE_KEY = OTHER_KEY
    ok, out = check(capsys)
    assert not ok
    assert "UPSTREAM_INTAKE_KEY does not open the submissions waiting in the intake" in out
    assert not KeyFingerprint.objects.exists()  # nothing recorded for keys the data contradicts


def test_a_rotation_with_the_previous_key_passes(db, capsys, settings):
    enqueue("tests.note", {"n": "sealed under the old key"})
    assert check(capsys)[0]
    settings.INTAKE_KEY_PREVIOUS, settings.INTAKE_KEY = settings.INTAKE_KEY, OTHER_KEY
    ok, out = check(capsys)
    assert ok, out


def test_a_rotation_without_the_previous_key_is_told_how_to_set_it(db, capsys, settings):
    """The message told only to copy key files back, never of UPSTREAM_INTAKE_KEY_PREVIOUS."""
    enqueue("tests.note", {"n": "sealed under the old key"})
    assert check(capsys)[0]
    settings.INTAKE_KEY = OTHER_KEY
    ok, out = check(capsys)
    assert not ok
    assert (
        "If UPSTREAM_INTAKE_KEY was changed on purpose (a rotation), set UPSTREAM_INTAKE_KEY_PREVIOUS" in out
    )
    settings.INTAKE_KEY_PREVIOUS = "not the old key either, but 48 characters long!!"
    ok, out = check(capsys)
    assert not ok
    assert "UPSTREAM_INTAKE_KEY_PREVIOUS is set but does not open them either" in out


def test_a_new_intake_key_with_nothing_waiting_passes(db, capsys, settings):
    # Nothing needs the old key any more: changing it then loses nothing.
    assert check(capsys)[0]
    settings.INTAKE_KEY = OTHER_KEY
    ok, out = check(capsys)
    assert ok, out


def test_a_fresh_install_whose_process_generated_its_keys_and_then_made_receipts_passes(
    org, capsys, settings
):
    """The first process of a fresh install generates the keys and then makes receipts itself (the
    test run of a fresh clone did): that is no mismatch. (A restore beside generated keys is refused
    by `upstream restore`, before anything is restored.)"""
    settings.UPSTREAM_KEY_ORIGINS = {
        **settings.UPSTREAM_KEY_ORIGINS,
        "UPSTREAM_RECEIPT_KEY": ("newly generated into /somewhere", True),
        "UPSTREAM_INTAKE_KEY": ("newly generated into /somewhere", True),
    }
    released(unit=org.ward_a)
    ok, out = check(capsys)
    assert ok, out


def test_healthz_fails_without_giving_the_reason_away(client, org, settings):
    released(unit=org.ward_a)
    assert client.get("/healthz").status_code == 200
    settings.RECEIPT_KEY = OTHER_KEY
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["settings"] == "failing"
    assert b"RECEIPT" not in response.content


def test_accept_keys_records_the_keys_in_use_when_the_old_ones_are_lost(org, capsys, settings):
    released(unit=org.ward_a)
    assert check(capsys)[0]
    settings.RECEIPT_KEY = OTHER_KEY
    assert not check(capsys)[0]
    call_command("check", "--accept-keys")
    assert "recorded as the right ones" in capsys.readouterr().out
    assert check(capsys)[0]


def test_the_fingerprint_is_slow_and_keyed_by_name():
    one = keys_match.fingerprint("UPSTREAM_RECEIPT_KEY", OTHER_KEY)
    assert one != keys_match.fingerprint("UPSTREAM_INTAKE_KEY", OTHER_KEY)
    assert keys_match.ITERATIONS >= 100_000
    assert OTHER_KEY.encode().hex() not in one


def test_the_receipt_page_still_works_after_a_passing_check(client, org, capsys):
    done = released(unit=org.ward_a)
    assert check(capsys)[0]
    assert client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).status_code == 200


CLI = [sys.executable, "-m", "upstream.cli"]
SHELL_SEAL = (
    "from upstream.intake.services import enqueue; "
    "enqueue('surveys.answer', {'answer': 'sealed before the backup'})"
)


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs on its own SQLite files")
def test_a_restore_beside_other_keys_is_caught_by_restore_and_check(tmp_path):
    """The probe's steps: backup on one server, restore beside an empty data directory."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()

    def upstream(data_dir, *args: str) -> subprocess.CompletedProcess:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("UPSTREAM_")},
            "UPSTREAM_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "upstream.config.settings",
        }
        return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)  # noqa: S603

    assert upstream(old, "migrate", "-v0").returncode == 0
    assert upstream(old, "shell", "-c", SHELL_SEAL).returncode == 0
    made = upstream(old, "backup", "--out", str(tmp_path / "b1.backup"))
    assert made.returncode == 0, made.stderr

    # An empty data directory: restore generates keys, and refuses before touching anything.
    refused = upstream(new, "restore", str(tmp_path / "b1.backup"), "--yes")
    assert refused.returncode == 1
    assert "were generated just now" in refused.stderr and "Nothing restored" in refused.stderr
    assert not (new / "upstream.sqlite3").exists() or not _tables(new / "upstream.sqlite3")

    # The keys it made are not left behind: run again, it refuses again (it restored under them).
    assert not (new / "upstream_receipt_key").exists() and not (new / "upstream_intake_key").exists()
    again = upstream(new, "restore", str(tmp_path / "b1.backup"), "--yes")
    assert again.returncode == 1 and "were generated just now" in again.stderr

    # Keys of another instance in that directory: refused before anything is replaced (it used to
    # restore first and only then find the keys wrong, the instance's own data gone).
    assert upstream(new, "migrate", "-v0").returncode == 0
    refused = upstream(new, "restore", str(tmp_path / "b1.backup"), "--yes")
    assert refused.returncode == 1
    assert "Restored" not in refused.stdout
    assert "another UPSTREAM_INTAKE_KEY than the one in use here" in refused.stderr
    assert "Nothing restored; the database is untouched." in refused.stderr
    assert upstream(new, "check").returncode == 0  # its own data, under its own keys, as before

    # The key files from the old server: the restore goes ahead and everything opens again.
    for name in ("upstream_receipt_key", "upstream_intake_key"):
        shutil.copy(old / name, new / name)
    restored = upstream(new, "restore", str(tmp_path / "b1.backup"), "--yes")
    assert restored.returncode == 0, restored.stderr
    checked = upstream(new, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _tables(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    finally:
        connection.close()


def test_serve_refuses_keys_that_do_not_open_the_data_before_starting_anything(org, capsys, settings):
    """It served, handing out receipts under keys that were to be replaced (an operator's walk)."""
    released(unit=org.ward_a)
    assert check(capsys)[0]
    settings.RECEIPT_KEY = OTHER_KEY
    with pytest.raises(CommandError, match="UPSTREAM_RECEIPT_KEY is not the key the receipts"):
        call_command("serve", "--port", "1")  # a port it never gets to try

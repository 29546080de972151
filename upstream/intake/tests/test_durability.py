"""Nothing acknowledged is ever lost: a server killed with SIGKILL mid-load keeps every 201, and a
release killed mid-batch leaves every entry in the intake for the next run to release once.

Runs gunicorn on its own SQLite file, posts concerns from several clients, kills the whole
process group with SIGKILL while requests are in flight, and counts the sealed entries on disk.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from upstream.org.models import User

own_sqlite_file = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="its own SQLite file")
CLI = [sys.executable, "-m", "upstream.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict[str, str]) -> str:
    subprocess.run([*CLI, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    script = (
        "from upstream.api.tokens import create_token\n"
        "from upstream.org.models import Membership, Unit, User\n"
        "root = Unit.add_root(name='Durable Health', code='durable', level='system')\n"
        "user = User.objects.create(username='night-nurse')\n"
        "Membership.objects.create(user=user, unit=root, role_group='nurse')\n"
        "print(create_token(user))\n"
    )
    out = subprocess.run(  # noqa: S603
        [*CLI, "shell", "-c", script], env=env, check=True, capture_output=True, text=True, timeout=120
    )
    return out.stdout.strip().splitlines()[-1]


@own_sqlite_file
def test_every_acknowledged_submission_survives_kill_9(tmp_path):
    env = {
        **os.environ,
        "UPSTREAM_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "upstream.config.settings",
        "UPSTREAM_SUBMISSIONS_PER_DAY": "100000",
    }
    token = prepare(env)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "upstream.config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--no-control-socket",
        ],
        env=env,
        start_new_session=True,  # its own process group, so one SIGKILL reaches master and workers
    )
    acknowledged = 0
    lock = threading.Lock()
    stop = threading.Event()

    def client() -> None:
        nonlocal acknowledged
        body = json.dumps({"text": "Nights were two nurses short again and nobody had a break."})
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        while not stop.is_set():
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("POST", "/api/v1/concerns", body=body, headers=headers)
                if conn.getresponse().status == 201:
                    with lock:
                        acknowledged += 1
                conn.close()
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 120
        while acknowledged < 30 and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(server.pid, signal.SIGKILL)  # mid-load: requests are in flight
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        server.wait(timeout=30)
    assert acknowledged >= 30, "the server never got going"
    with sqlite3.connect(tmp_path / "upstream.sqlite3") as db:
        stored = db.execute("SELECT count(*) FROM intake_intakeentry").fetchone()[0]
    assert stored >= acknowledged  # a request killed before its answer may still have committed


class Killed(BaseException):
    """What SIGKILL does to a release: it stops it where it stands (no `except Exception` runs)."""


@pytest.mark.django_db(transaction=True)
def test_a_release_killed_mid_batch_is_rolled_back_and_the_next_run_releases_each_entry_once(
    org, answers_released_singly, monkeypatch
):
    from upstream.concerns import services as concerns
    from upstream.concerns.models import Concern, Message
    from upstream.intake import registry
    from upstream.intake.services import release_due
    from upstream.intake.tests.placeholders import real_entries
    from upstream.surveys.models import Response
    from upstream.surveys.services import submit_answer
    from upstream.surveys.tests.helpers import PULSE, office_of, open_wave

    first = concerns.submit_concern(text="Nights were two nurses short again this week.", unit=org.ward_a)
    release_due(everything=True)
    receipts = [
        concerns.submit_concern(
            text=f"Concern {n}: the float pool never covers nights.", unit=org.ward_a
        ).receipt
        for n in range(5)
    ]
    concerns.reply_as_reporter(concerns.find_by_receipt(first.receipt), "It happened again on Tuesday.")
    wave = open_wave(org, office_of(org), units=[org.ward_a])
    for user in (org.reporter, *[User.objects.get(username=f"nurse{n}") for n in range(3)]):
        submit_answer(user, wave, unit_id=org.ward_a.pk, answers={"upstream-pulse": PULSE})
    waiting = len(real_entries())  # the first concern's placeholder is dropped, not released

    priority, replies = registry._HANDLERS["concerns.reply"]

    def killed_after_the_concerns_were_written(payloads, batch):
        assert Concern.objects.count() == 6  # this batch's concerns are in, uncommitted
        raise Killed

    monkeypatch.setitem(
        registry._HANDLERS, "concerns.reply", (priority, killed_after_the_concerns_were_written)
    )
    with pytest.raises(Killed):
        release_due(everything=True)
    assert len(real_entries()) == waiting  # nothing half-released
    assert Concern.objects.count() == 1 and Response.objects.count() == 0

    monkeypatch.setitem(registry._HANDLERS, "concerns.reply", (priority, replies))
    assert release_due(everything=True) == waiting
    assert release_due(everything=True) == 0
    assert sorted(Concern.objects.values_list("text", flat=True)) == sorted(
        ["Nights were two nurses short again this week."]
        + [f"Concern {n}: the float pool never covers nights." for n in range(5)]
    )
    assert all(concerns.find_by_receipt(code) for code in receipts)
    assert Message.objects.filter(author="reporter").count() == 1
    assert Response.objects.filter(wave=wave).count() == 4
    assert not real_entries()


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL locks")
@pytest.mark.django_db(transaction=True)
def test_a_release_waits_for_a_submission_that_spent_its_form_key_instead_of_deadlocking(org):
    """The form spends its key (intake_usedformkey), then writes its entry (intake_intakeentry). The
    release locked the intake first and the form keys at the end: under load, PostgreSQL found a
    deadlock and aborted the release (or the reporter's request)."""
    from django.db import connection, transaction

    from upstream.concerns import services as concerns
    from upstream.concerns.models import Concern
    from upstream.intake import formkeys
    from upstream.intake.services import release_due

    concerns.submit_concern(text="Nights were two nurses short again this week.", unit=org.ward_a)
    key_spent, errors = threading.Event(), []

    def reporter() -> None:
        try:
            with transaction.atomic():
                concerns.spend_form_key(formkeys.new_key())
                key_spent.set()
                time.sleep(1.5)  # the release is now waiting on a lock
                concerns.submit_concern(text="The float pool never covers nights.", unit=org.ward_a)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
            key_spent.set()
        finally:
            connection.close()

    thread = threading.Thread(target=reporter)
    thread.start()
    key_spent.wait(10)
    released = release_due(everything=True)
    thread.join(30)
    assert errors == []
    assert released >= 1 and Concern.objects.count() == released

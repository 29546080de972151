"""`upstream sendtestemail`, the check docs/operations.md gives for the mail settings, answers in
one line: a mail server that refuses ended in a 30-line traceback (a fresh-install walk)."""

from __future__ import annotations

import socket

from upstream.ops.tests.cli import run_upstream


def _a_closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_server_that_does_not_answer_is_named_in_one_line(tmp_path):
    port = _a_closed_port()
    done = run_upstream(
        tmp_path,
        "sendtestemail",
        "it@example.org",
        UPSTREAM_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        UPSTREAM_EMAIL_HOST="127.0.0.1",
        UPSTREAM_EMAIL_PORT=str(port),
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    said = done.stderr.strip().splitlines()
    assert said[-1].startswith(f"upstream: no email was sent: the mail server 127.0.0.1:{port} ")
    assert "refused" in said[-1].lower()


def test_the_trial_backend_says_the_test_email_was_not_sent_without_the_address(tmp_path):
    done = run_upstream(tmp_path, "sendtestemail", "it@example.org")
    assert done.returncode == 0, done.stderr
    everything = done.stdout + done.stderr
    assert "email not sent (UPSTREAM_EMAIL_BACKEND delivers nothing): an email to 1 recipient" in everything
    assert "it@example.org" not in everything

"""Spending one code, or asking for codes, from several requests at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from conftest import Org
from upstream.speakup import keys, services
from upstream.speakup.models import Allowance, SpentToken
from upstream.speakup.tests import client
from upstream.speakup.tests.helpers import obtain

TEXT = "We have had no working bladder scanner on the ward for a month and it is unsafe."


def run_at_once(work, count: int = 4) -> list[object]:
    results: list[object] = []
    barrier = threading.Barrier(count)

    def one() -> None:
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 - each thread reports what happened to it
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_a_code_sent_four_times_at_once_is_used_once():
    org = Org()
    [code] = obtain(org.reporter)
    results = run_at_once(
        lambda: services.submit_concern_with_token(code=code, text=TEXT, unit=None, role_group="")
    )
    accepted = [r for r in results if isinstance(r, services.TokenSubmitted)]
    assert len(accepted) == 1, results
    assert SpentToken.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_asking_for_codes_four_times_at_once_stays_within_the_allowance(monkeypatch):
    monkeypatch.setenv("UPSTREAM_SPEAKUP_TOKENS", "5")
    org = Org()
    key = services.signing_key_for("concern")
    public = keys.public_key(key)
    # Four tabs, each with two messages of its own (the same messages sent again are answered again
    # without counting them, so only different ones compete for the allowance).
    tabs = [[client.blind(public, client.prepare())[0] for _ in range(2)] for _ in range(4)]
    results = run_at_once(lambda: services.issue_tokens(org.reporter, "concern", tabs.pop(), key.key_id))
    granted = [r for r in results if isinstance(r, services.Issued)]
    assert 1 <= len(granted) <= 2, results
    assert Allowance.objects.get(user=org.reporter).issued == 2 * len(granted) <= 5


@pytest.mark.django_db(transaction=True)
def test_the_same_request_four_times_at_once_is_counted_once():
    org = Org()
    key = services.signing_key_for("concern")
    blinded = [client.blind(keys.public_key(key), client.prepare())[0] for _ in range(2)]
    results = run_at_once(lambda: services.issue_tokens(org.reporter, "concern", blinded, key.key_id))
    granted = [r for r in results if isinstance(r, services.Issued)]
    # PostgreSQL answers all four; SQLite's test database may refuse some with a lock error.
    assert granted and len({tuple(r.blind_signatures) for r in granted}) == 1, results
    assert Allowance.objects.get(user=org.reporter).issued == 2

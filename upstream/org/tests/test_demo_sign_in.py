"""The sign-in page's "Demo accounts" card: only under UPSTREAM_DEMO_SIGN_IN, only on the demo, and only
while the printed password still opens it.

The whole demo takes half a minute to load; the card needs only its system unit and the named
logins, built here with the demo's own tree builder and list (ops/tests/test_walkthrough.py checks
the card on the full demo).
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from upstream.org import demo
from upstream.org.demo import logins
from upstream.org.demo.logins import listed_logins
from upstream.org.demo.organisation import Built, add_admin, build_tree
from upstream.org.models import Unit, UnitLevel, User

CARD = "Demo accounts"


@pytest.fixture
def demo_logins(db) -> None:
    hashed = make_password(demo.DEMO_PASSWORD)
    build_tree(Built())
    for n in demo.NAMED.values():
        User.objects.create(username=n.username, first_name=n.first, last_name=n.last, password=hashed)
    add_admin(hashed)


def sign_in_page(client) -> str:
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_the_demo_logins_when_the_demo_runs_locally(client, settings, demo_logins) -> None:
    settings.UPSTREAM_DEMO_SIGN_IN = True
    page = sign_in_page(client)
    assert CARD in page
    assert f"<code>{demo.DEMO_PASSWORD}</code>" in page
    for login in listed_logins():
        assert f"<code>{login.username}</code>" in page
        assert str(login.role) in page
    assert "every concern, action and dashboard in Riverbend Health" in page
    assert 'class="scroll-x"' in page


def test_it_checks_in_two_queries_and_only_on_the_sign_in_page(client, settings, demo_logins) -> None:
    settings.UPSTREAM_DEMO_SIGN_IN = True
    with CaptureQueriesContext(connection) as with_card:
        sign_in_page(client)
    settings.UPSTREAM_DEMO_SIGN_IN = False
    with CaptureQueriesContext(connection) as without_card:
        sign_in_page(client)
    assert len(with_card) - len(without_card) == 2
    settings.UPSTREAM_DEMO_SIGN_IN = True
    with CaptureQueriesContext(connection) as help_page:
        client.get(reverse("community:resources"))
    assert not [q for q in help_page.captured_queries if "password" in q["sql"]]


def test_it_hashes_the_demo_password_once_not_on_every_view(client, settings, demo_logins) -> None:
    """A password hash per view made the sign-in page about 70 times slower than any other."""
    settings.UPSTREAM_DEMO_SIGN_IN = True
    logins._opens_with_demo_password.cache_clear()
    with mock.patch.object(logins, "check_password", wraps=logins.check_password) as hashing:
        for _ in range(3):
            assert CARD in sign_in_page(client)
    assert hashing.call_count == 1


def test_it_shows_no_card_with_the_setting_off(client, settings, demo_logins) -> None:
    settings.UPSTREAM_DEMO_SIGN_IN = False
    page = sign_in_page(client)
    assert CARD not in page
    assert demo.DEMO_PASSWORD not in page


def test_it_shows_no_card_once_the_demo_password_is_changed(client, settings, demo_logins) -> None:
    settings.UPSTREAM_DEMO_SIGN_IN = True
    assert CARD in sign_in_page(client)
    wellbeing = User.objects.get(username="wellbeing")
    wellbeing.set_password("a-real-password-now")
    wellbeing.save(update_fields=["password"])
    page = sign_in_page(client)
    assert CARD not in page
    assert demo.DEMO_PASSWORD not in page


def test_it_shows_no_card_without_the_demo(client, settings, db) -> None:
    settings.UPSTREAM_DEMO_SIGN_IN = True
    assert CARD not in sign_in_page(client)


def test_it_shows_no_card_for_a_wellbeing_account_outside_the_demo(client, settings, db) -> None:
    """A real organisation that happens to have a "wellbeing" account with that password: no card."""
    settings.UPSTREAM_DEMO_SIGN_IN = True
    Unit.objects.add_root({"code": "stmarys", "name": "St Mary's", "level": UnitLevel.SYSTEM})
    User.objects.create_user(username="wellbeing", password=demo.DEMO_PASSWORD)
    page = sign_in_page(client)
    assert CARD not in page
    assert demo.DEMO_PASSWORD not in page


def test_it_keeps_the_terminal_table_english_in_any_language(client, settings, demo_logins) -> None:
    settings.UPSTREAM_DEMO_SIGN_IN = True
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in page
    assert "<code>wellbeing</code>" in page
    with translation.override("es"):
        table = demo.logins_table()
    assert table.splitlines()[0].startswith("username    password")
    assert "system well-being officer" in table
    assert "every concern, action and dashboard in Riverbend Health" in table

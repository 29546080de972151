"""Early warnings read in the reader's language, written from the stored figures when the page is drawn."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.signals.models import Signal
from upstream.themes.models import Theme

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
STORED = (
    "6 concerns about workload and staffing in 4 West in the last 14 days; usual is about 1 per fortnight."
)


def a_signal(org, **changes) -> Signal:
    today = timezone.localdate()
    fields = {
        "scope": org.ward_a,
        "theme": Theme.objects.get(key="workload_staffing"),
        "raised_on": today,
        "started_on": today - dt.timedelta(days=3),
        "window_days": 14,
        "observed": 6,
        "expected": 1.2,
        "p_value": 0.001,
        "message": STORED,
    }
    return Signal.objects.create(**{**fields, **changes})


RAISED = dt.date(2026, 12, 3)


def sentence_es() -> str:
    """The Spanish sentence of a_signal's figures, raised today (as the pages' signal is)."""
    with translation.override("es"):
        until = date_format(timezone.localdate(), translation.gettext("j M"))
    return (
        f"6 inquietudes sobre carga de trabajo y personal en 4 West en los 14 días hasta el {until}; "
        "lo habitual es alrededor de 1 en 14 días."
    )


def test_the_inbox_dashboard_and_factor_page_say_the_warning_in_spanish(client, org):
    a_signal(org)
    client.login(username="leader_a", password=PASSWORD)
    for url in (
        reverse("concerns:inbox"),
        reverse("insights:dashboard"),
        reverse("insights:factor", args=["team"]),
    ):
        page = client.get(url, **SPANISH).content.decode()
        assert sentence_es() in page, url
        assert "concerns about" not in page and "usual is" not in page, url


def test_the_same_page_in_english(client, org):
    a_signal(org)
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("concerns:inbox")).content.decode()
    until = date_format(timezone.localdate(), "j M")
    assert (
        f"6 concerns about workload and staffing in 4 West in the 14 days to {until}; usual is about 1 in "
        "14 days." in page
    )


def test_a_warning_names_the_last_day_of_its_window_not_today(org):
    """Read a week after it was raised, "in the last 14 days" described a fortnight it was not."""
    signal = a_signal(org, raised_on=timezone.localdate() - dt.timedelta(days=7))
    with translation.override("en"):
        assert "in the last" not in signal.sentence
        assert f"in the 14 days to {date_format(signal.raised_on, 'j M')};" in signal.sentence


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "observed", "expected", "english", "spanish"),
    [
        (
            "concerns",
            1,
            0.2,
            "1 concern about workload and staffing in 4 West in the 14 days to 3 Dec; "
            "usual is fewer than 1 in 14 days.",
            "1 inquietud sobre carga de trabajo y personal en 4 West en los 14 días hasta el 3 dic; "
            "lo habitual es menos de 1 en 14 días.",
        ),
        (
            "surveys",
            5,
            2.6,
            "5 survey comments about workload and staffing in 4 West in the 14 days to 3 Dec; "
            "usual is about 3 in 14 days.",
            "5 comentarios de encuesta sobre carga de trabajo y personal en 4 West en los 14 días hasta "
            "el 3 dic; "
            "lo habitual es alrededor de 3 en 14 días.",
        ),
        (
            "both",
            5,
            0.1,
            "5 concerns and survey comments about workload and staffing in 4 West in the 14 days to 3 Dec; "
            "usual is fewer than 1 in 14 days.",
            "5 inquietudes y comentarios de encuesta sobre carga de trabajo y personal en 4 West en los "
            "14 días hasta el 3 dic; lo habitual es menos de 1 en 14 días.",
        ),
    ],
)
def test_each_source_and_usual_rate_is_a_whole_sentence(org, source, observed, expected, english, spanish):
    signal = a_signal(org, source=source, observed=observed, expected=expected, raised_on=RAISED)
    with translation.override("en"):
        assert signal.sentence == english
    with translation.override("es"):
        assert signal.sentence == spanish


@pytest.mark.django_db
def test_an_acronym_keeps_its_capitals_inside_the_sentence(org):
    Theme.objects.filter(key="workload_staffing").update(name="ICU staffing")
    signal = a_signal(org)
    with translation.override("es"):
        assert "sobre ICU staffing en 4 West" in Signal.objects.get(pk=signal.pk).sentence


def test_the_api_keeps_the_stored_english_message(client, org):
    a_signal(org)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}", **SPANISH}
    body = client.get("/api/v1/signals", **headers).json()
    assert body[0]["message"] == STORED
    # Beside it, the sentence as the pages word it, in the request's language (officer's probe: the
    # API said "in the last 14 days" of a warning six days old).
    assert body[0]["sentence"] == sentence_es()


@pytest.mark.django_db
def test_earlier_signals_learn_their_source_from_their_message(org):
    plain = a_signal(org)
    comments = a_signal(
        org, raised_on=timezone.localdate() - dt.timedelta(days=40), message="5 survey comments about x"
    )
    both = a_signal(
        org,
        raised_on=timezone.localdate() - dt.timedelta(days=80),
        message="5 concerns and survey comments about x",
    )
    migration = importlib.import_module("upstream.signals.migrations.0004_source")
    migration.from_messages(apps, None)
    sources = dict(Signal.objects.values_list("pk", "source"))
    assert sources == {plain.pk: "concerns", comments.pk: "surveys", both.pk: "both"}

"""A number or a date the form cannot take is answered in our words, at its box.

The gathering, action-update, read-log, listening-upload and help-directory forms showed Django's
"Ensure this value is less than or equal to 100.", "Enter a whole number.", "Enter a valid date."
and "Enter a valid date/time." (in Spanish "Asegúrese de que este valor es menor o igual a 100.",
"Introduzca un número entero.", "Introduzca una fecha válida."). upstream.lib.forms.PlainWords now
says what to enter instead: the range the box takes, or the shape of a date, in the reader's
language, tied to the box.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.urls import reverse

from conftest import PASSWORD
from upstream.community.tests.factories import make_office
from upstream.lib.forms import PlainForm

STOCK = (
    "Ensure this value",
    "Asegúrese de que este valor",
    "Enter a whole number",
    "Introduzca un número entero",
    "Enter a number",
    "Introduzca un número",
    "Enter a valid date",
    "Introduzca una fecha válida",
    "Enter a valid time",
    "Introduzca una hora válida",
    "multiple of step size",
)


def _error(page: str, field: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert found, f"no error tied to {field}"
    return found.group(1)


def _no_stock(page: str) -> None:
    assert [stock for stock in STOCK if stock in page] == []


def _gathering(org, **extra) -> dict[str, str]:
    return {
        "kind": "schwartz_round",
        "title": "Schwartz Round: nights",
        "description": "Stories, then talk.",
        "scope": str(org.ward_a.pk),
        "location": "Room B",
        "starts_at": "2031-05-06T12:00",
        "ends_at": "2031-05-06T13:00",
        "capacity": "12",
        **extra,
    }


def test_a_gathering_with_no_places_or_a_time_that_is_not_one_is_told_what_to_enter(client, org):
    client.login(username="leader_a", password=PASSWORD)
    url = reverse("community:gathering_new")
    for places in ("0", "20000", "a dozen"):
        response = client.post(url, _gathering(org, capacity=places))
        page = response.content.decode()
        assert response.status_code == 400, places
        _no_stock(page)
        assert "Please enter a whole number from 1 to 10,000." in _error(page, "capacity"), places
        assert 'value="Schwartz Round: nights"' in page  # what was typed is kept
    response = client.post(url, _gathering(org, starts_at="next Tuesday noon"), HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    _no_stock(page)
    assert "Escriba una fecha y una hora" in _error(page, "starts_at")


def test_an_action_update_past_100_percent_is_told_the_range_at_its_box(client, org):
    from upstream.actions import services

    action = services.create_action(org.leader, title="Break cover", description="A float.", scope=org.ward_a)
    client.login(username="leader_a", password=PASSWORD)
    response = client.post(
        reverse("actions:update", args=[action.pk]),
        {"text": "Float nurse hired.", "progress": "150"},
        HTTP_ACCEPT_LANGUAGE="es",
        follow=True,
    )
    page = response.content.decode()
    _no_stock(page)
    assert "Escriba un número entero del 0 al 100." in _error(page, "progress")
    assert action.updates.count() == 0


def test_the_read_log_from_a_day_that_does_not_exist(client, org):
    make_office(org.chair)
    client.login(username="chair", password=PASSWORD)
    response = client.get(reverse("audit:reads"), {"since": "2026-02-30"})
    page = response.content.decode()
    assert response.status_code == 400
    _no_stock(page)
    assert "Please enter a date that exists, as year-month-day" in _error(page, "since")


def test_a_listening_session_held_on_a_day_that_does_not_exist(client, org):
    client.login(username="leader_a", password=PASSWORD)
    data = {
        "title": "Nights focus group",
        "kind": "focus_group",
        "held_on": "31/31/2026",
        "scope": str(org.ward_a.pk),
        "text": "Nurse: We need a break.\nResident 1: Agreed.",
    }
    response = client.post(reverse("listening:upload"), data, HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert response.status_code == 400
    _no_stock(page)
    assert "Escriba una fecha que exista" in _error(page, "held_on")


def test_a_help_line_listed_at_a_position_past_what_the_database_holds(client, org):
    """The position's upper limit is the database column's (32,767), now the form field's too: said
    in our words, with the whole range (a walk read "9223372036854775807 or less" on SQLite)."""
    make_office(org.chair)
    client.login(username="chair", password=PASSWORD)
    data = {
        "name": "Night chaplain",
        "category": "other",
        "description": "Someone to talk to, any night.",
        "country": "",
        "order": "99999999999999999999",
    }
    response = client.post(reverse("community:resource_new"), data)
    page = response.content.decode()
    assert response.status_code == 400
    _no_stock(page)
    assert "Please enter a whole number from 0 to 32,767." in _error(page, "order")


class _Shift(PlainForm):
    hours = forms.DecimalField(min_value=0, max_value=24, step_size=Decimal("0.5"))
    starts = forms.TimeField()
    count = forms.IntegerField()


def test_steps_times_and_bare_numbers_get_our_words_too(db):
    form = _Shift({"hours": "7.3", "starts": "25:99", "count": "three"})
    assert not form.is_valid()
    assert form.errors["hours"] == ["Please enter a number in steps of 0.5, such as 0.5 or 1."]
    assert form.errors["starts"] == ["Please enter a time as hours:minutes (for example 14:30)."]
    assert form.errors["count"] == ["Please enter a whole number, in digits (for example 12)."]
    form = _Shift({"hours": "30", "starts": "07:00", "count": "3"})
    assert not form.is_valid()
    assert form.errors["hours"] == ["Please enter a number from 0 to 24."]


def test_a_field_with_its_own_number_words_keeps_them(db):
    class Own(PlainForm):
        count = forms.IntegerField(max_value=5, error_messages={"max_value": "Five at most, please."})

    form = Own({"count": "9"})
    assert not form.is_valid()
    assert form.errors["count"] == ["Five at most, please."]

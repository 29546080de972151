"""The new-wave form on the manage page keeps everything entered after a validation error.

The units list, role groups and instruments are drawn by hand from lists; they used to be drawn
unselected whatever was posted, so a wave refused for its dates came back with only its title,
dates and repeat kept, and the person had to pick every unit, role and instrument again.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from upstream.surveys.models import Wave
from upstream.surveys.tests.helpers import office_of


def _selected_units(html: str) -> set[str]:
    select = re.search(r'<select id="units"[^>]*>(.*?)</select>', html, re.S)
    assert select, "no units list on the page"
    return set(re.findall(r'<option value="(\d+)" selected>', select.group(1)))


def _checked(html: str, name: str) -> set[str]:
    boxes = re.findall(rf'<input type="checkbox" name="{name}" value="([^"]+)"( checked)?>', html)
    assert boxes, f"no {name} checkboxes on the page"
    return {value for value, checked in boxes if checked}


def _in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _form(org, **changes) -> dict:
    form = {
        "title": "Winter pulse",
        "units": [str(org.ward_a.pk), str(org.ward_b.pk)],
        "role_groups": ["nurse", "pharmacist"],
        "instruments": ["loneliness-3", "upstream-pulse"],
        "opens_on": _in_days(42),
        "closes_on": _in_days(31),  # before the opening date
        "every_weeks": "6",
    }
    form.update(changes)
    return form


def test_a_wave_refused_for_its_dates_comes_back_with_every_choice_still_made(client, org):
    client.force_login(office_of(org))
    page = client.post(reverse("surveys:manage"), _form(org))
    html = page.content.decode()
    assert page.status_code == 400
    assert "The closing date must be on or after the opening date." in html
    assert _selected_units(html) == {str(org.ward_a.pk), str(org.ward_b.pk)}
    assert _checked(html, "role_groups") == {"nurse", "pharmacist"}
    assert _checked(html, "instruments") == {"loneliness-3", "upstream-pulse"}
    # What was kept before still is.
    assert 'value="Winter pulse"' in html and f'value="{_in_days(42)}"' in html and 'value="6"' in html
    assert not Wave.objects.exists()


def test_a_leader_s_refused_request_keeps_its_choices_too(client, org):
    client.force_login(org.leader)  # leads 4 West only: the list offers that unit
    form = _form(org, units=[str(org.ward_a.pk)], role_groups=["nurse"], instruments=["loneliness-3"])
    html = client.post(reverse("surveys:manage"), form).content.decode()
    assert "The closing date must be on or after the opening date." in html
    assert _selected_units(html) == {str(org.ward_a.pk)}
    assert _checked(html, "role_groups") == {"nurse"}
    assert _checked(html, "instruments") == {"loneliness-3"}


def test_a_fresh_form_has_nothing_chosen(client, org):
    client.force_login(office_of(org))
    html = client.get(reverse("surveys:manage")).content.decode()
    assert _selected_units(html) == set()
    assert _checked(html, "role_groups") == set()
    assert _checked(html, "instruments") == set()


def test_the_units_list_says_how_to_choose_several(client, org):
    """A multiple select needs Ctrl to add a unit: with plain arrows a keyboard user replaced their
    choice each time, and nothing on the page said so."""
    client.force_login(office_of(org))
    page = client.get(reverse("surveys:manage")).content.decode()
    select = re.search(r'<select id="units"[^>]*>', page).group(0)
    assert 'aria-describedby="units-hint"' in select
    hint = re.search(r'<p class="hint" id="units-hint">([^<]*)</p>', page)
    assert hint and "hold Ctrl" in hint.group(1) and "press Space" in hint.group(1)


def test_every_problem_is_named_at_once_and_nothing_is_saved(client, org):
    client.force_login(office_of(org))
    form = _form(org, title="", units=[], instruments=[], opens_on="16/01/2027", closes_on=_in_days(-3))
    page = client.post(reverse("surveys:manage"), form)
    html = page.content.decode()
    assert page.status_code == 400
    for problem in (
        "Give the wave a title.",
        "Choose one or more units.",
        "Choose one or more instruments.",
        "Give the opening date as a date.",
        "The closing date is in the past.",
    ):
        assert problem in html
    assert _checked(html, "role_groups") == {"nurse", "pharmacist"}
    assert not Wave.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes", "problem"),
    [
        (-1, 5, "The opening date is in the past"),
        (400, 410, "The opening date is more than a year away"),
    ],
)
def test_an_opening_day_in_the_past_or_years_away_is_refused_on_the_page_and_in_the_api(
    client, org, opens, closes, problem
):
    client.force_login(office_of(org))
    dates = {"opens_on": _in_days(opens), "closes_on": _in_days(closes)}
    page = client.post(reverse("surveys:manage"), _form(org, every_weeks="", **dates))
    assert page.status_code == 400 and problem in page.content.decode()
    body = {"title": "Pulse", "unit_ids": [org.ward_a.pk], "instruments": ["loneliness-3"], **dates}
    answer = client.post("/api/v1/surveys/waves", body, content_type="application/json")
    assert answer.status_code == 400 and problem in answer.json()["detail"]
    assert not Wave.objects.exists()


def test_digits_that_are_not_0_to_9_are_refused_not_a_server_error(client, org):
    client.force_login(office_of(org))
    page = client.post(reverse("surveys:manage"), _form(org, units=["²", "9" * 30], every_weeks="²"))
    html = page.content.decode()
    assert page.status_code == 400
    assert "Choose one or more units." in html and "Repeat every 1 to 52 weeks." in html

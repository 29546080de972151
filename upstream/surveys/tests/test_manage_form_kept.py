"""The new-wave form on the manage page keeps everything entered after a validation error.

The units list, role groups and instruments are drawn by hand from lists; they used to be drawn
unselected whatever was posted, so a wave refused for its dates came back with only its title,
dates and repeat kept, and the person had to pick every unit, role and instrument again.
"""

from __future__ import annotations

import re

from django.urls import reverse

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


def _form(org, **changes) -> dict:
    form = {
        "title": "Winter pulse",
        "units": [str(org.ward_a.pk), str(org.ward_b.pk)],
        "role_groups": ["nurse", "pharmacist"],
        "instruments": ["loneliness-3", "upstream-pulse"],
        "opens_on": "2099-01-16",
        "closes_on": "2099-01-05",  # before the opening date
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
    assert 'value="Winter pulse"' in html and 'value="2099-01-16"' in html and 'value="6"' in html
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

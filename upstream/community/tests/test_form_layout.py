"""The community forms drawn like the rest of the product (templates/forms/field.html): labels without
Django's colon, a checkbox inside its label, one copy of a form-wide error."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD

PAGES = [
    ("reporter", "community:thanks"),
    ("reporter", "community:stories"),
    ("reporter", "community:mentoring"),
    ("reporter", "community:peer"),
    ("reporter", "community:campaign_new"),
    ("leader_a", "community:gathering_new"),
]


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_it_handles_each_label_as_plain_words(client, org, username, url):
    client.login(username=username, password=PASSWORD)
    page = client.get(reverse(url)).content.decode()
    form = page[re.search(r'<form method="post" class="card"[ >]', page).start() :]
    form = form[: form.index("</form>")]
    assert "<label" in form
    assert ":</label>" not in form
    # Every visible box has a label that names it.
    for box in re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*id="(id_\w+)"', form):
        assert f'for="{box}"' in form, box


def test_it_handles_the_story_checkbox_inside_its_label(client, org):
    client.login(username="reporter", password=PASSWORD)
    page = client.get(reverse("community:stories")).content.decode()
    inside = r'<label class="choice" for="id_anonymous"><input type="checkbox"[^>]*> Share without'
    assert re.search(inside, page), "the checkbox sits alone under its label"


@pytest.mark.parametrize("url", ["community:thanks", "community:stories", "community:campaign_new"])
def test_it_handles_a_leader_who_belongs_to_no_unit_with_a_reason_not_an_empty_menu(client, org, url):
    # A leader imported with only a leader title belongs to no unit: the form's menu was empty and
    # every send was refused.
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse(url)).content.decode()
    assert "You are not listed as a member of any unit" in page
    assert not re.search(r'<form method="post" class="card"[ >]', page)

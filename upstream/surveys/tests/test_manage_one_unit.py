"""A leader of one unit asks for a survey without picking that unit from a list of one."""

from __future__ import annotations

import re

from conftest import PASSWORD


def _selected(client, username: str) -> list[str]:
    client.login(username=username, password=PASSWORD)
    page = client.get("/surveys/manage/").content.decode()
    units = re.search(r'<select id="units".*?</select>', page, re.S).group(0)
    return re.findall(r"<option value=\"\d+\" selected>([^<]+)</option>", units)


def test_the_one_unit_a_leader_leads_is_chosen_already(client, org):
    # Left unchosen, the form said "Choose one or more units." to a leader with nothing else to choose.
    assert _selected(client, "leader_a") == ["4 West (unit)"]


def test_a_leader_of_several_units_chooses_them_themselves(client, org):
    assert _selected(client, "chair") == []

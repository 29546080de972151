"""The thanks feed's row of units names the hospital of a unit whose name another of yours has.

A new user walking the pages saw two links "Medicine", one per hospital, that looked the same. They
are now labelled as the unit pickers label them (the form's teams on the same page among them):
"Medicine (department) · Riverbend General" and "Medicine (department) · Northside". The row's
links are boxes of their own, no longer links between " · ", so that separator cannot be taken for
the one that names a hospital; and the labels cost no query per unit.
"""

from __future__ import annotations

import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from upstream.community.services.recognition import thank
from upstream.org.models import Membership, RoleGroup, Unit


def _unit_links(page: str) -> dict[str, str]:
    """{href: link text} of the feed's "Choose a unit" row."""
    found = re.search(r'<nav [^>]*aria-label="Choose a unit"[^>]*>(.*?)</nav>', page, re.S)
    assert found, "no row of units on the page"
    return {
        href: html.unescape(text)
        for href, text in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', found.group(1))
    }


def _join(user, unit: Unit) -> None:
    Membership.objects.create(user=user, unit=unit, role_group=RoleGroup.NURSE)


def _department(hospital: Unit, name: str, code: str) -> Unit:
    return Unit.objects.add_child(
        Unit.objects.get(pk=hospital.pk), dict(name=name, code=code, level="department")
    )


def test_two_units_of_one_name_in_two_hospitals_are_told_apart(org, client):
    north_medicine = _department(org.other_hospital, "Medicine", "north-medicine")
    for unit in (org.medicine, north_medicine):
        _join(org.reporter, unit)  # already in 4 West and 5 East
    client.force_login(org.reporter)
    links = _unit_links(client.get("/community/thanks/").content.decode())
    assert links == {
        "/community/thanks/": "All my units",
        f"?unit={org.ward_a.pk}": "4 West (unit)",
        f"?unit={org.ward_b.pk}": "5 East (unit)",
        f"?unit={org.medicine.pk}": "Medicine (department) · Riverbend General",
        f"?unit={north_medicine.pk}": "Medicine (department) · Northside",
    }


def test_the_chosen_unit_is_the_current_page(org, client):
    client.force_login(org.reporter)
    chosen = client.get("/community/thanks/", {"unit": org.ward_b.pk}).content.decode()
    assert re.search(rf'href="\?unit={org.ward_b.pk}" aria-current="page">5 East \(unit\)</a>', chosen)
    assert chosen.count('aria-current="page"') == 1
    # A unit not yours shows the feed of all yours: that is the current page then.
    other = client.get("/community/thanks/", {"unit": org.other_hospital.pk}).content.decode()
    assert re.search(r'aria-current="page">All my units</a>', other)
    assert other.count('aria-current="page"') == 1


def _queries_for_the_page(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/community/thanks/").status_code == 200
    return len(queries)


def test_the_page_takes_as_many_queries_for_twelve_units_as_for_two(org, client):
    client.force_login(org.reporter)
    # The same name twice, so that the hospitals are read, and a thanks on the feed.
    north_medicine = _department(org.other_hospital, "Medicine", "north-medicine")
    _join(org.reporter, north_medicine)
    _join(org.reporter, org.medicine)
    thank(org.reporter, text="Thanks for the cover.", team=org.ward_a)
    _queries_for_the_page(client)  # the session and the like, read once
    few = _queries_for_the_page(client)
    for index in range(10):
        hospital = Unit.objects.add_child(
            Unit.objects.get(pk=org.system.pk),
            dict(name=f"Hospital {index}", code=f"h{index}", level="hospital"),
        )
        pharmacy = _department(hospital, "Pharmacy", f"ph{index}")
        _join(org.reporter, pharmacy)
        thank(org.reporter, text=f"Thanks, pharmacy {index}.", team=pharmacy)
    _queries_for_the_page(client)
    many = _queries_for_the_page(client)
    page = client.get("/community/thanks/").content.decode()
    assert _unit_links(page)[f"?unit={pharmacy.pk}"] == "Pharmacy (department) · Hospital 9"
    assert many == few


def test_the_feeds_lines_name_the_hospital_where_a_name_is_shared(org, client):
    north_medicine = _department(org.other_hospital, "Medicine", "north-medicine")
    for unit in (org.medicine, north_medicine):
        _join(org.reporter, unit)
    thank(org.reporter, text="Thanks for the night cover.", team=north_medicine)
    thank(org.reporter, text="Thanks for the new rota.", team=org.ward_a)
    client.force_login(org.reporter)
    page = html.unescape(client.get("/community/thanks/").content.decode())
    lines = {
        text: re.sub(r"\s+", " ", line)
        for line in re.findall(r"<li><strong>.*?</li>", page, re.S)
        for text in ("night cover", "new rota")
        if text in line
    }
    assert "→ <strong>Medicine · Northside</strong>" in lines["night cover"]
    # The feed it is on is the team thanked: named once (it read "→ Medicine · Northside ·
    # Medicine · Northside · 5 Dec").
    assert lines["night cover"].count("Medicine · Northside") == 1
    assert "→ <strong>4 West</strong>" in lines["new rota"]  # a name nobody else has stays bare

"""What the well-being office found in the resources directory: numbers with letters, hidden
resources it could no longer find, crisis lines it could not edit, US spellings, the country field."""

from __future__ import annotations

import pytest
from django.test import Client

from upstream.community.forms import ResourceForm
from upstream.community.models import Category, Resource
from upstream.community.services.resources import search_resources
from upstream.community.tests.factories import crisis_line, make_office

LETTERS = "Write the number with digits only"
API = "/api/v1/community/resources"


def form_data(**extra):
    return {"name": "Flowers line", "category": "other", "description": "Send flowers.", "order": 5, **extra}


@pytest.fixture
def office(org, client):
    client.force_login(make_office(org.reporter))
    return client


@pytest.mark.parametrize(
    ("field", "number"),
    [("phone", "1-800-FLOWERS"), ("phone", "call-me-maybe"), ("sms_number", "abc"), ("phone", "---")],
)
def test_a_number_with_letters_or_no_digits_is_refused_at_its_field_on_the_page(office, field, number):
    """`1-800-FLOWERS` was saved and the directory's link dialled tel:1800; `abc` gave a bare sms:."""
    page = office.post("/community/resources/new", form_data(**{field: number}))
    assert page.status_code == 400
    assert LETTERS in " ".join(page.context["form"].errors[field])
    assert number in page.content.decode()  # shown again as typed
    assert not Resource.objects.filter(name="Flowers line").exists()


def test_a_number_written_with_digits_spaces_dashes_brackets_and_plus_is_kept_as_typed(office):
    page = office.post("/community/resources/new", form_data(phone="+1 (800) 356-9377", sms_number="741 741"))
    assert page.status_code == 302
    saved = Resource.objects.get(name="Flowers line")
    assert saved.phone == "+1 (800) 356-9377" and saved.tel_href == "tel:+18003569377"
    assert saved.sms_number == "741 741"


@pytest.mark.parametrize(("field", "number"), [("phone", "1-800-FLOWERS"), ("sms_number", "abc")])
def test_the_api_refuses_a_number_with_letters_at_its_field(office, field, number):
    body = {"name": "Flowers line", "category": "other", "description": "Send flowers.", field: number}
    answer = office.post(API, body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["loc"][-1] == field
    assert LETTERS in answer.json()["detail"]
    assert not Resource.objects.filter(name="Flowers line").exists()


def test_the_demo_and_the_default_lines_still_pass(db):
    for number in ("988", "741741", "1-888-409-0141", "442-2923-3563"):
        form = ResourceForm(form_data(phone=number, sms_number=number))
        assert form.is_valid(), (number, form.errors)


@pytest.fixture
def hidden_line(db):
    return Resource.objects.create(
        name="Old hardship fund", category=Category.FINANCIAL, description="Closed.", active=False
    )


def test_the_office_finds_what_it_hid_and_can_show_it_again(office, hidden_line):
    """Unticking Active made the resource vanish from every page the office had."""
    page = office.get("/community/resources/").content.decode()
    assert "Hidden from staff" in page
    assert f'href="/community/resources/{hidden_line.pk}/edit"' in page
    shown = office.post(f"/community/resources/{hidden_line.pk}/show", follow=True)
    assert "shown again" in shown.content.decode()
    hidden_line.refresh_from_db()
    assert hidden_line.active


def test_staff_never_see_hidden_resources(org, hidden_line):
    staff = Client()
    staff.force_login(org.reporter)
    page = staff.get("/community/resources/").content.decode()
    assert "Hidden from staff" not in page and "Old hardship fund" not in page
    assert staff.post(f"/community/resources/{hidden_line.pk}/show").status_code == 404
    listed = staff.get(f"{API}?hidden=true&language=all").json()
    assert "Old hardship fund" not in [r["name"] for r in listed]


def test_the_save_message_says_a_hidden_resource_is_hidden(office):
    saved = office.post("/community/resources/new", form_data(active=""), follow=True)
    text = saved.content.decode()
    assert "Saved. Hidden: staff no longer see it." in text
    assert "Staff see it in the directory now" not in text


def test_the_api_lists_hidden_ones_for_the_office_with_active_and_order(office, hidden_line):
    plain = office.get(API).json()
    assert "Old hardship fund" not in [r["name"] for r in plain]
    listed = {r["name"]: r for r in office.get(f"{API}?hidden=true").json()}
    assert listed["Old hardship fund"]["active"] is False
    assert listed["Old hardship fund"]["order"] == 100


def test_the_office_can_edit_the_crisis_lines_from_the_crisis_box(org, office):
    line = crisis_line()
    edit = f'href="/community/resources/{line.pk}/edit"'
    assert edit in office.get("/community/resources/").content.decode()
    assert edit not in Client().get("/community/resources/").content.decode()


def test_a_us_spelling_finds_a_british_entry_and_back(db):
    Resource.objects.create(name="Counselling", category=Category.COUNSELLING, description="Behaviour.")
    assert [r.name for r in search_resources("counseling")] == ["Counselling"]
    assert [r.name for r in search_resources("behavior")] == ["Counselling"]
    Resource.objects.create(name="Financial counseling", category=Category.FINANCIAL, description="Free.")
    assert {r.name for r in search_resources("counselling")} == {"Counselling", "Financial counseling"}
    assert Client().get("/community/resources/?q=counseling").content.decode().count("Counselling") >= 1


def test_the_country_field_says_a_blank_country_shows_everywhere(db):
    Resource.objects.create(name="Chaplaincy", category=Category.OTHER, description="Any faith.")
    assert [r.name for r in search_resources("chaplaincy", country="ES")] == ["Chaplaincy"]
    assert "every country" in str(ResourceForm().fields["country"].help_text)


@pytest.mark.parametrize(
    ("phone", "tel"),
    [
        ("988, 1", "tel:988,1"),  # a pause before a menu choice: was tel:9881, another number
        ("800 555 0100 ,,2", "tel:8005550100,,2"),
        ("800 555 0100; 12", "tel:8005550100,12"),  # a wait: ";" would start a tel: parameter
        ("+1 (800) 555-0100 # 3", "tel:+18005550100%233"),  # a bare "#" starts a fragment, dropped
    ],
)
def test_a_pause_or_an_extension_is_dialled_after_the_number_not_run_into_it(phone, tel):
    assert Resource(phone=phone).tel_href == tel


def test_a_number_to_text_is_texted_without_its_pause_or_extension():
    assert Resource(sms_number="741 741, 2", sms_body="HOME").sms_href == "sms:741741?body=HOME"
    assert Resource(sms_number="+1 741-741 #3").sms_href == "sms:+1741741"

"""An instrument that is not validated says so once wherever it is named: the wave form, the results
list, the answer page and the API (the shipped pulse carried it in its name and the form added it)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from upstream.surveys.instruments import parse_instrument, shipped_instruments
from upstream.surveys.models import Instrument
from upstream.surveys.results import results_from
from upstream.surveys.services import ensure_instruments
from upstream.surveys.tests.helpers import office_of, open_wave

NOT_VALIDATED = re.compile(r"not validated|no validad[oa]", re.I)


def marks_in(text: str) -> int:
    return len(NOT_VALIDATED.findall(text))


def label_of(page: str, value: str) -> str:
    """The text of the checkbox's label for one instrument on the wave form."""
    found = re.search(rf'value="{re.escape(value)}">(.*?)</label>', page, re.S)
    assert found, value
    return " ".join(found.group(1).split())


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_wave_form_marks_the_pulse_not_validated_once_and_the_validated_ones_not_at_all(
    client, org, language
):
    client.force_login(office_of(org))
    page = client.get(reverse("surveys:manage"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    pulse = label_of(page, "upstream-pulse")
    assert marks_in(pulse) == 1, pulse
    assert marks_in(label_of(page, "cbi-work")) == 0
    if language == "en":
        assert pulse == "Connection pulse (not validated) (6 questions)"
        # The count is said once: the short name does not carry it as well.
        assert label_of(page, "loneliness-3") == "Loneliness (3 questions)"
    else:
        assert pulse.startswith("Pulso de conexión")  # the name in the reader's language


def test_the_results_list_names_each_score_s_instrument_with_one_mark(client, org):
    office = office_of(org)
    wave = open_wave(org, office, units=[org.medicine], instruments=("cbi-work", "upstream-pulse"))
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        client.force_login(office)
        page = client.get(reverse("surveys:results_list")).content.decode()
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    division = [o for o in options if o.startswith("Division")]
    assert division == ["Division · Connection pulse (not validated)"]
    assert not any(marks_in(o) for o in options if "Connection pulse" not in o)


def test_the_answer_page_names_the_pulse_plainly_and_says_once_that_it_is_not_validated(client, org):
    wave = open_wave(org, office_of(org), units=[org.ward_a])
    client.force_login(org.reporter)
    page = client.get(reverse("surveys:surveys_answer:answer", args=[wave.pk])).content.decode()
    assert "<h2>Connection pulse</h2>" in page
    assert "not a validated scale" in page and marks_in(page) == 0


def test_the_api_gives_the_plain_name_and_the_flag(client, org):
    client.force_login(org.reporter)
    body = {i["key"]: i for i in client.get("/api/v1/surveys/instruments").json()}
    pulse = body["upstream-pulse"]
    assert (pulse["name"], pulse["validated"]) == ("Connection pulse", False)
    assert body["cbi-work"]["name"] == "Work-related burnout (CBI)"
    spanish = client.get("/api/v1/surveys/instruments", HTTP_ACCEPT_LANGUAGE="es").json()
    assert {i["key"]: i["name"] for i in spanish}["upstream-pulse"] == "Pulso de conexión"


def test_a_pulse_stored_with_the_mark_in_its_name_is_brought_up_to_date(db):
    ensure_instruments()
    row = Instrument.objects.get(key="upstream-pulse")
    old = dict(row.definition, short_title="Connection pulse (not validated)")
    Instrument.objects.filter(pk=row.pk).update(definition=old)
    ensure_instruments()
    row.refresh_from_db()
    assert row.spec.name == "Connection pulse"
    assert Instrument.objects.filter(key="upstream-pulse").count() == 1


def test_an_organisation_s_own_file_that_says_it_in_its_name_is_not_marked_twice(db):
    data = shipped_instruments()["upstream-pulse"].model_dump(mode="json")
    data.update(key="our-pulse", short_title="Our pulse (not validated)", translations={})
    spec = parse_instrument(data)
    assert spec.shown_name() == "Our pulse (not validated)"
    data.update(short_title="Our pulse")
    assert parse_instrument(data).shown_name() == "Our pulse (not validated)"


def test_an_instrument_left_in_english_is_marked_english_on_spanish_pages(client, org):
    """The CBI has no Spanish text shipped: a Spanish screen reader read "Work-related burnout (CBI)"
    on the wave form and in the score menus in a Spanish voice (a new-user walk); the menus also
    named it twice ("Work-related burnout · Work-related burnout (CBI)")."""
    office = office_of(org)
    client.force_login(office)
    form = client.get(reverse("surveys:manage"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert label_of(form, "cbi-work") == '<span lang="en">Work-related burnout (CBI)</span> (7 preguntas)'
    assert "<span lang" not in label_of(form, "upstream-pulse")  # translated: not marked
    english = client.get(reverse("surveys:manage"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert label_of(english, "cbi-work") == "Work-related burnout (CBI) (7 questions)"

    wave = open_wave(org, office, units=[org.medicine], instruments=("cbi-work", "upstream-pulse"))
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        client.force_login(office)
        for name in ("surveys:results_list", "surveys:trends"):
            page = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="es").content.decode()
            options = dict(re.findall(r'<option value="([^"]+)"([^>]*)>', page))
            assert options["cbi-work:work_burnout"] == ' lang="en"', name
            assert 'lang="en"' not in options["upstream-pulse:division"], name
            assert ">Work-related burnout (CBI)</option>" in page, name
        cbi = {"score": "cbi-work:work_burnout"}
        trend = client.get(reverse("surveys:trends"), cbi, HTTP_ACCEPT_LANGUAGE="es")
        assert '<h2 id="trend-heading" lang="en">Work-related burnout (CBI)</h2>' in trend.content.decode()


def test_a_score_that_only_begins_like_its_instrument_is_still_named_with_it(client, org):
    """The pulse's Connection score read "Connection pulse (not validated)" in the score menus, as if
    it were the whole questionnaire, while its siblings read "Division · Connection pulse (…)"."""
    office = office_of(org)
    wave = open_wave(org, office, units=[org.medicine], instruments=("cbi-work", "upstream-pulse"))
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        client.force_login(office)
        for name in ("surveys:results_list", "surveys:trends"):
            page = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en").content.decode()
            options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', page))
            assert options["upstream-pulse:connection"] == "Connection · Connection pulse (not validated)"
            assert options["upstream-pulse:division"] == "Division · Connection pulse (not validated)"
            assert options["cbi-work:work_burnout"] == "Work-related burnout (CBI)", name

"""Instruments in the reader's language: the `translations` block, the pages that show it, and
answers that are the same whatever language they were given in."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from conftest import PASSWORD
from upstream.intake.services import release_due
from upstream.surveys.instruments import InstrumentError, parse_instrument, shipped_instruments
from upstream.surveys.models import Instrument, Response
from upstream.surveys.results import results_from
from upstream.surveys.scoring import score_answers
from upstream.surveys.services import ensure_instruments
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_results import add_responses

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
NOTE_ES = "Estas preguntas están en su idioma original (inglés)"


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.medicine], instruments=("cbi-work", "upstream-pulse"))


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_a_spanish_reader_answers_the_pulse_in_spanish_and_is_told_the_cbi_is_in_english(org, wave):
    url = reverse("surveys:surveys_answer:answer", args=[wave.pk])
    html = signed_in("nurse3").get(url, **SPANISH).content.decode()
    assert "Siento una división entre los compañeros" in html
    assert "Mi trabajo tiene sentido para mí." in html
    for label in ("Muy en desacuerdo", "Ni de acuerdo ni en desacuerdo", "Muy de acuerdo"):
        assert label in html
    assert "Strongly disagree" not in html and "I feel divided" not in html
    assert "<h2>Pulso de conexión</h2>" in html
    # The CBI has no translation we may ship: its items stay English, marked as such, once.
    assert html.count(NOTE_ES) == 1
    assert '<h2 lang="en">' in html and "Is your work emotionally exhausting?" in html
    assert "To a very high degree" in html
    # The field names and values are the original keys, whatever the language.
    assert 'name="upstream-pulse__up_division"' in html and 'value="5"' in html


def test_an_english_reader_sees_the_original_and_no_note(org, wave):
    url = reverse("surveys:surveys_answer:answer", args=[wave.pk])
    html = signed_in("nurse3").get(url, **ENGLISH).content.decode()
    assert "I feel divided from colleagues" in html and "Strongly disagree" in html
    assert "original language" not in html and NOTE_ES not in html


def test_the_code_page_follows_the_readers_language_too(org, wave):
    url = reverse("surveys:surveys_answer:with_code", args=[wave.pk])
    html = Client().get(url, **SPANISH).content.decode()
    assert "Siento una división entre los compañeros" in html and "Muy de acuerdo" in html
    assert html.count(NOTE_ES) == 1


def test_an_answer_from_the_spanish_page_is_stored_as_from_the_english_page(
    org, wave, answers_released_singly
):
    url = reverse("surveys:surveys_answer:answer", args=[wave.pk])
    form = {"upstream-pulse__up_division": "4", "upstream-pulse__up_meaning": "2", "cbi-work__cbi_w1": "75"}
    for username, language in (("nurse3", SPANISH), ("nurse4", ENGLISH)):
        sent = signed_in(username).post(url, form, **language)
        assert sent.status_code == 200
    release_due(everything=True)
    spanish, english = Response.objects.all()
    assert spanish.answers == english.answers
    assert spanish.answers["upstream-pulse"] == {"up_division": 4, "up_meaning": 2}
    assert spanish.answers["cbi-work"]["cbi_w1"] == 75
    assert spanish.scores == english.scores


def test_the_results_page_names_scores_and_answers_in_spanish(org, wave):
    add_responses(wave, org.ward_a, "nurse", 12, division=2)
    cbi = shipped_instruments()["cbi-work"]
    for response in Response.objects.all():  # the CBI answered too: its answers are listed
        answers = {item.key: 75 for item in cbi.items}
        response.answers["cbi-work"] = answers
        response.scores["cbi-work"] = score_answers(cbi, answers)
        response.save()
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        client = signed_in("chair")  # after travelling: a session lasts two weeks
        spanish = client.get(reverse("surveys:results", args=[wave.pk]), **SPANISH).content.decode()
        english = client.get(reverse("surveys:results", args=[wave.pk]), **ENGLISH).content.decode()
        listing = client.get(reverse("surveys:results_list"), **SPANISH).content.decode()
    assert "Seguridad psicológica" in spanish and "Daño moral" in spanish
    assert "Siento una división entre los compañeros" in spanish and "En desacuerdo" in spanish
    assert "Psychological safety" in english and "I feel divided from colleagues" in english
    # The CBI stays English on the Spanish page and says so to a screen reader (it read "Work-related
    # burnout" and "To a very high degree" in a Spanish voice); the translated pulse is not marked.
    assert re.search(r'<span lang="en">Work-related burnout</span>', spanish)
    assert re.search(r'<strong lang="en">Is your work emotionally exhausting\?</strong>', spanish)
    assert '<td lang="en">To a very high degree</td>' in spanish
    assert re.search(r"<span>Seguridad psicológica</span>", spanish)
    assert 'lang="en"' not in english.split("<main", 1)[1].split("</main>")[0]
    with translation.override("es"):
        pulse = shipped_instruments()["upstream-pulse"].in_language("es").shown_name()
        label = _("%(score)s · %(instrument)s") % {"score": "Seguridad psicológica", "instrument": pulse}
    assert pulse.startswith("Pulso de conexión") and label in listing


def test_the_api_gives_the_instrument_in_the_requests_language(client, org):
    assert client.login(username="nurse0", password=PASSWORD)
    body = {i["key"]: i for i in client.get("/api/v1/surveys/instruments", **SPANISH).json()}
    assert body["upstream-pulse"]["language"] == "es"
    assert body["upstream-pulse"]["items"][0]["text"].startswith("Siento una división")
    assert body["upstream-pulse"]["items"][0]["key"] == "up_division"
    assert body["cbi-work"]["language"] == "en"


def test_a_shipped_version_stored_before_it_had_translations_gains_them(org):
    ensure_instruments()
    row = Instrument.objects.get(key="upstream-pulse")
    without = {k: v for k, v in row.definition.items() if k != "translations"}
    Instrument.objects.filter(pk=row.pk).update(definition=without)
    ensure_instruments()
    row.refresh_from_db()
    assert row.spec.in_language("es").items[0].text.startswith("Siento una división")
    assert Instrument.objects.filter(key="upstream-pulse").count() == 1


# --- the file format -----------------------------------------------------------------------------


def pulse_with(**translations) -> dict:
    data = copy.deepcopy(shipped_instruments()["upstream-pulse"].model_dump(mode="json"))
    data["translations"] = translations
    return data


def spanish(**fields) -> dict:
    return {"translated_by": "a test", "validated": False, **fields}


def test_the_loader_refuses_an_unknown_language():
    with pytest.raises(InstrumentError, match="unknown language 'fr'"):
        parse_instrument(pulse_with(fr=spanish(title="Pouls")))
    with pytest.raises(InstrumentError, match="unknown language 'en'"):
        parse_instrument(pulse_with(en=spanish(title="Pulse")))


def test_the_loader_refuses_an_unknown_item_scale_value_or_field():
    with pytest.raises(InstrumentError, match=r"translations\.es\.items: unknown item keys \['up_typo'\]"):
        parse_instrument(pulse_with(es=spanish(items={"up_typo": "Texto"})))
    with pytest.raises(InstrumentError, match=r"scales\.agree5: unknown values \['7'\]"):
        parse_instrument(pulse_with(es=spanish(scales={"agree5": {"7": "Siete"}})))
    with pytest.raises(InstrumentError, match="unknown scale 'agree7'"):
        parse_instrument(pulse_with(es=spanish(scales={"agree7": {"1": "Uno"}})))
    with pytest.raises(InstrumentError, match="titel"):
        parse_instrument(pulse_with(es=spanish(titel="Pulso")))
    with pytest.raises(InstrumentError, match="translated_by"):
        parse_instrument(pulse_with(es={"validated": False, "title": "Pulso"}))
    with pytest.raises(InstrumentError, match="source"):
        parse_instrument(pulse_with(es=spanish(validated=True)))


def test_a_partial_translation_falls_back_to_the_original_string_by_string():
    spec = parse_instrument(pulse_with(es=spanish(items={"up_meaning": "Mi trabajo tiene sentido."})))
    shown = spec.in_language("es-mx")
    assert shown.item("up_meaning").text == "Mi trabajo tiene sentido."
    assert shown.item("up_division").text == spec.item("up_division").text
    assert shown.title == spec.title and shown.scales == spec.scales

    def shape(instrument):
        return [(i.key, i.scale, i.reverse) for i in instrument.items]

    assert shape(shown) == shape(spec)
    assert shown.scores == spec.scores
    assert spec.in_language("en") is spec

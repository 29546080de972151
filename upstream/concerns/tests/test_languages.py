"""Spanish: the language switcher, pages in Spanish, and a complete, well-formed catalogue."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns import services
from upstream.concerns.models import Status
from upstream.concerns.tests.helpers import released

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"


def switch_to_spanish(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_every_page_offers_a_language_switcher_that_works_without_javascript(client, db):
    body = client.get(reverse("home")).content.decode()
    assert '<html lang="en' in body
    form = re.search(r'<form class="lang" method="post" action="([^"]+)">(.*?)</form>', body, re.S)
    assert form and form.group(1) == reverse("set_language")
    assert '<label for="lang-select">' in form.group(2) and 'value="es"' in form.group(2)
    assert '<button type="submit">' in form.group(2)  # a real submit button: no script needed


def test_switching_to_spanish_turns_the_home_page_spanish_at_the_same_address(client, db):
    switch_to_spanish(client)
    body = client.get("/").content.decode()
    assert '<html lang="es">' in body
    assert "Exprese lo que le desgasta en el trabajo" in body
    assert "Speak up about what wears you down" not in body
    assert 'value="es" lang="es" selected' in body


def test_the_speak_up_page_and_the_receipt_come_back_in_spanish(client, org):
    client.login(username="reporter", password=PASSWORD)
    switch_to_spanish(client)
    form = client.get(reverse("speak:new")).content.decode()
    assert '<html lang="es">' in form
    assert "¿Qué le impide estar bien en el trabajo?" in form
    assert "Enviar de forma anónima" in form
    text = "Faltan dos enfermeras en el turno de noche cada semana."
    sent = client.post(reverse("speak:new"), {"text": text})
    body = sent.content.decode()
    assert "Gracias. Recibimos su inquietud." in body
    assert "Su código de recibo" in body
    # Dates in Spanish words and a Spanish shape: "hasta el martes, 1 de diciembre, 07:00", not
    # Django's names in the English shape ("hasta el martes 1 diciembre, 07:00").
    day = r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d+ de [a-z]+"
    assert re.search(rf"hasta el {day}, \d\d:\d\d", body)


def test_a_spanish_reader_gets_spanish_date_shapes(client, org):
    """A thread's days read "3 dic 2026" in Spanish (Django alone gave "3 Dic 2026"), "3 Dec 2026"
    in English."""
    done = released(unit=org.ward_a)
    services.change_status(done.concern, org.leader, Status.CLOSED, "The float nurse started Monday.")
    english = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    assert re.search(r"· \d+ (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}</p>", english)
    switch_to_spanish(client)
    spanish = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    assert re.search(r"· \d+ (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic) \d{4}</p>", spanish)
    assert not re.search(r"· \d+ [A-Z][a-z]+ \d{4}</p>", spanish)


def test_the_receipt_page_speaks_spanish_to_a_reporter_who_chose_it(client, org):
    done = released(unit=org.ward_a)
    services.change_status(done.concern, org.leader, Status.CLOSED, "The float nurse started Monday.")
    switch_to_spanish(client)
    lookup = client.get(reverse("receipt:lookup")).content.decode()
    assert "Dé seguimiento a su inquietud" in lookup
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    assert '<html lang="es">' in page
    assert "Su inquietud" in page and "Conversación" in page
    assert "Responder a sus líderes" in page
    assert "El estado cambió a: cerrada." in page  # thread events are translated, status labels too
    assert "Status changed" not in page


def test_a_browser_that_asks_for_spanish_gets_spanish_without_choosing(client, db):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="es">' in body


def parse_po(text: str) -> list[dict[str, str]]:
    """Entries of a .po file: msgid, msgid_plural, msgstr (plural forms joined), flags."""
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for line in text.splitlines() + [""]:
        if not line.strip():
            if current:
                entries.append(current)
            current, key = {}, ""
        elif line.startswith("#,"):
            current["flags"] = line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += _unquote(line)
        else:
            name, _, value = line.partition(" ")
            key = "msgstr" if name.startswith("msgstr") else name
            if key == "msgstr" and name != "msgstr" and not name.endswith("[0]"):
                current[key] = current.get(key, "") + "\x00" + _unquote(value)
            else:
                current[key] = _unquote(value)
    return entries


def _unquote(value: str) -> str:
    return value.strip()[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdr]|%[sd]|%%|\{[A-Za-z_]+\}")


@pytest.fixture(scope="module")
def catalogue() -> list[dict[str, str]]:
    return [e for e in parse_po(CATALOGUE.read_text(encoding="utf-8")) if e.get("msgid")]


def test_the_spanish_catalogue_has_no_untranslated_or_fuzzy_entries(catalogue):
    assert len(catalogue) > 100
    untranslated = [e["msgid"] for e in catalogue if not all(e["msgstr"].split("\x00"))]
    fuzzy = [e["msgid"] for e in catalogue if "fuzzy" in e.get("flags", "")]
    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_every_placeholder_of_the_english(catalogue):
    for entry in catalogue:
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for source, translated in zip(sources, entry["msgstr"].split("\x00"), strict=False):
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), source


def test_the_committed_compiled_catalogue_matches_the_source(catalogue):
    """Runtime reads the .mo: a .po edited without recompiling would silently show stale Spanish."""
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        table = gettext.GNUTranslations(compiled)
    for entry in catalogue:
        if "msgid_plural" in entry:
            singular = entry["msgstr"].split("\x00")[0]
            assert table.ngettext(entry["msgid"], entry["msgid_plural"], 1) == singular
        elif "msgctxt" in entry:  # the same English word meaning another thing ("Open": a state, a verb)
            assert table.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"], entry["msgid"]
        else:
            assert table.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def test_the_privacy_page_the_leaders_inbox_and_a_concern_render_in_spanish(client, org):
    done = released(unit=org.ward_a)
    switch_to_spanish(client)
    privacy = client.get(reverse("privacy")).content.decode()
    assert "Cómo se protege su anonimato" in privacy and "menos de 5 personas" in privacy
    client.login(username="leader_a", password=PASSWORD)
    inbox = client.get(reverse("concerns:inbox"))
    assert inbox.status_code == 200
    assert "Filtrar inquietudes" in inbox.content.decode()
    detail = client.get(reverse("concerns:detail", args=[done.concern.pk]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert '<html lang="es">' in body and "Conversación con quien la reportó" in body
    assert "Confirmar recepción" in body  # the acknowledge button


def test_the_signed_out_writing_page_changes_language_without_a_cookie_first(db):
    """/speak/write/ sets no cookie, so the footer's language form had no CSRF cookie to match: a
    fresh browser choosing "español" there got 403 "The form had expired"."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/speak/write/")
    assert page.status_code == 200 and not page.cookies.get("csrftoken")
    chosen = browser.post("/i18n/setlang/", {"language": "es", "next": "/speak/write/"})
    assert chosen.status_code == 302 and chosen["Location"] == "/speak/write/"
    assert '<html lang="es">' in browser.get("/speak/write/").content.decode()

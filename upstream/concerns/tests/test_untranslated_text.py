"""No English left behind: template text outside the translation tags, and pages that stayed English.

test_languages.py checks the catalogue is complete; this file checks that what people read reaches
the catalogue at all. A sentence typed straight into a template, a flash message or a choice label
without gettext is invisible to makemessages, so the catalogue can be "complete" while a Spanish
page still shows it in English.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from conftest import PASSWORD
from upstream.actions import services as actions
from upstream.api.tokens import create_token
from upstream.community.models import FormalAsk, MentorMatch
from upstream.concerns.tests.helpers import released
from upstream.org.models import User
from upstream.surveys import services as surveys
from upstream.surveys.results import results_from
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_results import add_responses

TEMPLATES = sorted(Path(settings.BASE_DIR).glob("**/templates/**/*.html"))

# Text that is the same in every language: the product's name, and what sits in <code> (headers,
# commands), <script> and <style>.
ALLOWED = {"Upstream"}
UNTRANSLATED_ELEMENTS = re.compile(r"<(script|style|code)\b.*?</\1>|<!--.*?-->", re.S | re.I)
READ_ATTRIBUTES = re.compile(r'\b(title|alt|placeholder|aria-label)\s*=\s*"([^"]*)"', re.I)
SKIPPED_BLOCKS = {"blocktranslate", "blocktrans", "comment", "verbatim"}
TAG = re.compile(r"<[^>]*>", re.S)
WORD = re.compile(r"[A-Za-z]{2,}")
GAP = "\x01"  # stands where a template tag or variable was


def _template_text(source: str) -> str:
    """The template's literal text, with tags, variables and blocktranslate bodies blanked out."""
    parts, skipping = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.TEXT and not skipping:
            parts.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = (token.contents.split() or [""])[0]
            skipping += name in SKIPPED_BLOCKS
            skipping -= name.removeprefix("end") in SKIPPED_BLOCKS and name.startswith("end")
        lines = token.contents.count("\n") if token.token_type == TokenType.TEXT else 0
        parts.append(GAP + "\n" * lines)
    return "".join(parts)


def bare_text(source: str) -> list[tuple[int, str]]:
    """(line, text) for every piece of readable English outside {% translate %} / {% blocktranslate %}."""
    text = UNTRANSLATED_ELEMENTS.sub(lambda m: "\n" * m.group(0).count("\n"), _template_text(source))
    found: list[tuple[int, str]] = []

    def strip_tag(match: re.Match[str]) -> str:
        for attribute in READ_ATTRIBUTES.finditer(match.group(0)):
            if WORD.search(attribute.group(2).replace(GAP, " ")):
                found.append((text.count("\n", 0, match.start()) + 1, attribute.group(0)))
        return " " + "\n" * match.group(0).count("\n")

    without_tags = re.sub(r"&[a-z]+;|&#\d+;", " ", TAG.sub(strip_tag, text))
    for number, line in enumerate(without_tags.split("\n"), start=1):
        words = " ".join(line.replace(GAP, " ").split())
        if any(word not in ALLOWED for word in WORD.findall(words)):
            found.append((number, words))
    return sorted(found)


def test_the_checker_finds_text_outside_translation_tags_and_accepts_it_inside():
    source = (
        '{% load i18n %}<h1>Listening sessions</h1><p title="Read me">{% translate "Fine" %}</p>\n'
        "{% blocktranslate %}Also fine {{ x }}{% endblocktranslate %} <code>Authorization: Bearer</code>\n"
        '<a href="{% url "home" %}">{{ name }}</a> · {{ count }}% <span>Upstream</span>'
    )
    assert bare_text(source) == [(1, "Listening sessions"), (1, 'title="Read me"')]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_template_puts_its_words_through_translation(path):
    assert TEMPLATES, "no templates found"
    assert bare_text(path.read_text(encoding="utf-8")) == []


def spanish(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"


@pytest.fixture
def action(org):
    done = released(unit=org.ward_a)
    action = actions.create_action(
        org.leader,
        title="Cobertura de descansos",
        description="Una enfermera flotante cubre los descansos.",
        scope=org.ward_a,
        concern_ids=[str(done.concern.pk)],
    )
    actions.publish_action(action)
    actions.add_update(action, org.leader, "Se contrató a la enfermera flotante", 50)
    return action


def test_the_board_and_an_action_read_in_spanish(client, org, action):
    spanish(client)
    client.login(username="reporter", password=PASSWORD)
    board = client.get(reverse("actions:board")).content.decode()
    assert "Ustedes dijeron, nosotros actuamos" in board and "50% completado" in board
    for english in ("What leaders changed", "% done", "Updates", "published"):
        assert english not in board
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    assert "Publicada" in page and "Concerns linked" not in page and "Progress updates" not in page
    assert "Inquietudes vinculadas" in page and "Publicar novedad" in page
    new = client.get(reverse("actions:new")).content.decode()
    assert "Qué va a cambiar" in new and "What will change" not in new and "Save draft" not in new


def test_a_leader_flash_message_and_the_listening_pages_read_in_spanish(client, org):
    done = released(unit=org.ward_a)
    spanish(client)
    client.login(username="leader_a", password=PASSWORD)
    page = client.post(reverse("concerns:acknowledge", args=[done.concern.pk]), follow=True)
    body = page.content.decode()
    assert "Recepción confirmada." in body and "Acknowledged." not in body
    assert "Tema principal" in body and "Main theme" not in body and "Also about" not in body
    for name in ("list", "upload", "guide"):
        body = client.get(reverse(f"listening:{name}")).content.decode()
        assert '<html lang="es">' in body
        assert "Sesiones de escucha" in body or "Guía de conversación" in body
        for english in ("Listening sessions", "Upload a transcript", "Discussion guide", "Check for names"):
            assert english not in body, (name, english)


def test_role_group_labels_are_spanish_on_the_speak_up_form(client, org):
    spanish(client)
    client.login(username="reporter", password=PASSWORD)
    form = client.get(reverse("speak:new")).content.decode()
    assert "Farmacéutica o farmacéutico" in form and "Enfermera o enfermero" in form
    assert ">Pharmacist<" not in form and ">Nurse<" not in form


def test_a_merge_reads_in_the_leaders_language_on_the_concern_page(client, org):
    from upstream.concerns import services as concerns

    first, second = released(unit=org.ward_a), released(unit=org.ward_a)
    reference = second.concern.reference  # before the merge: afterwards its receipt opens the first
    concerns.merge_concerns(first.concern, [second.concern], org.leader)
    client.login(username="leader_a", password=PASSWORD)
    page = reverse("concerns:detail", args=[first.concern.pk])
    english = client.get(page).content.decode()
    assert f"Merged with a similar concern ({reference}); its reporter now follows" in english
    spanish(client)
    body = client.get(page).content.decode()
    assert f"Se unió con una inquietud parecida ({reference}); quien la reportó ahora sigue" in body
    assert "Merged with a similar concern" not in body


def test_the_admin_names_upstreams_apps_in_the_readers_language(client, org):
    User.objects.create_superuser("operator", "operator@example.org", PASSWORD)
    client.login(username="operator", password=PASSWORD)
    spanish(client)
    index = client.get(reverse("admin:index")).content.decode()
    assert ">Tokens para expresarse<" in index and ">Temas<" in index
    assert "Speak-up tokens" not in index and ">Themes<" not in index
    # Apps whose tables are not in the admin still name the permissions a group is given.
    group = client.get(reverse("admin:auth_group_add")).content.decode()
    assert "Encuestas rápidas | " in group and "Operaciones | " in group
    assert "Pulse surveys" not in group and "Ops | " not in group
    # Row titles too: an unnamed API token of a colleague.
    create_token(org.leader)
    token = org.leader.api_tokens.get()
    change = client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    assert f"token de {org.leader}" in change and f"token for {org.leader}" not in change
    # An app given a plain string (or none, so Django makes one from its label) stays English.
    named_in_english = [
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("upstream.")
        and any(True for _model in config.get_models())
        and not isinstance(config.verbose_name, Promise)
    ]
    assert named_in_english == []


def test_a_state_reads_in_the_gender_of_what_it_describes(client, org):
    """One English word, several Spanish ones: a cancelled wave (la ronda) is "Cancelada", the
    response-rate column counts who "Respondieron", a formal ask (la petición) is "Enviada" or
    "Respondida", a mentoring match (la mentoría) "Activa"."""
    office = office_of(org)
    wave = open_wave(org, office, units=[org.medicine])
    add_responses(wave, org.ward_a, "nurse", 7)
    spanish(client)
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        client.login(username="office", password=PASSWORD)  # after travelling: sessions expire
        results = client.get(reverse("surveys:results", args=[wave.pk])).content.decode()
    assert '<th scope="col" class="num">Respondieron</th>' in results and ">Respondido<" not in results
    surveys.cancel_wave(office, wave)
    client.login(username="office", password=PASSWORD)
    manage = client.get(reverse("surveys:manage")).content.decode()
    assert "Cancelada" in manage and "Cancelado" not in manage
    with translation.override("es"):
        assert [str(label) for label in FormalAsk.Status.labels] == [
            "Enviada, en espera de confirmación",
            "Confirmada",
            "Respondida",
            "Retirada: la campaña se cerró",
        ]
        assert [str(label) for label in FormalAsk.Decision.labels] == [
            "Aceptada",
            "Aceptada en parte",
            "En proceso",
            "Rechazada",
        ]
        assert [str(label) for label in MentorMatch.Status.labels] == [
            "Propuesta",
            "Activa",
            "Rechazada",
            "Terminada",
        ]

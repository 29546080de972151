"""Every form answers a choice that is not in the list, or a NUL in text, in our words at its field.

Django's own "Select a valid choice. 999999 is not one of the available choices." shows an id the
person never typed; upstream.lib.forms.PlainForm replaces it. The guard below keeps a new form from
forgetting the base class; the page tests show what a leader or the well-being office sees.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from django import forms
from django.contrib.auth.models import Permission
from django.urls import reverse

import upstream
from conftest import PASSWORD
from upstream.lib.forms import PlainWords

OPTION = "Elija una de las opciones de la lista."
PLACE = "Elija uno de los lugares de la lista."
STOCK = ("Escoja una opción válida", "no es una de las opciones", "Select a valid choice")


def _project_forms():
    for module in pkgutil.walk_packages(upstream.__path__, "upstream."):
        if module.name.endswith(".forms"):
            loaded = importlib.import_module(module.name)
            for value in vars(loaded).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == loaded.__name__
                ):
                    yield value


def test_every_project_form_uses_the_plain_words():
    found = list(_project_forms())
    assert len(found) >= 15
    assert [form.__qualname__ for form in found if not issubclass(form, PlainWords)] == []


def test_a_field_with_its_own_words_keeps_them(db):
    from upstream.listening.forms import UploadForm
    from upstream.org.models import User

    form = UploadForm({"scope": "999999"}, user=User(pk=0))
    form.is_valid()
    assert form.errors["scope"] == ["Please choose a unit you lead, or one below it."]


def _error(page: str, field: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert found, f"no error list tied to {field}"
    return found.group(1)


def _refused_at(response, field: str, message: str) -> str:
    page = response.content.decode()
    assert response.status_code == 400
    assert not [stock for stock in STOCK if stock in page]
    assert message in _error(page, field)
    return page


def test_a_new_action_for_a_unit_not_led_or_a_concern_not_listed(client, org):
    client.login(username="leader_a", password=PASSWORD)
    data = {"title": "A float nurse on nights", "description": "From March.", "scope": str(org.ward_b.pk)}
    page = _refused_at(client.post(reverse("actions:new"), data, HTTP_ACCEPT_LANGUAGE="es"), "scope", PLACE)
    select = re.search(r'<select name="scope"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in select and "id_scope_error" in select
    assert 'value="A float nurse on nights"' in page
    data = {**data, "scope": str(org.ward_a.pk), "concerns": ["999999"]}
    _refused_at(client.post(reverse("actions:new"), data, HTTP_ACCEPT_LANGUAGE="es"), "concerns", OPTION)


def test_a_theme_correction_with_a_theme_not_offered(client, org):
    from upstream.concerns.tests.helpers import released

    done = released(unit=org.ward_a)
    client.login(username="leader_a", password=PASSWORD)
    url = reverse("concerns:themes", args=[done.concern.pk])
    response = client.post(url, {"primary": "no-such-theme"}, HTTP_ACCEPT_LANGUAGE="es", follow=True)
    page = response.content.decode()
    assert not [stock for stock in STOCK if stock in page]
    assert OPTION in _error(page, "primary")


def test_the_read_log_filtered_by_a_unit_that_does_not_exist(client, org):
    org.chair.user_permissions.add(Permission.objects.get(codename="wellbeing_office"))
    client.login(username="chair", password=PASSWORD)
    response = client.get(reverse("audit:reads"), {"unit": "999999"}, HTTP_ACCEPT_LANGUAGE="es")
    _refused_at(response, "unit", PLACE)


def test_an_api_token_with_a_scope_or_expiry_not_offered(client, org):
    client.login(username="reporter", password=PASSWORD)
    url = reverse("api_tokens:list")
    data = {"name": "Nightly export", "scopes": ["read", "everything"], "expires_in_days": "30"}
    page = _refused_at(client.post(url, data, HTTP_ACCEPT_LANGUAGE="es"), "scopes", OPTION)
    assert 'value="Nightly export"' in page
    data = {"name": "Nightly export", "scopes": ["read"], "expires_in_days": "7"}
    _refused_at(client.post(url, data, HTTP_ACCEPT_LANGUAGE="es"), "expires_in_days", OPTION)


def test_a_null_character_in_a_token_name(client, org):
    client.login(username="reporter", password=PASSWORD)
    data = {"name": "Nightly\x00 export", "scopes": ["read"], "expires_in_days": "30"}
    response = client.post(reverse("api_tokens:list"), data, HTTP_ACCEPT_LANGUAGE="es")
    _refused_at(response, "name", "Contiene un carácter nulo")


def _dangling(page: str) -> list[str]:
    """Ids a field points at (aria-describedby) that are not on the page."""
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    pointed = {i for refs in re.findall(r'aria-describedby="([^"]+)"', page) for i in refs.split()}
    return sorted(pointed - ids)


def test_every_hint_and_error_a_field_points_at_is_on_the_page(client, org):
    """A screen reader reads a field's hint and error through aria-describedby: an id that is not on
    the page reads nothing, and an error not pointed at is not read with its field."""
    from upstream.concerns.tests.helpers import released
    from upstream.speakup.tests.test_pages import write

    done = released(unit=org.ward_a)
    refused = write(client, "not a code at all").content.decode()
    token = re.search(r'<textarea name="token"[^>]*>', refused).group(0)
    assert 'aria-invalid="true"' in token and "id_token_error" in token
    assert _dangling(refused) == []
    client.login(username="leader_a", password=PASSWORD)
    for url in (reverse("actions:new"), reverse("concerns:detail", args=[done.concern.pk])):
        assert _dangling(client.get(url).content.decode()) == [], url
    client.login(username="reporter", password=PASSWORD)
    assert _dangling(client.get(reverse("api_tokens:list")).content.decode()) == []


def test_a_refused_theme_correction_comes_back_on_the_concerns_own_page(client, org):
    """It was drawn at /inbox/<id>/themes, so reloading asked to send the form again; and the
    refusal sat in a closed box."""
    from upstream.concerns.tests.helpers import released
    from upstream.themes.models import ConcernTheme

    done = released(unit=org.ward_a)
    before = list(ConcernTheme.objects.filter(concern=done.concern).values_list("theme_id", "primary"))
    client.login(username="leader_a", password=PASSWORD)
    detail = reverse("concerns:detail", args=[done.concern.pk])
    data = {"primary": "no-such-theme", "secondary": ["workload_staffing"]}
    response = client.post(
        reverse("concerns:themes", args=[done.concern.pk]), data, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 302 and response["Location"] == detail + "#themes"
    page = client.get(detail, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert OPTION in _error(page, "primary")
    assert re.search(r'<details id="themes" open>', page)
    assert re.search(r'<input[^>]*name="secondary" value="workload_staffing"[^>]*checked', page)
    assert "id_primary_error" not in client.get(detail).content.decode()
    assert (
        list(ConcernTheme.objects.filter(concern=done.concern).values_list("theme_id", "primary")) == before
    )


def test_a_json_field_is_checked_as_the_object_it_holds():
    """The unstorable-character check read a JSON field's parsed value as text and failed with a 500:
    registering a passkey, whose form sends the browser's credential as JSON, broke once the
    product's passkey form took these words."""

    class WithJson(PlainWords, forms.Form):
        credential = forms.JSONField()
        name = forms.CharField()

    form = WithJson(data={"credential": '{"id": "abc", "rawId": "abc"}', "name": "Laptop"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["credential"] == {"id": "abc", "rawId": "abc"}
    refused = WithJson(data={"credential": '{"id": "abc"}', "name": "bad\x07name"})
    assert not refused.is_valid() and list(refused.errors) == ["name"]  # text is still checked

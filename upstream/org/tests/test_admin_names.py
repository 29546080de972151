"""The admin shows org models and fields in the operator's language (issue 12).

Django derives a name from the attribute when none is given, and a derived name never reaches the
catalogue, so a Spanish admin would show it in English. Every name here must be a lazy translation.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst


def _models():
    return list(apps.get_app_config("org").get_models())


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_model_and_field_names_go_through_translation(model):
    assert isinstance(model._meta.verbose_name, Promise)
    assert isinstance(model._meta.verbose_name_plural, Promise)
    derived = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and not isinstance(field.verbose_name, Promise)
    ]
    assert derived == []


@pytest.mark.django_db
def test_the_admin_changelists_open_for_an_operator(admin_client):
    for model in _models():
        if admin.site.is_registered(model):
            opts = model._meta
            response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            assert response.status_code == 200, opts.model_name
            assert str(capfirst(opts.verbose_name_plural)) in response.content.decode()


@pytest.mark.django_db
def test_an_operator_who_reads_spanish_gets_the_admin_in_spanish(admin_client):
    # The whole chain: names marked for translation, the Spanish catalogue, the compiled .mo and the
    # language cookie the footer's switcher sets.
    admin_client.cookies["django_language"] = "es"
    page = admin_client.get(reverse("admin:org_membership_changelist")).content.decode()
    assert "<title>Seleccione pertenencia a modificar" in page
    assert '<a href="/admin/org/">Organización</a>' in page
    assert ">Unidades</a>" in page
    assert "Membership" not in page
    assert ">Units</a>" not in page
    # The admin carries the product's name, not Django's, in both languages.
    assert "Administración de Upstream" in page and "Django" not in page
    admin_client.cookies["django_language"] = "en"
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Upstream administration" in index and "Operators&#x27; tables" in index

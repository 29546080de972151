"""The admin shows every Upstream model and field in the operator's language (issue 12).

Django derives a name from the attribute when none is given, and a derived name never reaches the
catalogue, so a Spanish admin would show it in English. Every name must be a lazy translation; a
new model or field without one fails here, whatever app it is in.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst


def _models():
    return [model for model in apps.get_models() if model.__module__.startswith("upstream.")]


@pytest.mark.parametrize("model", _models(), ids=lambda m: f"{m._meta.app_label}.{m.__name__}")
def test_model_and_field_names_go_through_translation(model):
    assert isinstance(model._meta.verbose_name, Promise)
    assert isinstance(model._meta.verbose_name_plural, Promise)
    derived = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and not isinstance(field.verbose_name, Promise)
    ]
    assert derived == []


def test_every_upstream_app_is_checked():
    assert {model._meta.app_label for model in _models()} >= {
        "actions", "api", "community", "concerns", "insights", "intake", "listening", "org",
        "signals", "speakup", "surveys", "themes",
    }  # fmt: skip


@pytest.mark.django_db
def test_the_admin_lists_and_add_forms_open_for_an_operator(admin_client):
    registered = [model for model in _models() if admin.site.is_registered(model)]
    assert registered
    for model in registered:
        opts = model._meta
        response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert response.status_code == 200, opts.model_name
        assert str(capfirst(opts.verbose_name_plural)) in response.content.decode()
        # Records that are evidence (read records, say) cannot be added: 403 there, never an error.
        adding = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        assert adding.status_code in (200, 403), opts.model_name


@pytest.mark.django_db
def test_admin_pages_name_the_product_icon(admin_client):
    # Without it the browser asked for /favicon.ico on every admin page: a 404 in the console.
    icon = '<link rel="icon" href="/static/upstream/favicon.svg" type="image/svg+xml">'
    assert icon in admin_client.get(reverse("admin:index")).content.decode()
    changelist = admin_client.get(reverse("admin:org_unit_changelist")).content.decode()
    assert icon in changelist and "Upstream administration" in changelist

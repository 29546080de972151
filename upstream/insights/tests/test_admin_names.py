"""The insights models and fields are named in the operator's language (issue 12).

Django derives a name from the attribute when none is given, and a derived name never reaches the
catalogue, so a Spanish admin would show it in English. Every name here must be a lazy translation.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils.functional import Promise


@pytest.mark.parametrize(
    "model", list(apps.get_app_config("insights").get_models()), ids=lambda m: m.__name__
)
def test_model_and_field_names_go_through_translation(model):
    assert isinstance(model._meta.verbose_name, Promise)
    assert isinstance(model._meta.verbose_name_plural, Promise)
    derived = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and not isinstance(field.verbose_name, Promise)
    ]
    assert derived == []

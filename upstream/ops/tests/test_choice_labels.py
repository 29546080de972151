"""The faster get_FOO_display gives exactly what Django's own gives, in every language."""

from __future__ import annotations

from functools import partialmethod

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from upstream.lib import choice_labels


def _choice_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("upstream."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and choice_labels._fixed_choices(field):
                yield model, field


def test_the_project_models_get_the_faster_display():
    patched = [
        (model, field)
        for model, field in _choice_fields()
        if isinstance(model.__dict__.get(f"get_{field.name}_display"), partialmethod)
        and model.__dict__[f"get_{field.name}_display"].func is choice_labels._display
    ]
    assert len(patched) >= 10
    assert ("Unit", "level") in {(model.__name__, field.name) for model, field in patched}


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_choice_reads_as_django_would_give_it(language):
    compared = 0
    with translation.override(language):
        for model, field in _choice_fields():
            values = [value for value, _ in field.flatchoices] + ["not-a-choice", None]
            for value in values:
                instance = model()
                setattr(instance, field.attname, value)
                fast = getattr(instance, f"get_{field.name}_display")()
                django = models.Model._get_FIELD_display(instance, field)
                assert fast == django, (model.__name__, field.name, value)
                assert type(fast) is type(django)
                compared += 1
    assert compared > 100


def test_a_label_follows_the_language_active_when_it_is_read():
    unit = apps.get_model("org", "Unit")(level="department")
    with translation.override("es"):
        assert unit.get_level_display() == "Departamento"
    with translation.override("en"):
        assert unit.get_level_display() == "Department"
    with translation.override("es"):
        assert unit.label().endswith("(departamento)")

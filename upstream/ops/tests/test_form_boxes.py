"""Every kind of box a project form draws is styled like the others in upstream.css. A gathering's
start and end (datetime-local) and a resource's web page (url) were left at the browser's own small
size beside full-width boxes."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from django import forms
from django.forms.widgets import Input

import upstream

# Boxes with their own look: ticked, chosen from a file, never shown.
OWN_LOOK = {"checkbox", "radio", "file", "hidden"}


def _input_types() -> set[str]:
    kinds: set[str] = set()
    for module in pkgutil.walk_packages(upstream.__path__, "upstream."):
        if not module.name.endswith(".forms"):
            continue
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                for field in getattr(value, "base_fields", {}).values():
                    if isinstance(field.widget, Input):  # not a menu or a text area
                        kinds.add(field.widget.attrs.get("type") or field.widget.input_type)
    return kinds


def test_it_handles_every_kind_of_box_the_forms_draw():
    css = (Path(upstream.__file__).parent / "static" / "upstream" / "upstream.css").read_text()
    styled = set(re.findall(r"input\[type=([\w-]+)\]", css.split("width: 100%; font: inherit")[0]))
    kinds = _input_types()
    assert {"text", "datetime-local"} <= kinds
    assert kinds - OWN_LOOK - styled == set()

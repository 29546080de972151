"""Reading a rendered community page's form boxes in tests: a box as typed, and the error tied to
it by the shared field template (upstream/templates/forms/field.html)."""

from __future__ import annotations

import re


def box(page: str, name: str, tag: str = "input") -> str:
    """The opening tag of the box named `name`."""
    found = re.search(rf"<{tag}[^>]*name=\"{name}\"[^>]*>", page)
    assert found, f"no {name} box"
    return found.group(0)


def error_at(page: str, box_id: str) -> str:
    """The error list shown at the box whose id is `box_id`."""
    found = re.search(rf'<ul class="errorlist" id="{box_id}_error">(.*?)</ul>', page, re.S)
    assert found, f"no error at the {box_id} box"
    return found.group(1)


def area_text(page: str, name: str) -> str:
    """What the text area named `name` holds, as the page escaped it (Django writes a newline first)."""
    found = re.search(rf"<textarea[^>]*name=\"{name}\"[^>]*>\n?(.*?)</textarea>", page, re.S)
    assert found, f"no {name} text area"
    return found.group(1)

"""Template filters that send every count shown on a page through the privacy rules."""

from __future__ import annotations

from django import template

from upstream.privacy.groups import is_large_enough

register = template.Library()


@register.filter
def group_count(value: int) -> int | None:
    """The count if it describes a group large enough to show, else None (the page says "a few")."""
    return value if is_large_enough(int(value)) else None

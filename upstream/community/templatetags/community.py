"""`{% crisis_resources as resources %}`: the directory's crisis entries for any page that needs them."""

from __future__ import annotations

from django import template

from upstream.community.services import crisis_resources as _crisis_resources

register = template.Library()


@register.simple_tag
def crisis_resources(country: str | None = None) -> list:
    return _crisis_resources(country)

"""`{% crisis_resources as resources %}`: the directory's crisis entries for any page that needs them;
`{% help_line as help %}`: the quiet help line (the first of them, and the page with all)."""

from __future__ import annotations

from django import template

from upstream.community.services import HelpLine
from upstream.community.services import crisis_resources as _crisis_resources
from upstream.community.services import help_line as _help_line

register = template.Library()


@register.simple_tag
def crisis_resources(country: str | None = None) -> list:
    return _crisis_resources(country)


@register.simple_tag
def help_line(country: str | None = None) -> HelpLine:
    return _help_line(country)


@register.simple_tag
def shared_for_concern(concern) -> object:
    """The concern's co-signing state (a SharedConcern) or None, for the receipt page's card."""
    from upstream.community.models import SharedConcern

    return SharedConcern.objects.filter(concern=concern).select_related("escalated_to").first()

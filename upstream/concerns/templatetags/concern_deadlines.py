"""A concern's acknowledgment deadline as its pages show it, by the same rule as the inbox."""

from __future__ import annotations

from django import template
from django.utils import timezone

from upstream.concerns.access import is_overdue
from upstream.concerns.models import Concern

register = template.Library()


@register.filter
def overdue(concern: Concern) -> bool:
    """Unacknowledged past its deadline now: an urgent concern from the hour it was due, not from the
    next day (the concern's page said "Acknowledge by" while the inbox said overdue)."""
    return is_overdue(concern, timezone.now())

"""Small builders for community tests (the shared Org fixture provides people and units)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Permission
from django.utils import timezone

from upstream.community.models import Campaign, Category, Gathering, Resource
from upstream.community.services import campaigns
from upstream.community.services.gatherings import create_gathering
from upstream.org.models import Unit, User


def make_office(user: User) -> User:
    user.user_permissions.add(Permission.objects.get(codename="wellbeing_office"))
    return User.objects.get(pk=user.pk)  # drop the permission cache


def crisis_line(**extra) -> Resource:
    values = dict(
        name="988 Suicide & Crisis Lifeline",
        category=Category.CRISIS,
        description="Call or text 988, any time.",
        country="US",
        phone="988",
        sms_number="988",
        show_in_distress=True,
        order=1,
    )
    values.update(extra)
    return Resource.objects.create(**values)


def charting_campaign(
    starter: User,
    scope: Unit,
    *,
    statement: str = "We chart for two hours after every shift.",
    ask: str = "Protected charting time on every shift.",
) -> Campaign:
    """The campaign most community tests start: staff asking for their charting time back."""
    return campaigns.start_campaign(
        starter, title="Give charting time back", kind="inside", statement=statement, ask=ask, scope=scope
    )


def nurse(index: int) -> User:
    """One of the Org fixture's nurses on the wards (nurse0, nurse1, ...)."""
    return User.objects.get(username=f"nurse{index}")


def schwartz_round(org, *, capacity: int, title: str = "Schwartz Round") -> Gathering:
    """A story session for Medicine tomorrow, organised by its chair."""
    start = timezone.now() + dt.timedelta(hours=20)
    return create_gathering(
        org.chair,
        kind="schwartz_round",
        title=title,
        description="Three colleagues tell a story; then we talk.",
        scope=org.medicine,
        location="Conference room B",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        capacity=capacity,
    )

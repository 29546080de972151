"""The demo: three past waves whose results show a unit worsening and one improving, one wave open."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from upstream.org import demo
from upstream.org.demo.organisation import Built, build_leaders, build_people, build_tree
from upstream.org.models import Unit, User
from upstream.surveys import access
from upstream.surveys import demo as surveys_demo
from upstream.surveys.models import Response, Wave
from upstream.surveys.results import results_ready, trend


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[dict]:
    """Riverbend's people and leaders (not its concerns, which this demo does not need), then ours."""
    with django_db_blocker.unblock(), transaction.atomic():
        rng = random.Random(demo.SEED)  # noqa: S311 - demo data
        hashed = make_password(demo.DEMO_PASSWORD)
        built = Built()
        build_tree(built)
        build_people(built, rng, hashed)
        build_leaders(built, rng, hashed)
        yield surveys_demo.load(timezone.now())
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(loaded: dict, db: None) -> dict:
    return loaded


def test_it_loads_three_past_waves_with_results_and_one_open(demo_db):
    assert demo_db["survey_waves"] == 4 and demo_db["survey_responses"] > 500
    waves = list(Wave.objects.order_by("opens_on"))
    assert [results_ready(w) for w in waves] == [True, True, True, False]
    assert Response.objects.filter(wave=waves[-1]).count() == 0


def test_4_west_worsens_and_5_east_improves_in_what_the_office_sees(demo_db):
    office = User.objects.get(username="wellbeing")
    scopes = access.result_scopes(office)
    waves = access.visible_waves(office)
    points = trend(waves, scopes, "cbi-work", "work_burnout")
    worsens, improves = Unit.objects.get(code="rg-4w"), Unit.objects.get(code="rg-5e")
    west = [p.summaries[("unit", worsens.pk)].mean for p in points]
    east = [p.summaries[("unit", improves.pk)].mean for p in points]
    assert west[0] < west[1] < west[2] and west[2] - west[0] > 10
    assert east[0] > east[1] > east[2] and east[0] - east[2] > 10


def test_it_loads_only_once(demo_db):
    assert surveys_demo.load(timezone.now()) == {"survey_waves": 0, "survey_responses": 0}


def test_the_demo_staff_login_can_answer_the_open_wave(demo_db):
    from upstream.surveys.services import open_waves_for

    staff = User.objects.get(username="staff")
    assert [done for _wave, done in open_waves_for(staff)] == [False]

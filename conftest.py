"""Shared fixtures: a small organisation with an owner (leader), a colleague and an outsider."""

from __future__ import annotations

import gc

import pytest

from upstream.org.models import LeaderAssignment, Membership, RoleGroup, Unit, User

PASSWORD = "correct-horse-battery"  # noqa: S105 - test accounts only


def make_user(username: str, *, first: str = "", last: str = "") -> User:
    user = User.objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD)
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


class Org:
    """system > hospital > (medicine > [ward_a, ward_b]), with staff, leaders and an outsider."""

    def __init__(self) -> None:
        self.system = Unit.objects.add_root(dict(name="Riverbend Health", code="riverbend", level="system"))
        self.hospital = Unit.objects.add_child(
            self.system, dict(name="Riverbend General", code="general", level="hospital")
        )
        self.medicine = Unit.objects.add_child(
            self.hospital, dict(name="Medicine", code="medicine", level="department")
        )
        self.ward_a = Unit.objects.add_child(self.medicine, dict(name="4 West", code="4west", level="unit"))
        self.ward_b = Unit.objects.add_child(self.medicine, dict(name="5 East", code="5east", level="unit"))
        self.other_hospital = Unit.objects.add_child(
            self.system, dict(name="Northside", code="northside", level="hospital")
        )
        self.reporter = make_user("reporter", first="Robin", last="Quill")
        Membership.objects.create(user=self.reporter, unit=self.ward_a, role_group=RoleGroup.NURSE)
        for index in range(7):
            colleague = make_user(f"nurse{index}")
            Membership.objects.create(user=colleague, unit=self.ward_a, role_group=RoleGroup.NURSE)
        for index in range(2):
            pharmacist = make_user(f"pharm{index}")
            Membership.objects.create(user=pharmacist, unit=self.ward_a, role_group=RoleGroup.PHARMACIST)
        Membership.objects.create(user=self.reporter, unit=self.ward_b, role_group=RoleGroup.PHARMACIST)
        self.leader = make_user("leader_a", first="Dana", last="Okafor")
        LeaderAssignment.objects.create(user=self.leader, unit=self.ward_a, title="Nurse manager")
        self.other_leader = make_user("leader_b", first="Sam", last="Reyes")
        LeaderAssignment.objects.create(user=self.other_leader, unit=self.ward_b, title="Nurse manager")
        self.chair = make_user("chair", first="Lee", last="Park")
        LeaderAssignment.objects.create(user=self.chair, unit=self.medicine, title="Chair of medicine")
        self.outsider = make_user("outsider")
        Membership.objects.create(user=self.outsider, unit=self.other_hospital, role_group=RoleGroup.NURSE)


def pytest_collection_modifyitems(config, items) -> None:
    """Browser tests drive a real chromium whose timing varies with the machine's load: one rerun
    (pytest-rerunfailures) tells a slow moment from a broken flow. A flow that fails twice fails,
    and the first failure is still reported in the summary ("rerun")."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.flaky(reruns=1))


@pytest.fixture
def org(db) -> Org:
    return Org()


@pytest.fixture
def browser():
    """Debian's chromium through Playwright for the browser tests (skipped when it is missing, a
    failure under UPSTREAM_REQUIRE_BROWSER=1, as in CI)."""
    from upstream.ops.tests.browser import ARGS, require_chromium

    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def at_noon():
    """Today at noon, local time (the clock keeps running): for tests that need yesterday's batch
    (released at 07:00) to be out already, which between midnight and 07:00 it is not."""
    import datetime as dt

    import time_machine
    from django.utils import timezone

    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)))
    with time_machine.travel(noon, tick=True):
        yield noon


@pytest.fixture
def answers_released_singly(monkeypatch):
    """For tests of something other than the survey release's grouping (upstream/surveys/release.py):
    each answer is released in the next batch even when it is alone in its unit and role group."""
    monkeypatch.setattr("upstream.surveys.release.min_group_size", lambda: 1)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in Spanish leaves Spanish active in the thread (LocaleMiddleware does not reset it);
    without this, a later test that reads a translated message would see it in Spanish."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _collect_live_server_connections(request):
    """A live-server test leaves its threads' SQLite connections to the shared in-memory database as
    garbage. If the collector frees one later while SQLite is calling one of Django's Python
    functions (a date extract in a GROUP BY, say), closing it waits for the mutex that very call
    holds, and the suite hangs. Collecting right after such a test frees them while nothing runs."""
    yield
    if "live_server" in request.fixturenames:
        gc.collect()

"""`upstream load-demo`: a believable Riverbend Health, loaded once, with logins that work."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from upstream.actions.models import Action
from upstream.concerns.access import visible_concerns
from upstream.concerns.models import Author, Concern, Message, Status
from upstream.listening.access import visible_sessions
from upstream.listening.models import FACILITATOR, ListeningSession
from upstream.listening.summary import summarise
from upstream.org import demo
from upstream.org.access import leads_unit, reportable_units
from upstream.org.demo.texts import STAFFING_RISE
from upstream.org.models import LeaderAssignment, Membership, RoleGroup, Unit, UnitLevel, User
from upstream.signals.models import Signal
from upstream.signals.services import open_signals_for
from upstream.themes.models import ConcernTheme


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """Load the demo once for the module, inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(loaded: str, db: None) -> str:
    return loaded


def test_it_builds_the_tree(demo_db: str) -> None:
    root = Unit.objects.get(code=demo.SYSTEM_CODE)
    assert root.level == UnitLevel.SYSTEM
    levels = {level: Unit.objects.filter(root.subtree_q(), level=level).count() for level in UnitLevel.values}
    assert levels[UnitLevel.HOSPITAL] >= 3
    assert levels[UnitLevel.DEPARTMENT] >= 10
    assert levels[UnitLevel.UNIT] >= 30
    names = set(Unit.objects.values_list("name", flat=True))
    assert {
        "Riverbend General",
        "Northside Community",
        "St. Anne's Children's",
        "4 West Med-Surg",
        "MICU",
        "PICU",
    } <= names


def test_it_adds_staff_with_realistic_mixes(demo_db: str) -> None:
    staff = User.objects.filter(memberships__isnull=False).distinct().count()
    assert staff >= 300
    roles = {role: Membership.objects.filter(role_group=role).count() for role in RoleGroup.values}
    assert roles[RoleGroup.NURSE] == max(roles.values())
    for role in (
        RoleGroup.RESIDENT,
        RoleGroup.ATTENDING,
        RoleGroup.APP,
        RoleGroup.PHARMACIST,
        RoleGroup.ALLIED_HEALTH,
        RoleGroup.ADMIN_STAFF,
        RoleGroup.SUPPORT_SERVICES,
    ):
        assert roles[role] >= 10, role
    small = Membership.objects.filter(unit__code="rg-rx-onc", role_group=RoleGroup.PHARMACIST).count()
    assert small == 3


def test_it_assigns_leaders_at_every_level(demo_db: str) -> None:
    for unit in Unit.objects.filter(Unit.objects.get(code=demo.SYSTEM_CODE).subtree_q()):
        assert LeaderAssignment.objects.filter(unit=unit).exists(), unit
    for hospital in Unit.objects.filter(level=UnitLevel.HOSPITAL):
        titles = set(hospital.leader_assignments.values_list("title", flat=True))
        assert {"Chief Nursing Officer", "Chief Medical Officer"} <= titles
    wellbeing, cno, chair, manager = (
        User.objects.get(username=n) for n in ("wellbeing", "cno", "chair", "manager")
    )
    assert wellbeing.leader_assignments.get().unit.code == demo.SYSTEM_CODE
    assert cno.leader_assignments.get().unit.code == "rg"
    assert chair.leader_assignments.get().unit.code == "rg-med"
    assert manager.leader_assignments.get().unit.code == "rg-4w"
    four_west = Unit.objects.get(code="rg-4w")
    assert all(leads_unit(user, four_west) for user in (wellbeing, cno, chair, manager))
    assert not leads_unit(manager, Unit.objects.get(code="rg-micu"))


def test_it_gives_the_named_logins_the_demo_password(demo_db: str) -> None:
    for username in ("staff", "resident", "manager", "chair", "cno", "wellbeing", "pharmacist", "admin"):
        assert authenticate(username=username, password=demo.DEMO_PASSWORD) is not None, username
    assert User.objects.get(username="admin").is_superuser
    staff = User.objects.get(username="staff")
    assert staff.memberships.get().role_group == RoleGroup.NURSE
    assert staff.memberships.get().unit.code == "rg-4w"
    assert "rg-4w" in [u.code for u in reportable_units(staff)]
    assert User.objects.get(username="pharmacist").memberships.get().unit.code == "rg-rx-onc"
    assert set(User.objects.get(username="resident").memberships.values_list("role_group", flat=True)) == {
        "resident"
    }
    any_other = User.objects.exclude(username__in=demo.NAMED).filter(memberships__isnull=False).first()
    assert any_other is not None and any_other.check_password(demo.DEMO_PASSWORD)


def test_it_adds_concerns_in_every_status_with_threads(demo_db: str) -> None:
    now = timezone.now()
    concerns = Concern.objects.all()
    assert concerns.count() >= 150
    assert set(concerns.values_list("status", flat=True)) == set(Status.values)
    assert not concerns.filter(visible_from__gt=now).exists(), "leaders must see every demo concern"
    assert concerns.filter(urgent=True).count() >= 2
    today = timezone.localdate()
    assert concerns.filter(acknowledged_at=None, ack_due_on__lt=today).count() >= 3
    days = concerns.values_list("received_on", flat=True)
    assert (today - min(days)).days >= 90
    assert Message.objects.filter(author=Author.LEADER).exists()
    assert Message.objects.filter(author=Author.REPORTER).exists()
    assert concerns.filter(awaiting_leader=True).exists()
    manager = User.objects.get(username="manager")
    assert visible_concerns(manager).count() >= 3
    assert visible_concerns(User.objects.get(username="wellbeing")).count() == concerns.count()
    # Their digests are history: the first hourly release told every leader of hundreds "new" ones.
    assert not concerns.filter(unannounced=True).exists()
    # So are their escalations: an hour after each deadline, not on the day the demo was loaded
    # (an officer's walk read "due 16 Nov" above "the next leader up was told" dated 7 Dec).
    from upstream.concerns.batches import escalate_overdue
    from upstream.concerns.models import Event

    late = concerns.filter(acknowledged_at=None, ack_due_at__lt=now - dt.timedelta(hours=1)).exclude(
        status=Status.CLOSED
    )
    events = Event.objects.filter(kind=Event.Kind.ESCALATED, concern__in=late)
    assert late.exists() and events.count() == late.count()
    assert all(e.at == e.concern.ack_due_at + dt.timedelta(hours=1) for e in events.select_related("concern"))
    assert escalate_overdue(now) == 0  # nothing left for the first hourly run to escalate today


def test_it_publishes_actions_at_every_scope(demo_db: str) -> None:
    actions = Action.objects.filter(state=Action.State.PUBLISHED)
    assert actions.count() >= 12
    assert {a.scope.level for a in actions} >= {UnitLevel.UNIT, UnitLevel.DEPARTMENT, UnitLevel.HOSPITAL}
    assert all(a.concerns.exists() for a in actions)
    assert all(a.updates.exists() for a in actions)
    assert actions.filter(progress=100).exists()


def test_it_raises_an_early_warning_on_4_west(demo_db: str) -> None:
    today = timezone.localdate()
    for text, _role in STAFFING_RISE:
        concern = Concern.objects.get(text=text)
        assert concern.unit.code == "rg-4w"
        assert (today - concern.received_on).days <= 12
        assert concern.visible_from <= timezone.now(), "leaders must see the rise"
        theme = ConcernTheme.objects.get(concern=concern, primary=True).theme.key
        assert theme == "workload_staffing", text
    signal = Signal.objects.get(scope__code="rg-4w", theme__key="workload_staffing")
    assert signal.state == Signal.State.OPEN
    assert signal.observed >= 5
    assert "4 West Med-Surg" in signal.message
    for username in ("manager", "chair", "cno", "wellbeing"):
        assert open_signals_for(User.objects.get(username=username)).filter(pk=signal.pk).exists(), username
    micu_manager = LeaderAssignment.objects.get(unit__code="rg-micu").user
    assert not open_signals_for(micu_manager).filter(pk=signal.pk).exists()


def test_it_records_a_listening_session_with_coded_turns(demo_db: str) -> None:
    session = ListeningSession.objects.get()
    assert session.scope.code == "rg"
    assert session.created_by is not None and session.created_by.username == "cno"
    assert 14 <= (timezone.localdate() - session.held_on).days <= 28
    coded = session.turns.exclude(speaker_role=FACILITATOR).exclude(theme=None)
    assert coded.count() >= 5
    assert session.turns.filter(speaker_role=FACILITATOR, theme=None).exists()
    assert summarise(session).rows
    cno, manager = (User.objects.get(username=n) for n in ("cno", "manager"))
    assert visible_sessions(cno).filter(pk=session.pk).exists()
    assert not visible_sessions(manager).filter(pk=session.pk).exists()


def test_it_prints_the_logins(demo_db: str) -> None:
    for username in ("wellbeing", "cno", "chair", "manager", "staff", "resident", "pharmacist", "admin"):
        assert username in demo_db
    assert demo.DEMO_PASSWORD in demo_db
    assert "early warning about staffing on 4 West" in demo_db
    assert "a listening session at /listening/" in demo_db


def test_it_handles_a_second_run_without_duplicates(demo_db: str) -> None:
    counts = (
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Concern.objects.count(),
        Action.objects.count(),
        Signal.objects.count(),
        ListeningSession.objects.count(),
    )
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert "manager" in out.getvalue()
    assert counts == (
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Concern.objects.count(),
        Action.objects.count(),
        Signal.objects.count(),
        ListeningSession.objects.count(),
    )


def test_the_well_being_officers_dashboard_shows_most_themes_of_the_last_quarter(
    demo_db: str, client
) -> None:
    """With four months of concerns in 58 units, the officer saw "hidden" for 9 of 14 themes of
    the quarter: the year held two quarters, and the small one took the other with it. The months
    before (answered and closed, so in no inbox) fill the year's quarters."""
    from upstream.api.tokens import create_token

    today = timezone.localdate()
    last_quarter = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1) - dt.timedelta(days=1)
    period = f"{last_quarter.year}-Q{(last_quarter.month - 1) // 3 + 1}"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(User.objects.get(username='wellbeing'))}"}
    body = client.get("/api/v1/insights/dashboard", {"period": period}, **headers).json()
    assert body["quarters"][-1] == period
    shown = [s["theme"] for s in body["volume"] if s["values"][-1] is not None]
    assert len(shown) >= 8, shown  # 10 to 13 of 14 at four dates tried across a year
    assert all(total is not None for total in body["totals"][-4:])
    answered = Concern.objects.filter(received_on__lt=today - dt.timedelta(days=121))
    assert answered.count() >= 200 and set(answered.values_list("status", flat=True)) == {Status.CLOSED}


def test_the_named_leaders_work_where_they_lead_and_are_told_they_belong(demo_db: str, client) -> None:
    """Thanks, Stories and Campaigns told the manager, the chair, the CNO and the well-being officer
    "You are not listed as a member of any unit": they led units but worked in none."""
    for username, code in (
        ("manager", "rg-4w"),
        ("chair", "rg-med"),
        ("cno", "rg"),
        ("wellbeing", "riverbend"),
    ):
        user = User.objects.get(username=username)
        assert user.memberships.get().unit.code == user.leader_assignments.get().unit.code == code
        client.force_login(user)
        for path in ("/community/thanks/", "/community/stories/", "/community/campaigns/"):
            page = client.get(path).content.decode()
            assert "not listed as a member" not in page, (username, path)
    from upstream.surveys.models import Invitation

    invited = Invitation.objects.filter(user__username="manager")
    assert [i.wave.is_open(timezone.localdate()) for i in invited] == [True]

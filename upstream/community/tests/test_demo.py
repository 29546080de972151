from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone, translation

from upstream.community import demo
from upstream.community.models import (
    CampaignMeeting,
    Cosign,
    FormalAsk,
    Gathering,
    PeerRequest,
    SharedConcern,
    Signup,
)
from upstream.community.services import crisis_resources
from upstream.community.services.peer import office_figures
from upstream.concerns.models import Concern
from upstream.org.models import User


def _riverbend(now) -> None:
    """The demo's organisation and people (not its concerns' text model work), plus three concerns."""
    from upstream.org.demo.organisation import Built, build_leaders, build_people, build_tree

    rng = random.Random(1)  # noqa: S311 - demo data
    built = Built()
    build_tree(built)
    build_people(built, rng, make_password(None))
    build_leaders(built, rng, make_password(None))
    unit = built.units["rg-4w"]
    for text in ("Two nurses short on nights again.", "No breaks for 12 hours.", "Charting after shift."):
        Concern.objects.create(
            text=text,
            unit=unit,
            received_on=now.date(),
            visible_from=now,
            ack_due_on=now.date(),
            retain_until=now.date() + dt.timedelta(days=900),
        )


def test_the_demo_has_every_capability_believably_and_loads_once(db):
    now = timezone.now()
    _riverbend(now)
    counts = demo.load(now)
    assert counts["resources"] == len(demo.RESOURCES) and counts["thanks"] > 20
    assert counts["gatherings"] == 3 and counts["campaigns"] == 3 and counts["peer_supporters"] >= 6
    assert counts["mentoring_profiles"] >= 8 and counts["stories"] == 4
    assert demo.load(now) == {"resources": 0}

    crisis = crisis_resources("US")
    assert [r.name for r in crisis[:3]] == [
        "988 Suicide & Crisis Lifeline",
        "Crisis Text Line",
        "Physician Support Line",
    ]
    assert crisis[0].tel_href == "tel:988" and crisis[1].sms_href == "sms:741741?body=HOME"
    assert crisis[2].phone == "1-888-409-0141"
    full = Gathering.objects.get(kind="story_session")
    assert Signup.objects.filter(gathering=full, status="waiting").count() == 3
    # At the local hours their descriptions promise (all showed 07:00, "Lunch provided" included).
    local = {g.kind: timezone.localtime(g.starts_at).strftime("%H:%M") for g in Gathering.objects.all()}
    assert local == {"schwartz_round": "12:00", "story_session": "15:00", "community_event": "07:30"}
    # Campaign meetings at lunchtime on a weekday, not at the minute the demo was loaded.
    meetings = [timezone.localtime(m.starts_at) for m in CampaignMeeting.objects.all()]
    assert meetings and all(m.strftime("%H:%M") == "12:30" and m.weekday() < 5 for m in meetings)
    escalated = SharedConcern.objects.exclude(escalated_to=None).get()
    assert escalated.cosigns == Cosign.objects.filter(shared=escalated).count() >= 10
    assert FormalAsk.objects.filter(status="answered").exists()
    assert office_figures(now.date() - dt.timedelta(days=120), now.date())["requests"] > 20
    assert User.objects.get(username="wellbeing").has_perm("community.wellbeing_office")
    assert PeerRequest.objects.filter(status="waiting").exists() or PeerRequest.objects.filter(contact__gt="")


def test_a_spanish_reader_of_the_demo_is_offered_each_service_once_in_spanish(db):
    now = timezone.now()
    _riverbend(now)
    demo.load(now)
    with translation.override("es"):
        spanish = crisis_resources("US")
    with translation.override("en"):
        english = crisis_resources("US")
    assert [r.name for r in spanish[:3]] == [
        "988 Línea de Prevención del Suicidio y Crisis",
        "Crisis Text Line en español",
        "Physician Support Line (en inglés)",
    ]
    # Every description a Spanish reader is offered is in Spanish (the staff walk met English ones).
    assert all(r.language == "es" for r in spanish), [r.name for r in spanish if r.language != "es"]
    assert spanish[1].sms_href == "sms:741741?body=AYUDA"
    assert "Programa de Asistencia al Empleado de Riverbend" in {r.name for r in spanish}
    assert "Riverbend Employee Assistance Program" not in {r.name for r in spanish}
    # Each service once per reader: the English reader sees none of the Spanish entries.
    assert not {r.name for r in english} & {r.name for r in spanish if r.language == "es"}


def test_the_demo_loaded_late_in_the_evening_dates_its_rows_by_the_local_day(db):
    # 23:30 in New York is already tomorrow in UTC: the demo wrote the UTC day (a story "submitted"
    # tomorrow, taps counted for a day not yet begun).
    evening = dt.datetime(2026, 12, 7, 4, 30, tzinfo=dt.UTC)  # as timezone.now() gives it
    assert timezone.localdate(evening) == dt.date(2026, 12, 6)
    _riverbend(evening)
    demo.load(evening)
    from upstream.community.models import ResourceUse, Story

    assert Story.objects.order_by("-submitted_on").first().submitted_on == dt.date(2026, 12, 6)
    assert ResourceUse.objects.order_by("-day").first().day == dt.date(2026, 12, 6)
    assert max(Cosign.objects.values_list("day", flat=True)) <= dt.date(2026, 12, 6)
    # Only the links a resource has are counted as tapped.
    for use in ResourceUse.objects.select_related("resource"):
        field = {"call": "phone", "text": "sms_number", "open": "url"}[use.kind]
        assert getattr(use.resource, field), (use.resource.name, use.kind)


def test_the_demos_shared_concerns_are_open_to_a_testers_first_co_sign(db):
    from upstream.community.services.cosigns import min_holders
    from upstream.org.demo.logins import NAMED
    from upstream.speakup.models import Allowance

    now = timezone.now()
    _riverbend(now)
    demo.load(now)
    published = SharedConcern.objects.filter(status=SharedConcern.Status.PUBLISHED)
    assert published.exists()
    for shared in published:
        holders = Allowance.objects.filter(purpose=shared.purpose)
        # Every co-sign shown needed a token, and co-signing opens at the minimum of holders.
        assert holders.count() >= max(min_holders(), shared.cosigns + 1)
        assert not holders.filter(user__username__in=NAMED).exists()  # theirs to take


def test_the_demos_escalated_concern_waits_for_the_chair_with_something_to_do(db):
    """Its concern was closed, so a tester signed in as the chair never saw an escalation to answer."""
    from upstream.community.services.for_leaders import escalated_waiting

    now = timezone.now()
    _riverbend(now)
    demo.load(now)
    escalated = SharedConcern.objects.exclude(escalated_to=None).get()
    chair = User.objects.filter(leader_assignments__unit=escalated.escalated_to).first()
    assert chair is not None and list(escalated_waiting(chair)) == [escalated]

"""Builders for each capability's demo rows (see __init__.py)."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import Permission
from django.utils import timezone

from upstream.community.demo.data import INTERESTS, LANGUAGE_OF, RESOURCES, STORIES, THANKS
from upstream.community.models import (
    Gathering,
    MentoringMeeting,
    MentorMatch,
    MentorProfile,
    PeerRequest,
    PeerSupporter,
    Recognition,
    Resource,
    ResourceUse,
    Signup,
    Story,
)
from upstream.community.services.resources import LINK_OF_USE
from upstream.org.models import LeaderAssignment, Membership, Unit, User


def office_account(now: dt.datetime) -> User | None:
    office = User.objects.filter(username="wellbeing").first()
    if office is not None:
        office.user_permissions.add(Permission.objects.get(codename="wellbeing_office"))
    return office


def members_of(code: str, role: str | None = None) -> list[User]:
    rows = Membership.objects.filter(unit__code=code).select_related("user").order_by("user__username")
    if role:
        rows = rows.filter(role_group=role)
    return [m.user for m in rows]


def add_resources(rng: random.Random, now: dt.datetime) -> int:
    made = [
        Resource.objects.create(
            name=name,
            category=category,
            country=country,
            phone=phone,
            sms_number=sms,
            sms_body=word,
            url=url,
            hours=hours,
            show_in_distress=distress,
            order=order,
            description=description,
            language=LANGUAGE_OF.get(name, ""),
        )
        for name, category, country, phone, sms, word, url, hours, distress, order, description in RESOURCES
    ]
    today = timezone.localdate(now)
    uses = []
    for resource in made:
        # Only the links its page shows can be tapped (services.resources.count_use refuses the rest).
        kinds = [kind for kind, field in LINK_OF_USE.items() if getattr(resource, field)]
        for back in range(28):
            for kind in kinds:
                count = rng.randint(0, 4 if resource.show_in_distress else 2)
                if count:
                    uses.append(
                        ResourceUse(
                            resource=resource, day=today - dt.timedelta(days=back), kind=kind, count=count
                        )
                    )
    ResourceUse.objects.bulk_create(uses)
    return len(made)


def add_thanks(rng: random.Random, now: dt.datetime) -> int:
    rows = []
    for code in ("rg-4w", "rg-5e", "rg-micu", "rg-ed-adult", "rg-6n"):
        people = members_of(code)
        if len(people) < 3:
            continue
        unit = Unit.objects.get(code=code)
        for index in range(8 if code != "rg-4w" else 4):  # 4 West thanks less: the strain shows
            author, recipient = rng.sample(people, 2)
            rows.append(
                Recognition(
                    author=author,
                    to_person=recipient if index % 4 else None,
                    to_team=None if index % 4 else unit,
                    unit=unit,
                    text=rng.choice(THANKS),
                    created_at=now - dt.timedelta(days=rng.randint(0, 40), hours=index),
                )
            )
    staff = User.objects.filter(username="staff").first()
    if staff is not None:
        colleague = next(u for u in members_of("rg-4w", "nurse") if u.pk != staff.pk)
        rows.append(
            Recognition(
                author=colleague,
                to_person=staff,
                unit=Unit.objects.get(code="rg-4w"),
                text="Jess, you made my first week on 4 West bearable. Thank you.",
                created_at=now - dt.timedelta(days=2),
            )
        )
    Recognition.objects.bulk_create(rows)
    return len(rows)


def add_gatherings(rng: random.Random, now: dt.datetime, office: User) -> int:
    # Local times that fit what each one says (lunch at noon, a breakfast as nights end): a start set
    # at 12:00 UTC showed every gathering at 07:00 in New York, "Lunch provided" included.
    first_day = timezone.localtime(now).date() + dt.timedelta(days=6)
    chair = User.objects.filter(username="chair").first() or office
    plans = [
        (
            Gathering.Kind.SCHWARTZ,
            "Schwartz Round: the patient I still think about",
            "rg",
            "Auditorium B",
            40,
            31,
            0,
            "Three colleagues (a nurse, a resident and a chaplain) tell a story for ten minutes "
            "each; then the room "
            "talks. No problem-solving, no slides. Lunch provided.",
            office,
            dt.time(12, 0),
        ),
        (
            Gathering.Kind.STORY,
            "Story session: the shift that changed me",
            "rg-med",
            "6 North family room",
            12,
            12,
            3,
            "A narrative-medicine workshop: read a short piece together, write for ten minutes, share if you "
            "want to.",
            chair,
            dt.time(15, 0),
        ),
        (
            Gathering.Kind.COMMUNITY,
            "Riverbend night-shift breakfast",
            "rg",
            "Cafeteria",
            80,
            18,
            0,
            "Pancakes at 7:30 for everyone coming off nights, with the CNO serving.",
            office,
            dt.time(7, 30),
        ),
    ]
    made = 0
    for index, (kind, title, code, place, capacity, signed, waiting, text, organiser, at) in enumerate(plans):
        start = timezone.make_aware(dt.datetime.combine(first_day + dt.timedelta(days=index * 3), at))
        gathering = Gathering.objects.create(
            kind=kind,
            title=title,
            description=text,
            scope=Unit.objects.get(code=code),
            location=place,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            capacity=capacity,
            organiser=organiser,
            created_at=now - dt.timedelta(days=10),
        )
        pool = [
            u
            for u in members_of("rg-4w") + members_of("rg-5e") + members_of("rg-6n")
            if u.username != "staff"
        ]
        people = list(dict.fromkeys(rng.sample(pool, min(len(pool), signed + waiting))))
        rows = [
            Signup(
                gathering=gathering,
                user=u,
                queued_at=now - dt.timedelta(hours=i + 1),
                status=Signup.Status.CONFIRMED if i < signed else Signup.Status.WAITING,
            )
            for i, u in enumerate(people)
        ]
        Signup.objects.bulk_create(rows)
        made += 1
    return made


def add_peer_support(rng: random.Random, now: dt.datetime) -> int:
    picks = [
        ("rg-5e", "nurse"),
        ("rg-micu", "attending"),
        ("ns-2s", "nurse"),
        ("ns-icu", "resident"),
        ("sac-picu", "nurse"),
        ("rg-rehab-inpt", "allied_health"),
        ("sac-peds-med", "attending"),
        ("rg-or", "nurse"),
    ]
    supporters = []
    for code, role in picks:
        people = [u for u in members_of(code, role) if not LeaderAssignment.objects.filter(user=u).exists()]
        if people:
            supporters.append(
                PeerSupporter.objects.create(
                    user=people[0],
                    trained_on=timezone.localdate(now - dt.timedelta(days=rng.randint(60, 400))),
                    about="Trained in peer support after adverse events (RISE model).",
                )
            )
    rows = []
    for index in range(26):
        created = now - dt.timedelta(days=rng.randint(1, 80), hours=rng.randint(0, 23))
        supporter = rng.choice(supporters) if supporters else None
        hours = rng.choice([2, 3, 5, 8, 11, 16, 20, 30])
        rerouted = hours > 24
        closed = index % 3 != 0
        rows.append(
            PeerRequest(
                contact="" if closed else f"412-555-01{index:02d}",
                status="closed" if closed else "contacted",
                supporter=supporter,
                candidates=[s.pk for s in supporters],
                tried=2 if rerouted else 1,
                offered=[supporter.pk] if supporter and not closed else [],
                created_at=created,
                routed_at=created + dt.timedelta(hours=24 if rerouted else 0),
                first_contact_at=created + dt.timedelta(hours=hours),
                closed_at=created + dt.timedelta(days=3) if closed else None,
            )
        )
    if supporters:
        rows.append(
            PeerRequest(
                contact="pager 4471, after 6pm",
                note="Rough week after a code on my unit.",
                supporter=supporters[0],
                candidates=[s.pk for s in supporters],
                tried=1,
                offered=[supporters[0].pk],
                created_at=now - dt.timedelta(hours=5),
                routed_at=now - dt.timedelta(hours=5),
            )
        )
    PeerRequest.objects.bulk_create(rows)
    return len(supporters)


def add_mentoring(rng: random.Random, now: dt.datetime) -> int:
    mentors = (
        members_of("rg-micu", "attending")
        + members_of("ns-2s", "nurse")[:4]
        + members_of("sac-picu", "nurse")[:3]
    )
    mentees = members_of("rg-4w", "resident") + members_of("rg-5e", "nurse")[:4]
    resident = User.objects.filter(username="resident").first()
    if resident is not None and resident not in mentees:
        mentees.append(resident)
    profiles = []
    for index, user in enumerate(mentors):
        profiles.append(
            MentorProfile(
                user=user,
                wants="mentor" if index % 3 else "both",
                career_stage="senior" if index % 2 else "mid",
                interests=rng.sample(INTERESTS, 3),
                availability="Tuesday lunch, or by phone",
            )
        )
    for user in mentees:
        profiles.append(
            MentorProfile(
                user=user,
                wants="mentee",
                career_stage="trainee"
                if user in members_of("rg-4w", "resident") or user == resident
                else "early",
                interests=rng.sample(INTERESTS, 3),
            )
        )
    MentorProfile.objects.bulk_create(profiles, ignore_conflicts=True)
    stages = dict(MentorProfile.objects.values_list("user_id", "career_stage"))
    pairs = 0
    for mentee in mentees[:3]:
        mentor = mentors[pairs % len(mentors)]
        match = MentorMatch.objects.create(
            mentor=mentor,
            mentee=mentee,
            score=3.5 - pairs * 0.4,
            mentor_accepted=True,
            mentee_accepted=True,
            status=MentorMatch.Status.ACTIVE,
            created_at=now - dt.timedelta(days=60 - pairs * 10),
            # Codes, worded when read, for each side in its language (services.mentoring_reasons).
            reasons=[
                {"code": "shared_interests", "interests": ["night shifts", "teaching"]},
                {"code": "career_gap", "mentor_stage": stages[mentor.pk], "mentee_stage": stages[mentee.pk]},
                {"code": "outside_unit"},
            ],
        )
        for month in range(2):
            MentoringMeeting.objects.create(
                match=match,
                on=timezone.localdate(now - dt.timedelta(days=40 - month * 21)),
                note="Coffee and a long talk about nights.",
                recorded_by=mentee,
            )
        pairs += 1
    return len(profiles)


def add_stories(now: dt.datetime, office: User | None) -> int:
    unit = Unit.objects.get(code="rg-4w")
    session = Gathering.objects.filter(kind=Gathering.Kind.STORY).first()
    authors = [
        User.objects.filter(username="staff").first(),
        next(iter(members_of("rg-5e", "nurse")), None),
        None,
    ]
    rows = []
    for index, ((title, named, text), author) in enumerate(zip(STORIES, authors, strict=True)):
        rows.append(
            Story(
                title=title,
                text=text,
                author=author if named else None,
                unit=unit if index < 2 else Unit.objects.get(code="rg"),
                gathering=session if index == 0 else None,
                status=Story.Status.APPROVED,
                submitted_on=timezone.localdate(now - dt.timedelta(days=9 - index)),
                moderated_by=office,
                moderated_at=now - dt.timedelta(days=8 - index),
            )
        )
    waiting = (
        "Last winter I wrote my resignation letter twice. What kept me was one colleague who noticed and sat "
        "with me on the stairwell."
    )
    today = timezone.localdate(now)
    rows.append(Story(title="Why I almost left", text=waiting, unit=unit, submitted_on=today))
    Story.objects.bulk_create(rows)
    return len(rows)

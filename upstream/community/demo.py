"""Community demo for Riverbend Health: resources, thanks, gatherings, shared concerns with
co-signs, peer support, campaigns (and mentoring and stories). Called by `upstream load-demo`
after the core demo; idempotent (nothing is added twice).

Co-signs and anonymous stories are written directly here, as a release would write them: demo
rows are not real submissions, so they do not go through the anonymous-write pipeline.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import Permission
from django.db import transaction

from upstream.community.models import (
    Campaign,
    CampaignMeeting,
    CampaignMember,
    CampaignUpdate,
    Category,
    Cosign,
    FormalAsk,
    Gathering,
    MentoringMeeting,
    MentorMatch,
    MentorProfile,
    PeerRequest,
    PeerSupporter,
    Recognition,
    Resource,
    ResourceUse,
    SharedConcern,
    Signup,
    Story,
)
from upstream.community.services.cosigns import suggest_redaction
from upstream.concerns.models import Concern
from upstream.concerns.timing import add_business_days
from upstream.org.models import LeaderAssignment, Membership, Unit, User

SEED = 20261201
SYSTEM_CODE = "riverbend"

# (name, category, country, phone, sms number, sms word, url, hours, in distress, order, description)
RESOURCES = [
    (
        "988 Suicide & Crisis Lifeline",
        Category.CRISIS,
        "US",
        "988",
        "988",
        "",
        "https://988lifeline.org",
        "24/7",
        True,
        1,
        "Call or text 988 to reach a trained crisis counselor, free and confidential, "
        "any time of day or night.",
    ),
    (
        "Crisis Text Line",
        Category.CRISIS,
        "US",
        "",
        "741741",
        "HOME",
        "https://www.crisistextline.org",
        "24/7",
        True,
        2,
        "Text HOME to 741741 to reach a volunteer crisis counselor by text message.",
    ),
    (
        "Physician Support Line",
        Category.PEER_SUPPORT,
        "US",
        "1-888-409-0141",
        "",
        "",
        "https://www.physiciansupportline.com",
        "Mon–Fri 8am–1am ET",
        True,
        3,
        "Free, confidential peer support from volunteer psychiatrists, for physicians and medical students. "
        "No appointment needed.",
    ),
    (
        "Riverbend Peer Support (Care for the Caregiver)",
        Category.PEER_SUPPORT,
        "",
        "412-555-0142",
        "",
        "",
        "",
        "A supporter calls back within a day",
        True,
        10,
        "Trained colleagues from outside your unit, for a confidential conversation after a hard shift, an "
        "adverse event or a loss. You can also ask through Upstream: Together > Peer support.",
    ),
    (
        "Riverbend Employee Assistance Program",
        Category.EMPLOYEE_ASSISTANCE,
        "",
        "1-800-555-0134",
        "",
        "",
        "",
        "24/7",
        True,
        11,
        "Up to eight free counselling sessions a year for you and your household, plus legal and "
        "financial consultations. Run by an outside provider: Riverbend never learns who called.",
    ),
    (
        "Clinician Wellness Counselling",
        Category.COUNSELLING,
        "",
        "412-555-0177",
        "",
        "",
        "",
        "Weekdays 7am–7pm, evenings by arrangement",
        False,
        20,
        "Confidential sessions with licensed therapists outside Riverbend's reporting lines. Nothing goes in "
        "your employee or credentialing file, no diagnosis is billed to insurance, and it is not the kind of "
        "treatment licensing applications ask about.",
    ),
    (
        "Backup child and elder care",
        Category.DEPENDENT_CARE,
        "",
        "412-555-0190",
        "",
        "",
        "",
        "Book by 9pm for the next day",
        False,
        30,
        "Up to ten days a year of subsidised backup care for children or older relatives "
        "when your usual care "
        "falls through, including night and weekend shifts.",
    ),
    (
        "Financial counselling and hardship fund",
        Category.FINANCIAL,
        "",
        "412-555-0165",
        "",
        "",
        "",
        "Weekdays",
        False,
        40,
        "Free one-to-one sessions on budgets, debt and student loans (including Public Service Loan "
        "Forgiveness), and grants of up to $1,000 for an emergency.",
    ),
    (
        "Chaplaincy and spiritual care",
        Category.OTHER,
        "",
        "412-555-0111",
        "",
        "",
        "",
        "24/7 on call",
        False,
        50,
        "Chaplains of many faiths and none, for staff as much as patients.",
    ),
]

THANKS = [
    "You stayed an hour past shift so I could get to my son's recital. I owe you.",
    "Thank you for walking me through my first code without making me feel stupid.",
    "The way you talked with Mr. R's family last night was a lesson to all of us.",
    "You noticed I hadn't eaten and brought me soup. Small thing, huge difference.",
    "Thanks for covering my patients while I sat with a family after a death.",
    "Your calm at 3am kept the whole unit steady.",
    "Thank you for teaching me the new pump at 2am without a sigh.",
    "Night crew: you handed over a tidy, safe unit after the worst night of the month. Thank you.",
    "Pharmacy: thank you for catching that dose before it reached the patient.",
    "EVS turned the room around in twenty minutes so our ED patient could come up. Thank you.",
]


def _office(now: dt.datetime) -> User | None:
    office = User.objects.filter(username="wellbeing").first()
    if office is not None:
        office.user_permissions.add(Permission.objects.get(codename="wellbeing_office"))
    return office


def _members(code: str, role: str | None = None) -> list[User]:
    rows = Membership.objects.filter(unit__code=code).select_related("user").order_by("user__username")
    if role:
        rows = rows.filter(role_group=role)
    return [m.user for m in rows]


def _resources(rng: random.Random, now: dt.datetime) -> int:
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
        )
        for name, category, country, phone, sms, word, url, hours, distress, order, description in RESOURCES
    ]
    today = now.date()
    uses = []
    for resource in made:
        for back in range(28):
            for kind in ("call", "text", "open"):
                count = rng.randint(0, 4 if resource.show_in_distress else 2)
                if count:
                    uses.append(
                        ResourceUse(
                            resource=resource, day=today - dt.timedelta(days=back), kind=kind, count=count
                        )
                    )
    ResourceUse.objects.bulk_create(uses)
    return len(made)


def _thanks(rng: random.Random, now: dt.datetime) -> int:
    rows = []
    for code in ("rg-4w", "rg-5e", "rg-micu", "rg-ed-adult", "rg-6n"):
        people = _members(code)
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
        colleague = next(u for u in _members("rg-4w", "nurse") if u.pk != staff.pk)
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


def _gatherings(rng: random.Random, now: dt.datetime, office: User) -> int:
    day = (now + dt.timedelta(days=6)).replace(hour=12, minute=0, second=0, microsecond=0)
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
        ),
    ]
    made = 0
    for index, (kind, title, code, place, capacity, signed, waiting, text, organiser) in enumerate(plans):
        start = day + dt.timedelta(days=index * 3)
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
        pool = [u for u in _members("rg-4w") + _members("rg-5e") + _members("rg-6n") if u.username != "staff"]
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


def _shared(rng: random.Random, now: dt.datetime) -> int:
    unit = Unit.objects.get(code="rg-4w")
    concerns = list(Concern.objects.filter(unit=unit, merged_into=None).order_by("received_on")[:3])
    medicine = Unit.objects.get(code="rg-med")
    manager = User.objects.filter(username="manager").first()
    made = 0
    for index, concern in enumerate(concerns):
        status = SharedConcern.Status.OFFERED if index == 2 else SharedConcern.Status.PUBLISHED
        shared = SharedConcern.objects.create(
            concern=concern,
            scope=unit,
            offered_on=now.date() - dt.timedelta(days=12 - index),
            status=status,
            text="" if status == SharedConcern.Status.OFFERED else suggest_redaction(concern.text),
            decided_by=manager if status == SharedConcern.Status.PUBLISHED else None,
            decided_at=now - dt.timedelta(days=10 - index)
            if status == SharedConcern.Status.PUBLISHED
            else None,
        )
        if status == SharedConcern.Status.PUBLISHED:
            count = 14 if index == 0 else 6
            Cosign.objects.bulk_create(
                Cosign(shared=shared, branch=unit, day=now.date() - dt.timedelta(days=rng.randint(0, 9)))
                for _ in range(count)
            )
            shared.cosigns = count
            if index == 0:  # past the threshold: escalated to Medicine, for everyone to see
                shared.escalation_level, shared.escalated_to = 1, medicine
                shared.escalated_on = now.date() - dt.timedelta(days=3)
            shared.save()
        made += 1
    return made


def _peer(rng: random.Random, now: dt.datetime) -> int:
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
        people = [u for u in _members(code, role) if not LeaderAssignment.objects.filter(user=u).exists()]
        if people:
            supporters.append(
                PeerSupporter.objects.create(
                    user=people[0],
                    trained_on=(now - dt.timedelta(days=rng.randint(60, 400))).date(),
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
                created_at=now - dt.timedelta(hours=5),
                routed_at=now - dt.timedelta(hours=5),
            )
        )
    PeerRequest.objects.bulk_create(rows)
    return len(supporters)


def _campaigns(rng: random.Random, now: dt.datetime) -> int:
    plans = [
        (
            "Give charting time back",
            Campaign.Kind.INSIDE,
            "rg-med",
            23,
            "Nurses and residents in Medicine chart for one to two hours after every shift. "
            "The note templates "
            "take forty clicks, and there is no protected time to do them during the shift.",
            "Thirty minutes of protected charting time on every shift, and a scribe pilot "
            "on 4 West and 5 East.",
            (
                "answered",
                "partly",
                "Protected charting time starts on 5 East in January as a pilot; informatics "
                "will cut the admission "
                "template to one screen. A scribe pilot needs budget: we will bring it to the March board.",
            ),
        ),
        (
            "Food at discharge",
            Campaign.Kind.PATIENTS,
            "rg",
            11,
            "Patients go home from Riverbend General to empty fridges; some are back within "
            "a week. We see it "
            "and cannot do anything about it on our own.",
            "A food-pantry referral and a three-day food box for every patient screened as food-insecure.",
            ("acknowledged", "", ""),
        ),
        (
            "Safe staffing on nights",
            Campaign.Kind.INSIDE,
            "rg-4w",
            9,
            "4 West has run two nurses short on nights most weeks since September. Nobody gets a break.",
            "A float nurse for nights on 4 West until vacancies are filled, and break relief on every shift.",
            ("sent", "", ""),
        ),
    ]
    for index, (title, kind, code, size, statement, ask, (status, decision, answer)) in enumerate(plans):
        scope = Unit.objects.get(code=code)
        pool = [
            u
            for u in _members(code if code != "rg" else "rg-4w") + _members("rg-5e")
            if u.username != "staff"
        ]
        members = list(dict.fromkeys(rng.sample(pool, min(size, len(pool)))))
        campaign = Campaign.objects.create(
            title=title,
            kind=kind,
            statement=statement,
            ask=ask,
            scope=scope,
            started_by=members[0],
            created_at=now - dt.timedelta(days=30 - index * 5),
        )
        CampaignMember.objects.bulk_create(
            CampaignMember(campaign=campaign, user=u, joined_at=campaign.created_at + dt.timedelta(hours=i))
            for i, u in enumerate(members)
        )
        CampaignUpdate.objects.create(
            campaign=campaign,
            author=members[0],
            at=now - dt.timedelta(days=4),
            text="Thank you all. We meet next week to agree the formal ask.",
        )
        CampaignMeeting.objects.create(
            campaign=campaign,
            starts_at=now + dt.timedelta(days=5 + index),
            location="Medicine conference room",
            agenda="Next steps",
            created_by=members[0],
        )
        sent = now - dt.timedelta(days=6 if status == "sent" else 12)
        to_unit = (
            scope if LeaderAssignment.objects.filter(unit=scope).exists() else Unit.objects.get(code="rg")
        )
        leader = User.objects.filter(leader_assignments__unit=to_unit).first()
        FormalAsk.objects.create(
            campaign=campaign,
            text=ask,
            to_unit=to_unit,
            members_at_sending=len(members),
            sent_at=sent,
            ack_due_on=add_business_days(sent.date(), 3),
            status=status,
            acknowledged_at=None if status == "sent" else sent + dt.timedelta(days=1),
            answer=answer,
            decision=decision,
            answered_at=now - dt.timedelta(days=2) if answer else None,
            answered_by=leader if answer else None,
        )
    return len(plans)


INTERESTS = [
    "night shifts",
    "research",
    "parenting",
    "teaching",
    "quality improvement",
    "leadership",
    "palliative care",
    "career change",
    "writing",
    "wellbeing",
    "global health",
    "informatics",
]
STORIES = [
    (
        "Holding the door",
        True,
        "The night Mrs. K's daughter flew in from Denver, the whole unit held the door for her. "
        "Housekeeping found a recliner, the resident paused the labs, and we turned the lights down. She "
        "made it with twenty minutes to spare. I think about that night whenever the staffing sheet looks"
        " impossible.",
    ),
    (
        "What the tea trolley taught me",
        True,
        "Our unit clerk started bringing a tea trolley round at 3am. Nobody asked her to. It is the only "
        "time in a night shift that we all stop together, and it is when the new grads ask the questions "
        "they are scared to.",
    ),
    (
        "The patient who thanked the cleaner",
        False,
        "He was dying and lucid and he asked to thank the man who cleaned his room every morning by name."
        " I had never learned that name. I have learned everyone's since.",
    ),
]


def _mentoring(rng: random.Random, now: dt.datetime) -> int:
    mentors = (
        _members("rg-micu", "attending") + _members("ns-2s", "nurse")[:4] + _members("sac-picu", "nurse")[:3]
    )
    mentees = _members("rg-4w", "resident") + _members("rg-5e", "nurse")[:4]
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
                if user in _members("rg-4w", "resident") or user == resident
                else "early",
                interests=rng.sample(INTERESTS, 3),
            )
        )
    MentorProfile.objects.bulk_create(profiles, ignore_conflicts=True)
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
            reasons=[
                "You share: teaching, night shifts.",
                "Works outside your unit, so you can speak freely.",
            ],
        )
        for month in range(2):
            MentoringMeeting.objects.create(
                match=match,
                on=(now - dt.timedelta(days=40 - month * 21)).date(),
                note="Coffee and a long talk about nights.",
                recorded_by=mentee,
            )
        pairs += 1
    return len(profiles)


def _stories(now: dt.datetime, office: User | None) -> int:
    unit = Unit.objects.get(code="rg-4w")
    session = Gathering.objects.filter(kind=Gathering.Kind.STORY).first()
    authors = [
        User.objects.filter(username="staff").first(),
        next(iter(_members("rg-5e", "nurse")), None),
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
                submitted_on=(now - dt.timedelta(days=9 - index)).date(),
                moderated_by=office,
                moderated_at=now - dt.timedelta(days=8 - index),
            )
        )
    waiting = (
        "Last winter I wrote my resignation letter twice. What kept me was one colleague who noticed and sat "
        "with me on the stairwell."
    )
    rows.append(Story(title="Why I almost left", text=waiting, unit=unit, submitted_on=now.date()))
    Story.objects.bulk_create(rows)
    return len(rows)


def load(now: dt.datetime) -> dict[str, int]:
    """Build the community demo once (idempotent: nothing is added if its resources exist)."""
    if (
        Unit.objects.filter(code=SYSTEM_CODE).first() is None
        or Resource.objects.filter(name=RESOURCES[0][0]).exists()
    ):
        return {"resources": 0}
    rng = random.Random(SEED)  # noqa: S311 - demo data, never a secret
    with transaction.atomic():
        office = _office(now)
        counts = {"resources": _resources(rng, now), "thanks": _thanks(rng, now)}
        counts["gatherings"] = _gatherings(rng, now, office) if office else 0
        counts["shared_concerns"] = _shared(rng, now)
        counts["peer_supporters"] = _peer(rng, now)
        counts["campaigns"] = _campaigns(rng, now)
        counts["mentoring_profiles"] = _mentoring(rng, now)
        counts["stories"] = _stories(now, office)
    return counts

"""Collective voice in the demo: shared concerns with co-signs (one escalated) and campaigns."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from upstream.actions.models import Action
from upstream.community.demo.parts import members_of
from upstream.community.models import (
    Campaign,
    CampaignMeeting,
    CampaignMember,
    CampaignUpdate,
    Cosign,
    FormalAsk,
    SharedConcern,
)
from upstream.community.services.cosigns import suggest_redaction
from upstream.concerns.models import Concern, Status
from upstream.concerns.timing import add_business_days
from upstream.org.models import LeaderAssignment, Unit, User


def _holders_for(shared: SharedConcern, how_many: int, today: dt.date) -> None:
    """Colleagues who took their co-sign token, as "Get my co-signs" records them: every co-sign
    counted needed one, and co-signing opens only once enough people hold the concern's token. The
    named demo logins take their own, so a tester's first co-sign is counted (it was refused: too
    few held a token for a concern showing 14 co-signs)."""
    from upstream.org.demo.logins import NAMED
    from upstream.speakup.models import Allowance
    from upstream.speakup.purposes import rule_for

    period, _ends = rule_for(shared.purpose).period(today)
    colleagues = (
        User.objects.filter(memberships__unit=shared.scope).exclude(username__in=NAMED).order_by("pk")
    )
    Allowance.objects.bulk_create(
        Allowance(user=user, purpose=shared.purpose, period=period, issued=1)
        for user in colleagues[:how_many]
    )


def add_shared_concerns(rng: random.Random, now: dt.datetime) -> int:
    unit = Unit.objects.get(code="rg-4w")
    # The staffing story the core demo tells on 4 West first, so the shared concerns fit it.
    pool = list(Concern.objects.filter(unit=unit, merged_into=None).order_by("received_on"))
    words = ("short", "staff", "break", "nights", "float")
    answered = set(
        Concern.objects.filter(unit=unit, actions__state=Action.State.PUBLISHED).values_list("pk", flat=True)
    )

    def order(concern: Concern) -> tuple[bool, bool]:
        # Staffing first; the first (escalated to Medicine) still waiting for an answer, so a
        # tester signed in as the chair finds it in the inbox with something to do about it.
        staffing = any(w in concern.text.lower() for w in words)
        return not staffing, concern.status == Status.CLOSED or concern.pk in answered

    concerns = sorted(pool, key=order)[:3]
    medicine = Unit.objects.get(code="rg-med")
    manager = User.objects.filter(username="manager").first()
    made = 0
    today = timezone.localdate(now)
    for index, concern in enumerate(concerns):
        status = SharedConcern.Status.OFFERED if index == 2 else SharedConcern.Status.PUBLISHED
        shared = SharedConcern.objects.create(
            concern=concern,
            scope=unit,
            offered_on=today - dt.timedelta(days=12 - index),
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
                Cosign(shared=shared, branch=unit, day=today - dt.timedelta(days=rng.randint(0, 9)))
                for _ in range(count)
            )
            shared.cosigns = count
            _holders_for(shared, count + 2, today)
            if index == 0:  # past the threshold: escalated to Medicine, for everyone to see
                shared.escalation_level, shared.escalated_to = 1, medicine
                shared.escalated_on = today - dt.timedelta(days=3)
            shared.save()
        made += 1
    return made


def add_campaigns(rng: random.Random, now: dt.datetime) -> int:
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
            for u in members_of(code if code != "rg" else "rg-4w") + members_of("rg-5e")
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
            # At lunchtime, not at whatever minute the demo was loaded ("Saturday 12 December, 03:01").
            starts_at=_at_lunch(now + dt.timedelta(days=5 + index)),
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
            ack_due_on=add_business_days(timezone.localdate(sent), 3),
            status=status,
            acknowledged_at=None if status == "sent" else sent + dt.timedelta(days=1),
            answer=answer,
            decision=decision,
            answered_at=now - dt.timedelta(days=2) if answer else None,
            answered_by=leader if answer else None,
        )
    return len(plans)


def _at_lunch(moment: dt.datetime) -> dt.datetime:
    """12:30 on a weekday, local time, on or after `moment`'s day."""
    day = timezone.localtime(moment).date()
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 30)))

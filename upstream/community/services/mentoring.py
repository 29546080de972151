"""Mentoring: profiles, proposed matches with reasons, acceptance by both, and the pair's meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from upstream.community.access import NotFound
from upstream.community.models import CareerStage, MentoringMeeting, MentorMatch, MentorProfile
from upstream.community.models.mentoring import STAGE_ORDER
from upstream.community.services import mentoring_reasons as reasons
from upstream.community.services.common import CommunityError, Conflict, Missing, clean_text
from upstream.concerns.services import spend_form_key
from upstream.org.access import leads_unit, member_units, role_groups_of
from upstream.org.models import User

MAX_INTERESTS = 12


def save_profile(
    user: User, *, wants: str, career_stage: str, interests: list[str], availability: str = ""
) -> MentorProfile:
    if wants not in MentorProfile.Wants.values:
        raise CommunityError(_("Choose to mentor, to be mentored, or both."))
    if career_stage not in CareerStage.values:
        raise CommunityError(_("Choose a career stage."))
    cleaned = []
    for interest in interests[:MAX_INTERESTS]:
        word = clean_text(interest, field=_("Interest"), minimum=0, maximum=60).lower()
        if word and word not in cleaned:
            cleaned.append(word)
    if not cleaned:
        raise CommunityError(_("Name at least one interest, so matches have something to go on."))
    availability = clean_text(availability, field=_("Availability"), minimum=0, maximum=200)
    with transaction.atomic():
        profile, _created = MentorProfile.objects.update_or_create(
            user=user,
            defaults={
                "wants": wants,
                "career_stage": career_stage,
                "interests": cleaned,
                "availability": availability,
                "active": True,
            },
        )
    return profile


def profile_of(user: User) -> MentorProfile:
    profile = MentorProfile.objects.filter(user=user).first()
    if profile is None:
        raise Missing(_("You have not saved a mentoring profile yet."))
    return profile


def _reasons(mentee: MentorProfile, mentor: MentorProfile) -> tuple[float, list[dict[str, Any]]]:
    """A score and the reasons as codes (worded when read, see mentoring_reasons), or (0, []) when
    the pair should not be proposed."""
    gap = STAGE_ORDER[mentor.career_stage] - STAGE_ORDER[mentee.career_stage]
    if gap < 1:
        return 0.0, []
    if any(leads_unit(mentor.user, unit) for unit in member_units(mentee.user)):
        return 0.0, []  # their own leader: a mentor should be outside the reporting line
    shared = sorted(set(mentee.interests) & set(mentor.interests))
    score = 0.0
    if shared:
        score += 3.0 * len(shared) / len(set(mentee.interests) | set(mentor.interests)) + len(shared)
    score += 1.0 if gap <= 2 else 0.5
    same_role = role_groups_of(mentor.user) & role_groups_of(mentee.user)
    if same_role:
        score += 1.0
    outside = not set(member_units(mentor.user)) & set(member_units(mentee.user))
    if outside:
        score += 0.5
    found = reasons.codes(mentee, mentor, shared=shared, roles=set(same_role), outside=outside)
    return (score if shared else score / 2), found


def propose_matches(
    mentee_user: User, *, limit: int = 3, now: dt.datetime | None = None
) -> list[MentorMatch]:
    """The best mentors for someone who wants mentoring, saved as proposals with their reasons."""
    mentee = MentorProfile.objects.filter(user=mentee_user, active=True).exclude(wants="mentor").first()
    if mentee is None:
        raise Conflict(_("Fill in your profile as someone who would like a mentor first."))
    taken = set(MentorMatch.objects.filter(mentee=mentee_user).values_list("mentor_id", flat=True))
    scored = []
    for mentor in MentorProfile.objects.filter(active=True).exclude(wants="mentee").exclude(user=mentee_user):
        if mentor.user_id in taken:
            continue
        score, why = _reasons(mentee, mentor)
        if score > 0:
            scored.append((score, mentor, why))
    scored.sort(key=lambda item: (-item[0], item[1].user_id))
    with transaction.atomic():
        return [
            MentorMatch.objects.create(
                mentor=mentor.user,
                mentee=mentee_user,
                score=round(score, 2),
                reasons=why,
                mentee_accepted=True,
                created_at=now or timezone.now(),
            )
            for score, mentor, why in scored[:limit]
        ]


def matches_for(user: User) -> QuerySet[MentorMatch]:
    return (
        MentorMatch.objects.filter(Q(mentor=user) | Q(mentee=user))
        .exclude(status=MentorMatch.Status.DECLINED)
        # The profiles too: each side reads the other's availability among the reasons.
        .select_related("mentor__mentor_profile", "mentee__mentor_profile")
    )


def match_for(user: User, match_id: int) -> MentorMatch:
    match = matches_for(user).filter(pk=match_id).first()
    if match is None:
        raise NotFound()
    return match


def respond(user: User, match: MentorMatch, *, accept: bool) -> MentorMatch:
    """Either side accepts or declines; a match is active once both have accepted. Declining a
    proposal (or withdrawing one's own) closes it unlisted; declining an active match ends it, and
    it stays listed as ended with its meetings, for both."""
    with transaction.atomic():
        locked = MentorMatch.objects.select_for_update().get(pk=match.pk)
        if locked.status not in (MentorMatch.Status.PROPOSED, MentorMatch.Status.ACTIVE):
            raise Conflict(_("This match is closed."))
        if not accept:
            active = locked.status == MentorMatch.Status.ACTIVE
            locked.status = MentorMatch.Status.ENDED if active else MentorMatch.Status.DECLINED
        elif user.pk == locked.mentor_id:
            locked.mentor_accepted = True
        else:
            locked.mentee_accepted = True
        if locked.status == MentorMatch.Status.PROPOSED and locked.mentor_accepted and locked.mentee_accepted:
            locked.status = MentorMatch.Status.ACTIVE
        locked.save(update_fields=["status", "mentor_accepted", "mentee_accepted"])
    return locked


def record_meeting(
    user: User, match: MentorMatch, *, on: dt.date, note: str = "", form_key: str | None = None
) -> MentoringMeeting:
    """`form_key`: the API's keyed Idempotency-Key; sent again, AlreadySent and nothing recorded twice."""
    if match.status != MentorMatch.Status.ACTIVE:
        raise Conflict(_("Both of you must accept the match first."))
    if on > timezone.localdate():
        raise CommunityError(_("Record meetings that happened."), field="on")
    proposed_on = timezone.localdate(match.created_at)
    if on < proposed_on:
        # A meeting in year 1 or before the two were matched was stored and listed (the API fuzz).
        message = _("Record meetings since %(day)s, when you were matched.")
        raise CommunityError(message % {"day": date_format(proposed_on, _("j M Y"))}, field="on")
    with transaction.atomic():
        spend_form_key(form_key)
        return MentoringMeeting.objects.create(
            match=match,
            on=on,
            note=clean_text(note, field=_("Note"), minimum=0, maximum=500, name="note"),
            recorded_by=user,
        )

"""Why a pair was proposed: stored as codes with their values, worded when read.

Sentences stored at proposal time stayed in the proposer's language, and said "a step or two ahead of
you" and the mentor's own availability to the mentor too. A reason is now a dict such as
{"code": "career_gap", "mentor_stage": "mid", "mentee_stage": "early"}, and `worded` turns it into a
sentence in the active language, for the side that reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from upstream.community.models import CareerStage, MentorMatch, MentorProfile
from upstream.community.models.mentoring import STAGE_ORDER
from upstream.org.models import RoleGroup, User

SHARED = "shared_interests"
GAP = "career_gap"
PROFESSION = "same_profession"
OUTSIDE = "outside_unit"
# Not stored: the other person's availability as their profile says it now.
AVAILABILITY = "availability"


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


def codes(
    mentee: MentorProfile, mentor: MentorProfile, *, shared: list[str], roles: set[str], outside: bool
) -> list[dict[str, Any]]:
    """What `worded` needs, and nothing in any language."""
    found: list[dict[str, Any]] = []
    if shared:
        found.append({"code": SHARED, "interests": shared})
    found.append({"code": GAP, "mentor_stage": mentor.career_stage, "mentee_stage": mentee.career_stage})
    if roles:
        found.append({"code": PROFESSION, "role_groups": sorted(roles)})
    if outside:
        found.append({"code": OUTSIDE})
    return found


def _stage(value: str) -> str:
    return str(CareerStage(value).label) if value in CareerStage.values else value


def _gap(reason: dict[str, Any], as_mentor: bool) -> str:
    mentor, mentee = reason.get("mentor_stage", ""), reason.get("mentee_stage", "")
    close = STAGE_ORDER.get(mentor, 0) - STAGE_ORDER.get(mentee, 0) <= 2
    if as_mentor:  # the mentor reads about the mentee
        if close:
            return _("%(stage)s: a step or two behind you, earlier in their career.") % {
                "stage": _stage(mentee)
            }
        return _("%(stage)s: much earlier in their career than you.") % {"stage": _stage(mentee)}
    if close:
        return _("%(stage)s: a step or two ahead of you.") % {"stage": _stage(mentor)}
    return _("%(stage)s: long experience.") % {"stage": _stage(mentor)}


def _sentence(reason: dict[str, Any], as_mentor: bool) -> str | None:
    code = reason.get("code")
    if code == SHARED:
        return _("You share: %(list)s.") % {"list": ", ".join(reason.get("interests", []))}
    if code == GAP:
        return _gap(reason, as_mentor)
    if code == PROFESSION:
        groups = [g for g in reason.get("role_groups", []) if g in RoleGroup.values]
        roles = ", ".join(sorted(str(RoleGroup(g).label).lower() for g in groups))
        return _("Same profession (%(roles)s).") % {"roles": roles} if roles else None
    if code == OUTSIDE:
        if as_mentor:
            return _("Works outside your unit, so they can speak freely with you.")
        return _("Works outside your unit, so you can speak freely.")
    return None  # a code this version does not know says nothing rather than something wrong


def worded(match: MentorMatch, reader: User) -> list[Reason]:
    """The reasons as `reader` (the mentor or the mentee) should read them, in the active language;
    ends with the other person's availability, read from their profile now."""
    as_mentor = reader.pk == match.mentor_id
    found = []
    for reason in match.reasons:
        text = _sentence(reason, as_mentor) if isinstance(reason, dict) else None
        if text:
            found.append(Reason(code=reason["code"], text=text))
    other = match.mentee if as_mentor else match.mentor
    try:
        profile = other.mentor_profile  # joined by services.mentoring.matches_for
    except MentorProfile.DoesNotExist:
        profile = None
    if profile is not None and profile.availability:
        text = _("Their availability: %(when)s.") % {"when": profile.availability}
        found.append(Reason(code=AVAILABILITY, text=text))
    return found

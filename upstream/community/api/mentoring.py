# No `from __future__ import annotations`: ninja reads the hints through the @rules wrapper.
import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from upstream.api.auth import signed_in
from upstream.api.schemas import fixed, idempotency_key
from upstream.community.api.common import Day, Error, RowId, Strict, rules
from upstream.community.models import CareerStage, MentorMatch, MentorProfile
from upstream.community.services import mentoring
from upstream.community.services.mentoring_reasons import worded
from upstream.intake import formkeys
from upstream.org.models import User

mentoring_router = Router(auth=signed_in)

# Literals, so the validator refuses another value at its field (400 with `errors`) as the schema
# lists them; built from the models' choices, so the two cannot drift apart.
Wants = Literal[tuple(MentorProfile.Wants.values)]  # type: ignore[valid-type]
Stage = Literal[tuple(CareerStage.values)]  # type: ignore[valid-type]
MatchStatus = fixed(MentorMatch.Status.values)


# One interest: a word or a few, as the profile page takes them (each trimmed, then lower-cased).
Interest = Annotated[str, Field(min_length=1, max_length=60)]


class ProfileIn(Strict):
    wants: Wants = Field(description="mentor, mentee or both")
    career_stage: Stage = Field(description="trainee, early, mid or senior")
    interests: list[Interest] = Field(
        min_length=1, max_length=12, description="1 to 12 interests, 1 to 60 characters each."
    )
    availability: str = Field("", max_length=200)


class ProfileOut(Strict):
    wants: Wants
    career_stage: Stage
    interests: list[str]
    availability: str


class ReasonOut(Strict):
    code: str = Field(
        description="shared_interests, career_gap, same_profession, outside_unit or availability (the "
        "other person's, from their profile now); a client may meet codes added later."
    )
    text: str = Field(description="The reason worded for you (mentor or mentee), in the request's language.")


class MatchOut(Strict):
    id: int
    mentor: str
    mentee: str
    score: float
    reasons: list[ReasonOut]
    status: MatchStatus
    mentor_accepted: bool
    mentee_accepted: bool
    meetings: list[dt.date]


class MentorMeetingIn(Strict):
    on: Day = Field(description="The day you met, as year-month-day.")
    note: str = Field("", max_length=500)


def match_out(match: MentorMatch, reader: User) -> MatchOut:
    """`reader`: the mentor or the mentee, for whom the reasons are worded (as on the page)."""
    return MatchOut(
        id=match.pk,
        mentor=str(match.mentor),
        mentee=str(match.mentee),
        score=match.score,
        reasons=[ReasonOut(code=r.code, text=r.text) for r in worded(match, reader)],
        status=match.status,
        mentor_accepted=match.mentor_accepted,
        mentee_accepted=match.mentee_accepted,
        meetings=[m.on for m in match.meetings.all()],
    )


def profile_out(saved: MentorProfile) -> ProfileOut:
    return ProfileOut(
        wants=saved.wants,
        career_stage=saved.career_stage,
        interests=saved.interests,
        availability=saved.availability,
    )


# The page shows the saved profile; the API only took PUT (a GET was 405).
@mentoring_router.get(
    "/profile",
    response={200: ProfileOut, 404: Error},
    summary="Your mentoring profile, as saved",
    description="Any signed-in account, scope read. 404: you have not saved a profile yet.",
)
@rules
def my_profile(request: HttpRequest):
    return profile_out(mentoring.profile_of(request.user))


@mentoring_router.put("/profile", response={200: ProfileOut, 400: Error}, summary="Your mentoring profile")
@rules
def profile(request: HttpRequest, payload: ProfileIn):
    """Any signed-in account, scope write: creates your profile or replaces it whole, and answers it as
    saved. Interests are trimmed and lower-cased, repeats dropped; saving makes the profile count for
    new matches again. 400: no interest left once trimmed, or a text with a character that cannot be
    stored."""
    return profile_out(mentoring.save_profile(request.user, **payload.dict()))


@mentoring_router.post(
    "/proposals",
    response={201: list[MatchOut], 409: Error},
    summary="Propose mentors for you, with the reasons for each",
    description="409: fill in your profile as someone who would like a mentor first.",
)
@rules
def propose(request: HttpRequest):
    return 201, [match_out(m, request.user) for m in mentoring.propose_matches(request.user)]


@mentoring_router.get("/matches", response=list[MatchOut], summary="Your matches")
def matches(request: HttpRequest):
    """Any signed-in account, scope read: the matches in which you are the mentor or the mentee, proposed,
    active or ended (declined ones are left out), the best `score` first; not paged. Each gives why it
    was proposed (`reasons`: a `code` and its `text` worded for you, in the request's language), who
    has accepted, and the days of its meetings, newest first."""
    rows = mentoring.matches_for(request.user).prefetch_related("meetings")
    return [match_out(m, request.user) for m in rows]


RETRY_HELP = (
    "Optional. A value you choose per meeting (e.g. a UUID): a repeat with the same key, after a "
    "timeout or retry, is refused with 409 and never records it twice. Kept only as a keyed hash, for "
    "a few days."
)


# Before /matches/{match_id}/{answer}: Django tries the patterns in order, and {answer} would take
# 'meetings' too (recording a meeting was answered 'Answer accept or decline.').
@mentoring_router.post(
    "/matches/{match_id}/meetings",
    response={201: MatchOut, 400: Error, 404: Error, 409: Error},
    description="400: a meeting that has not happened yet, or one before the day you were matched. "
    "409: both of you must accept the match first, or the `Idempotency-Key` was already used for this "
    "match (nothing is recorded twice).",
)
@rules
def meeting(
    request: HttpRequest,
    match_id: RowId,
    payload: MentorMeetingIn,
    idempotency_key: str | None = idempotency_key(RETRY_HELP),
):
    match = mentoring.match_for(request.user, match_id)
    form_key = formkeys.for_account(request.user.pk, "mentor-meeting", idempotency_key, within=match.pk)
    mentoring.record_meeting(request.user, match, **payload.dict(), form_key=form_key)
    return 201, match_out(match, request.user)


@mentoring_router.post(
    "/matches/{match_id}/{answer}",
    response={200: MatchOut, 404: Error, 409: Error},
    summary="accept or decline",
    description="The mentor or the mentee of the match, scope write. `accept`: the match becomes "
    "active once both of you have accepted (accepting again changes nothing). `decline`: a proposal "
    "(one you were offered, or your own you withdraw) closes and is no longer listed; an active match "
    "ends (`status` ended) and stays listed with its meetings. 404: no such match, or not yours. "
    "409: the match is declined or ended already.",
)
@rules
def respond(request: HttpRequest, match_id: RowId, answer: Literal["accept", "decline"]):
    match = mentoring.match_for(request.user, match_id)
    return match_out(mentoring.respond(request.user, match, accept=answer == "accept"), request.user)

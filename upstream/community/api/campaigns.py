# No `from __future__ import annotations`: ninja reads the hints through the @rules wrapper.
import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from pydantic import Field

from upstream.api.auth import signed_in
from upstream.api.schemas import AlreadySentOut, fixed, idempotency_key
from upstream.community.access import sees_scope
from upstream.community.api.common import Error, Moment, RowId, Strict, rules
from upstream.community.models import Campaign, FormalAsk
from upstream.community.services import campaigns as service
from upstream.community.services.common import Missing
from upstream.intake import formkeys
from upstream.org.models import Unit

router = Router(auth=signed_in)

# Literals, so the validator refuses another value at its field (400 with `errors`) as the schema
# lists them; built from the models' choices, so the two cannot drift apart.
CampaignKind = Literal[tuple(Campaign.Kind.values)]  # type: ignore[valid-type]
AskDecision = Literal[tuple(FormalAsk.Decision.values)]  # type: ignore[valid-type]
# Answers' fields as enums of the values sent (api.schemas.fixed): a decision is empty until answered.
CampaignStatus = fixed(Campaign.Status.values)
AskStatus = fixed(FormalAsk.Status.values)
AskDecisionSent = fixed(["", *FormalAsk.Decision.values])


class CampaignIn(Strict):
    title: str = Field(min_length=3, max_length=200)
    kind: CampaignKind = Field(description="inside or patients")
    statement: str = Field(min_length=10, max_length=4000)
    ask: str = Field(min_length=10, max_length=4000)
    scope_unit_id: RowId = Field(description="One of your units or a level above it.")


class AskOut(Strict):
    id: int
    campaign_id: int = Field(description="The campaign that sent it (a leader's list of asks named none).")
    campaign_title: str
    text: str
    to_unit: str
    members_at_sending: int
    sent_at: dt.datetime
    acknowledgment_due: dt.date
    overdue: bool
    status: AskStatus
    decision: AskDecisionSent = Field(description="Empty until the ask is answered.")
    answer: str
    answered_at: dt.datetime | None


class CampaignUpdateOut(Strict):
    on: dt.date
    author: str
    text: str


class CampaignMeetingOut(Strict):
    starts_at: dt.datetime
    location: str
    agenda: str


class CampaignOut(Strict):
    id: int
    title: str
    kind: CampaignKind
    statement: str
    ask: str
    scope: str
    status: CampaignStatus
    members: list[str] = Field(description="Members' names: they joined under their own name.")
    is_member: bool
    updates: list[str] = Field(
        description='Each as one line, "day author: text" (kept for clients that read it).'
    )
    meetings: list[str] = Field(
        description='Each as one line, "moment location" (kept for clients that read it).'
    )
    update_details: list[CampaignUpdateOut]
    meeting_details: list[CampaignMeetingOut] = Field(description="With the agenda the page shows.")
    formal_ask: AskOut | None


class CampaignUpdateIn(Strict):
    text: str = Field(min_length=3, max_length=2000, description="3 to 2,000 characters.")


class CampaignAskIn(Strict):
    text: str = Field(min_length=10, max_length=4000, description="10 to 4,000 characters.")


class CampaignMeetingIn(Strict):
    starts_at: Moment
    location: str = Field(min_length=2, max_length=200)
    agenda: str = Field("", max_length=2000)


class AskAnswerIn(Strict):
    answer: str = Field(min_length=10, max_length=4000)
    # Required, with no default: a decision members read is chosen, never assumed ("accepted").
    decision: AskDecision = Field(
        description="accepted, partly, working or declined. Required: there is no default."
    )


def ask_out(ask: FormalAsk) -> AskOut:
    return AskOut(
        id=ask.pk,
        campaign_id=ask.campaign_id,
        campaign_title=ask.campaign.title,
        text=ask.text,
        to_unit=ask.to_unit.name,
        members_at_sending=ask.members_at_sending,
        sent_at=ask.sent_at,
        acknowledgment_due=ask.ack_due_on,
        overdue=service.is_overdue(ask),
        status=ask.status,
        decision=ask.decision,
        answer=ask.answer,
        answered_at=ask.answered_at,
    )


def out(request: HttpRequest, campaign: Campaign) -> CampaignOut:
    """One campaign as the API gives it; from `service.with_details` its parts are already read (the
    list read each campaign's ask, members, updates and meetings with queries of their own)."""
    campaign = (
        campaign
        if hasattr(campaign, "is_member")
        else service.with_details(Campaign.objects.filter(pk=campaign.pk), request.user).get()
    )
    ask = getattr(campaign, "formal_ask", None)
    updates = list(campaign.updates.all())
    meetings = list(campaign.meetings.all())
    return CampaignOut(
        id=campaign.pk,
        title=campaign.title,
        kind=campaign.kind,
        statement=campaign.statement,
        ask=campaign.ask,
        scope=campaign.scope.name,
        status=campaign.status,
        members=[str(m.user) for m in campaign.members.all()],
        is_member=campaign.is_member,
        updates=[f"{u.at:%Y-%m-%d} {u.author}: {u.text}" for u in updates],
        meetings=[f"{m.starts_at.isoformat()} {m.location}" for m in meetings],
        update_details=[
            CampaignUpdateOut(on=timezone.localdate(u.at), author=str(u.author), text=u.text) for u in updates
        ],
        meeting_details=[
            CampaignMeetingOut(starts_at=m.starts_at, location=m.location, agenda=m.agenda) for m in meetings
        ],
        formal_ask=ask_out(ask) if ask else None,
    )


@router.get("", response=list[CampaignOut], summary="Campaigns open to you")
def listing(request: HttpRequest):
    """Any signed-in account, scope read: the campaigns for your units or a level above them (the
    well-being office: all), open and closed; not paged. Open ones first, then closed ones, each newest
    first. A campaign you see only as a leader, of its unit or of the unit it
    asked, is not listed: open it with `GET .../campaigns/{campaign_id}`."""
    return [out(request, c) for c in service.with_details(service.campaigns_for(request.user), request.user)]


IDEMPOTENCY_HELP = (
    "Optional. A value you choose per campaign (e.g. a UUID): a repeat with the same key, after a "
    "timeout or retry, is refused with 409 and never starts a second campaign. Kept only as a keyed "
    "hash, for a few days, as for a thank-you."
)


@router.post(
    "",
    response={201: CampaignOut, 400: Error, 404: Error, 409: AlreadySentOut},
    summary="Start a campaign (you join it)",
    description="404: `scope_unit_id` is not one of your units or a level above one. 409: the "
    "`Idempotency-Key` was already used by you (`This was already sent. Nothing was sent twice.`); no "
    "second campaign is started.",
)
@rules
def start(
    request: HttpRequest,
    payload: CampaignIn,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
):
    scope = Unit.objects.filter(pk=payload.scope_unit_id).first()
    if scope is None or not sees_scope(request.user, scope):
        raise Missing(_("Choose one of your own units, or a level above it."))
    data = payload.dict()
    data.pop("scope_unit_id")
    form_key = formkeys.for_account(request.user.pk, "campaign", idempotency_key)
    campaign = service.start_campaign(request.user, scope=scope, form_key=form_key, **data)
    return 201, out(request, campaign)


@router.get("/asks", response=list[AskOut], summary="Formal asks to units you lead")
def asks(request: HttpRequest):
    """Leaders, scope read: the formal asks to units in the subtrees you lead, answered ones included; not
    paged, and empty for anyone who leads nothing. Those waiting for acknowledgment (`sent`) first,
    then those to answer (`acknowledged`), then `answered` and `withdrawn` (its campaign closed
    before an answer: waiting for nobody), each by the day acknowledgment is due; `overdue` marks an
    ask still waiting and not acknowledged by that day."""
    return [ask_out(a) for a in service.asks_for_leader(request.user)]


@router.get("/{campaign_id}", response={200: CampaignOut, 404: Error})
@rules
def detail(request: HttpRequest, campaign_id: RowId):
    """Any signed-in account that may see it, scope read: staff of its unit or of a unit below it, leaders
    of its unit or of a unit above it, leaders of the unit its formal ask went to, and the well-being
    office. Members are named (they joined under their name), updates newest first, meetings in order.
    404: no such campaign, or not one you may see."""
    return out(request, service.campaign_for(request.user, campaign_id))


@router.post(
    "/{campaign_id}/join",
    response={200: CampaignOut, 403: Error, 404: Error, 409: Error},
    summary="Join under your name",
    description="403: the campaign is for another part of the organisation (you see it as a leader or "
    "the office). 409: the campaign is closed.",
)
@rules
def join(request: HttpRequest, campaign_id: RowId):
    campaign = service.campaign_for(request.user, campaign_id)
    service.join(request.user, campaign)
    return out(request, campaign)


@router.post("/{campaign_id}/leave", response={200: CampaignOut, 404: Error})
@rules
def leave(request: HttpRequest, campaign_id: RowId):
    """Anyone who may see the campaign, scope write: leaves it, open or closed, and answers it; if you had
    not joined, nothing changes. The last member leaving an open campaign closes it (`status`
    `closed`) and withdraws its formal ask if it is not answered (`withdrawn`; its leaders are
    emailed), in this one call: the page asks that member to confirm first. 404: no such campaign,
    or not one you may see."""
    campaign = service.campaign_for(request.user, campaign_id)
    service.leave(request.user, campaign)
    return out(request, campaign)


@router.post(
    "/{campaign_id}/close", response={200: CampaignOut, 404: Error}, summary="Close (who started it)"
)
@rules
def close(request: HttpRequest, campaign_id: RowId):
    """Who started the campaign, or the well-being office; scope write. Nobody can join it after (409
    there). A formal ask not yet answered is withdrawn (`withdrawn`) and its leaders are emailed;
    nobody else is. Closing it again changes nothing. 404: no such campaign, not one you
    may see, or you neither started it nor are in the office."""
    campaign = service.campaign_for(request.user, campaign_id)
    return out(request, service.close_campaign(request.user, campaign))


RETRY_HELP = (
    "Optional. A value you choose per post (e.g. a UUID): a repeat with the same key, after a timeout "
    "or retry, is refused with 409 and never posts twice. Kept only as a keyed hash, for a few days."
)


@router.post(
    "/{campaign_id}/updates",
    response={201: CampaignOut, 400: Error, 404: Error, 409: Error},
    summary="Post an update",
    description="Members of the campaign, scope write: posts an update under your name (3 to 2,000 "
    "characters) and answers the campaign, updates newest first. Nobody is emailed. 400: a text too "
    "short or too long. 404: no such campaign, or not one you may see. 409: join the campaign first, "
    "or the `Idempotency-Key` was already used for this campaign's updates (nothing is posted twice).",
)
@rules
def update(
    request: HttpRequest,
    campaign_id: RowId,
    payload: CampaignUpdateIn,
    idempotency_key: str | None = idempotency_key(RETRY_HELP),
):
    campaign = service.campaign_for(request.user, campaign_id)
    form_key = formkeys.for_account(request.user.pk, "campaign-update", idempotency_key, within=campaign.pk)
    service.post_update(request.user, campaign, payload.text, form_key=form_key)
    return 201, out(request, campaign)


@router.post(
    "/{campaign_id}/meetings",
    response={201: CampaignOut, 400: Error, 404: Error, 409: Error},
    description="400: a meeting that is not in the future, more than a year ahead (`A meeting starts "
    "within a year: check the year.`), or already in the year 10000 in UTC. 409: join the campaign "
    "first, or the `Idempotency-Key` was already used for this campaign's meetings (nothing is added "
    "twice).",
)
@rules
def meeting(
    request: HttpRequest,
    campaign_id: RowId,
    payload: CampaignMeetingIn,
    idempotency_key: str | None = idempotency_key(RETRY_HELP),
):
    campaign = service.campaign_for(request.user, campaign_id)
    form_key = formkeys.for_account(request.user.pk, "campaign-meeting", idempotency_key, within=campaign.pk)
    service.add_meeting(request.user, campaign, **payload.dict(), form_key=form_key)
    return 201, out(request, campaign)


@router.post(
    "/{campaign_id}/ask",
    response={201: AskOut, 400: Error, 404: Error, 409: Error},
    summary="Send the formal ask to leadership (acknowledgment due on the concerns' clock)",
    description="409: join the campaign first, or the campaign has already made its formal ask.",
)
@rules
def send_ask(request: HttpRequest, campaign_id: RowId, payload: CampaignAskIn):
    campaign = service.campaign_for(request.user, campaign_id)
    return 201, ask_out(service.send_ask(request.user, campaign, payload.text))


@router.post(
    "/asks/{ask_id}/acknowledge",
    response={200: AskOut, 404: Error},
    description="Acknowledging again (or an ask already answered, or withdrawn) changes nothing and "
    "answers the ask as it is, so a retry is safe.",
)
@rules
def acknowledge(request: HttpRequest, ask_id: RowId):
    try:
        acknowledged = service.acknowledge_ask(request.user, service.ask_for_leader(request.user, ask_id))
    except service.AlreadyAcknowledged as already:
        acknowledged = already.ask
    return ask_out(acknowledged)


@router.post(
    "/asks/{ask_id}/answer",
    response={200: AskOut, 400: Error, 404: Error, 409: Error},
    summary="Answer members",
    description="`decision` is required (no default). An ask is answered once: 409 when it was "
    "already answered (`This ask was already answered on 3 Dec 2026. Nothing was changed; your answer "
    "was not sent.`), or withdrawn because its campaign closed, and nothing changes.",
)
@rules
def answer(request: HttpRequest, ask_id: RowId, payload: AskAnswerIn):
    ask = service.ask_for_leader(request.user, ask_id)
    return ask_out(service.answer_ask(request.user, ask, answer=payload.answer, decision=payload.decision))

"""Organising: start a campaign, join under your name, updates, meetings, the formal ask and its answer.

Leadership answers the formal ask on the same acknowledgment clock as concerns
(UPSTREAM_ACK_BUSINESS_DAYS business days to acknowledge).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from upstream.community.access import NotFound, in_scope_q, is_office, sees_scope
from upstream.community.models import Campaign, CampaignMeeting, CampaignMember, CampaignUpdate, FormalAsk
from upstream.community.services.common import (
    CommunityError,
    Conflict,
    Missing,
    NotAllowed,
    clean_text,
    in_utc,
)
from upstream.concerns.services import spend_form_key
from upstream.concerns.timing import add_business_days
from upstream.lib.mail import in_site_language, send_mail
from upstream.lib.moments import email_day_end
from upstream.lib.planning import MAX_DAYS_AHEAD
from upstream.lib.site_url import site_url
from upstream.org.access import leads_unit, led_subtree_q, member_units
from upstream.org.models import LeaderAssignment, Unit, User


def start_campaign(
    user: User,
    *,
    title: str,
    kind: str,
    statement: str,
    ask: str,
    scope: Unit,
    now: dt.datetime | None = None,
    form_key: str | None = None,
) -> Campaign:
    """`form_key` is the page's one-time key (or the API's keyed Idempotency-Key), spent in the
    transaction that starts the campaign: a second sending (a double tap, Back and send again, a
    retry) raises AlreadySent and starts nothing."""
    now = now or timezone.now()
    if kind not in Campaign.Kind.values:
        raise CommunityError(_("Choose inside the hospital or for patients."), field="kind")
    if not sees_scope(user, scope):
        raise Missing(_("Choose one of your own units, or a level above it."), field="scope")
    with transaction.atomic():
        spend_form_key(form_key)
        campaign = Campaign.objects.create(
            title=clean_text(title, field=_("Name"), minimum=3, maximum=200, name="title"),
            kind=kind,
            statement=clean_text(
                statement, field=_("The problem"), minimum=10, maximum=4000, name="statement"
            ),
            ask=clean_text(ask, field=_("What we ask for"), minimum=10, maximum=4000, name="ask"),
            scope=scope,
            started_by=user,
            created_at=now,
        )
        CampaignMember.objects.create(campaign=campaign, user=user, joined_at=now)
    return campaign


def suggested_scope(user: User) -> Unit | None:
    """The smallest of the person's own units, which the new-campaign form starts on: it started on
    the whole health system, so a nurse's 4 West campaign went system-wide unless she changed it.
    Chosen as the speak-up form's default_unit chooses (deepest, then by name), without its climb
    to a unit large enough to hide in: members join a campaign under their own name."""
    return member_units(user).order_by("-depth", "name").first()


def campaigns_for(user: User) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(in_scope_q(user))
        .select_related("scope", "started_by")
        .annotate(member_count=Count("members"), closed=_rank("status", Campaign.Status.OPEN))
        # Open ones first: ordered by the status word, "closed" came before "open".
        .order_by("closed", "-created_at")
    )


def with_details(campaigns: QuerySet[Campaign], user: User) -> QuerySet[Campaign]:
    """Campaigns with what their API answer shows read a few queries at once, whatever their number:
    the formal ask, members, updates with their authors, meetings, and whether `user` has joined."""
    return (
        campaigns.select_related("scope", "formal_ask__to_unit", "formal_ask__campaign")
        .prefetch_related(
            Prefetch("members", queryset=CampaignMember.objects.select_related("user")),
            Prefetch("updates", queryset=CampaignUpdate.objects.select_related("author")),
            "meetings",
        )
        .annotate(is_member=Exists(CampaignMember.objects.filter(campaign=OuterRef("pk"), user=user)))
    )


def _rank(field: str, *first: str) -> Case:
    """0 for the first value named, 1 for the next and so on, then one more for every other value."""
    whens = [When(**{field: value}, then=Value(rank)) for rank, value in enumerate(first)]
    return Case(*whens, default=Value(len(first)), output_field=IntegerField())


def campaign_for(user: User, campaign_id: int) -> Campaign:
    """Staff in scope see a campaign; so do the leaders it asks, and the office."""
    campaign = Campaign.objects.select_related("scope").filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound()
    ask = FormalAsk.objects.filter(campaign=campaign).select_related("to_unit").first()
    if sees_scope(user, campaign.scope) or leads_unit(user, campaign.scope):
        return campaign
    if ask is not None and leads_unit(user, ask.to_unit):
        return campaign
    raise NotFound()


def is_member(user: User, campaign: Campaign) -> bool:
    return CampaignMember.objects.filter(campaign=campaign, user=user).exists()


def join(user: User, campaign: Campaign, *, now: dt.datetime | None = None) -> CampaignMember:
    current = Campaign.objects.filter(pk=campaign.pk).values_list("status", flat=True).first()
    if current != Campaign.Status.OPEN:
        raise Conflict(_("This campaign is closed."))
    if not sees_scope(user, campaign.scope):
        raise NotAllowed(_("This campaign is for another part of the organisation."))
    try:
        with transaction.atomic():
            return CampaignMember.objects.create(
                campaign=campaign, user=user, joined_at=now or timezone.now()
            )
    except IntegrityError:  # already a member (or joined twice at once)
        return CampaignMember.objects.get(campaign=campaign, user=user)


def leaving_closes(user: User, campaign: Campaign) -> bool:
    """Whether this person is the open campaign's only member: their leaving closes it."""
    members = list(CampaignMember.objects.filter(campaign=campaign).values_list("user_id", flat=True)[:2])
    return campaign.status == Campaign.Status.OPEN and members == [user.pk]


def leave(user: User, campaign: Campaign) -> bool:
    """Leave; the last member leaving closes the campaign and withdraws its ask still waiting (it was
    left open, "0 members", its ask pending with leadership on behalf of nobody). Returns whether
    it closed. The page asks the last member first; the API's one call does it."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        CampaignMember.objects.filter(campaign=locked, user=user).delete()
        if locked.status != Campaign.Status.OPEN or locked.members.exists():
            return False
        _close(locked)
    campaign.status = locked.status
    return True


def _close(locked: Campaign) -> None:
    """Close a campaign (its row locked) and withdraw its ask if leaders have not answered it: no
    longer waiting for them; they are told once."""
    locked.status = Campaign.Status.CLOSED
    locked.save(update_fields=["status"])
    withdrawn = FormalAsk.objects.filter(
        campaign=locked, status__in=[FormalAsk.Status.SENT, FormalAsk.Status.ACKNOWLEDGED]
    ).update(status=FormalAsk.Status.WITHDRAWN)
    if withdrawn:
        transaction.on_commit(lambda: _tell_leaders_withdrawn(locked.pk))


def _member_only(user: User, campaign: Campaign) -> None:
    if not is_member(user, campaign):
        raise Conflict(_("Join the campaign first."))


def post_update(
    user: User,
    campaign: Campaign,
    text: str,
    *,
    now: dt.datetime | None = None,
    form_key: str | None = None,
) -> CampaignUpdate:
    """`form_key`: the API's keyed Idempotency-Key; sent again, AlreadySent and nothing posted twice."""
    _member_only(user, campaign)
    cleaned = clean_text(text, field=_("Update"), minimum=3, maximum=2000, name="text")
    with transaction.atomic():
        spend_form_key(form_key)
        return CampaignUpdate.objects.create(
            campaign=campaign, author=user, text=cleaned, at=now or timezone.now()
        )


def add_meeting(
    user: User,
    campaign: Campaign,
    *,
    starts_at: dt.datetime,
    location: str,
    agenda: str = "",
    now: dt.datetime | None = None,
    form_key: str | None = None,
) -> CampaignMeeting:
    """`form_key`: as for post_update."""
    _member_only(user, campaign)
    now = now or timezone.now()
    starts_at = in_utc(starts_at, field="starts_at")
    if starts_at <= now:
        raise CommunityError(_("Choose a time in the future for the meeting."), field="starts_at")
    if starts_at > now + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise CommunityError(_("A meeting starts within a year: check the year."), field="starts_at")
    with transaction.atomic():
        spend_form_key(form_key)
        return CampaignMeeting.objects.create(
            campaign=campaign,
            starts_at=starts_at,
            location=clean_text(location, field=_("Where"), minimum=2, maximum=200, name="location"),
            agenda=clean_text(agenda, field=_("Agenda"), minimum=0, maximum=2000, name="agenda"),
            created_by=user,
        )


def accountable_unit(scope: Unit) -> Unit:
    """The nearest unit at or above the scope that has leaders: who must answer the ask."""
    for unit in [scope, *reversed(scope.ancestors())]:
        if LeaderAssignment.objects.filter(unit=unit).exists():
            return unit
    return scope


def send_ask(user: User, campaign: Campaign, text: str, *, now: dt.datetime | None = None) -> FormalAsk:
    """The formal ask to leadership; acknowledgment is due on the concerns' clock."""
    now = now or timezone.now()
    _member_only(user, campaign)
    cleaned = clean_text(text, field=_("The ask"), minimum=10, maximum=4000, name="text")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if FormalAsk.objects.filter(campaign=locked).exists():
            raise Conflict(_("This campaign has already made its formal ask."))
        ask = FormalAsk.objects.create(
            campaign=locked,
            text=cleaned,
            to_unit=accountable_unit(locked.scope),
            members_at_sending=locked.members.count(),
            sent_at=now,
            ack_due_on=add_business_days(timezone.localtime(now).date(), settings.UPSTREAM_ACK_BUSINESS_DAYS),
        )
        transaction.on_commit(lambda: _tell_leaders(ask.pk))
    return ask


@in_site_language
def _tell_leaders(ask_id: int) -> None:
    ask = FormalAsk.objects.select_related("campaign", "to_unit").get(pk=ask_id)
    _mail_the_ask_s_leaders(
        ask,
        _("A staff campaign made a formal ask: %(title)s") % {"title": ask.campaign.title},
        _("%(n)d staff ask: %(text)s\n\nPlease acknowledge by %(due)s in Upstream (Together > Campaigns).")
        % {"n": ask.members_at_sending, "text": ask.text, "due": email_day_end(ask.ack_due_on)},
    )


@in_site_language
def _tell_leaders_withdrawn(campaign_id: int) -> None:
    ask = FormalAsk.objects.select_related("campaign", "to_unit").get(campaign_id=campaign_id)
    _mail_the_ask_s_leaders(
        ask,
        _("A formal ask was withdrawn: %(title)s") % {"title": ask.campaign.title},
        _("The campaign closed, so its ask no longer waits for your acknowledgment or answer."),
    )


def _mail_the_ask_s_leaders(ask: FormalAsk, subject: str, body: str) -> None:
    emails = list(
        User.objects.filter(leader_assignments__unit=ask.to_unit)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    # The campaign's page, where its leaders acknowledge and answer the ask.
    link = site_url(reverse("community:campaign", args=[ask.campaign_id]))
    send_mail(
        subject,
        f"{body}\n\n{link}\n",
        settings.DEFAULT_FROM_EMAIL,
        emails,
        kind="formal-ask",
        fail_silently=True,
    )


def asks_for_leader(leader: User) -> QuerySet[FormalAsk]:
    return (
        FormalAsk.objects.filter(led_subtree_q(leader, "to_unit__"))
        .select_related("campaign", "to_unit")
        # Waiting for acknowledgment first, then for an answer, then answered: ordered by the status
        # word, the asks still to acknowledge came last.
        .annotate(
            waits=_rank("status", FormalAsk.Status.SENT, FormalAsk.Status.ACKNOWLEDGED),
        )
        .order_by("waits", "ack_due_on", "pk")
    )


def ask_for_leader(leader: User, ask_id: int) -> FormalAsk:
    ask = asks_for_leader(leader).filter(pk=ask_id).first()
    if ask is None:
        raise NotFound()
    return ask


class AlreadyAcknowledged(Conflict):
    """Acknowledging an ask that was already acknowledged (or answered): nothing changes. `ask` is the
    ask as it is, so the API can answer it again (a retry) and a page can say why nothing happened
    (a stale tab reloaded with no word at all)."""

    def __init__(self, message: str, *, ask: FormalAsk) -> None:
        super().__init__(message)
        self.ask = ask


def _day(moment: dt.datetime) -> str:
    """The day of a moment, as the campaign's page shows it (`j M Y`, in the site's time zone)."""
    return date_format(timezone.localtime(moment), _("j M Y"))


def refuse_if_answered(ask: FormalAsk) -> None:
    """An ask is answered once: a second answer (another leader first, a stale tab, an API retry) is
    refused with the day of the first, and changes nothing."""
    if ask.status == FormalAsk.Status.ANSWERED:
        raise Conflict(
            _("This ask was already answered on %(day)s. Nothing was changed; your answer was not sent.")
            % {"day": _day(ask.answered_at or ask.sent_at)}
        )
    if ask.status == FormalAsk.Status.WITHDRAWN:
        raise Conflict(_("This ask was withdrawn: the campaign closed. Your answer was not sent."))


def acknowledge_ask(leader: User, ask: FormalAsk, *, now: dt.datetime | None = None) -> FormalAsk:
    """Raises AlreadyAcknowledged (with the ask) when it was already acknowledged or answered."""
    with transaction.atomic():
        locked = FormalAsk.objects.select_for_update().get(pk=ask.pk)
        if locked.status == FormalAsk.Status.ANSWERED:
            day = _day(locked.answered_at or locked.acknowledged_at or locked.sent_at)
            raise AlreadyAcknowledged(
                _("This ask was already answered on %(day)s.") % {"day": day}, ask=locked
            )
        if locked.status == FormalAsk.Status.WITHDRAWN:
            raise AlreadyAcknowledged(_("This ask was withdrawn: the campaign closed."), ask=locked)
        if locked.acknowledged_at is not None:
            day = _day(locked.acknowledged_at)
            raise AlreadyAcknowledged(
                _("This ask was already acknowledged on %(day)s.") % {"day": day}, ask=locked
            )
        locked.acknowledged_at = now or timezone.now()
        if locked.status == FormalAsk.Status.SENT:
            locked.status = FormalAsk.Status.ACKNOWLEDGED
        locked.save(update_fields=["acknowledged_at", "status"])
    return locked


def answer_ask(
    leader: User, ask: FormalAsk, *, answer: str, decision: str, now: dt.datetime | None = None
) -> FormalAsk:
    """The answer members see, given once (Conflict after). Answering also acknowledges."""
    now = now or timezone.now()
    if decision not in FormalAsk.Decision.values:
        raise CommunityError(_("Choose accepted, partly, working or declined."), field="decision")
    cleaned = clean_text(answer, field=_("Answer"), minimum=10, maximum=4000, name="answer")
    with transaction.atomic():
        locked = FormalAsk.objects.select_for_update().get(pk=ask.pk)
        refuse_if_answered(locked)
        locked.acknowledged_at = locked.acknowledged_at or now
        locked.answer, locked.decision, locked.answered_at, locked.answered_by = (
            cleaned,
            decision,
            now,
            leader,
        )
        locked.status = FormalAsk.Status.ANSWERED
        locked.save(
            update_fields=["acknowledged_at", "answer", "decision", "answered_at", "answered_by", "status"]
        )
    return locked


def is_overdue(ask: FormalAsk, today: dt.date | None = None) -> bool:
    if ask.status == FormalAsk.Status.WITHDRAWN:
        return False
    return ask.acknowledged_at is None and ask.ack_due_on < (today or timezone.localdate())


def close_campaign(user: User, campaign: Campaign) -> Campaign:
    if not (campaign.started_by_id == user.pk or is_office(user)):
        raise NotFound()
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status == Campaign.Status.OPEN:
            _close(locked)
    campaign.status = Campaign.Status.CLOSED
    return campaign

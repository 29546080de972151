"""Gatherings: create, sign up, cancel with waiting-list promotion, reminders, an iCalendar file."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from upstream.community.access import NotFound, in_scope_q, is_office, sees_scope
from upstream.community.models import Gathering, Signup
from upstream.community.services.common import CommunityError, Conflict, Missing, clean_text, in_utc
from upstream.concerns.services import spend_form_key
from upstream.lib.mail import in_site_language, send_mail, site_language
from upstream.lib.moments import email_moment
from upstream.lib.planning import MAX_DAYS_AHEAD
from upstream.lib.site_url import site_url
from upstream.org.access import leads_unit, led_units
from upstream.org.models import Unit, User

REMINDER_HOURS = 24
# The longest gathering, in hours (the message says 12: change both together).
MAX_HOURS = 12


def create_gathering(
    organiser: User,
    *,
    kind: str,
    title: str,
    description: str,
    scope: Unit,
    location: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    now: dt.datetime | None = None,
    form_key: str | None = None,
) -> Gathering:
    """The well-being office anywhere, or a leader for the units they lead. `form_key`, the page's
    one-time key or the API's keyed Idempotency-Key, is spent with the gathering: sent again, it
    raises AlreadySent and publishes nothing (everyone invited would see it twice)."""
    now = now or timezone.now()
    if not (is_office(organiser) or leads_unit(organiser, scope)):
        raise CommunityError(
            _("Only the well-being office or the unit's leaders can organise for this unit."), field="scope"
        )
    if kind not in Gathering.Kind.values:
        raise CommunityError(_("Unknown kind of gathering."), field="kind")
    starts_at, ends_at = in_utc(starts_at, field="starts_at"), in_utc(ends_at, field="ends_at")
    # Each at its own field: one sentence for both, shown at the top, named neither.
    if starts_at <= now:
        raise CommunityError(_("A gathering starts in the future."), field="starts_at")
    if ends_at <= starts_at:
        raise CommunityError(_("A gathering ends after it starts."), field="ends_at")
    if ends_at - starts_at > dt.timedelta(hours=MAX_HOURS):
        # Rounds and sessions last an hour or an afternoon; months long is a date typed wrong.
        raise CommunityError(_("A gathering lasts at most 12 hours; check the end date."), field="ends_at")
    if starts_at > now + dt.timedelta(days=MAX_DAYS_AHEAD):
        # Sessions are planned for the months ahead; a start years away is a year typed wrong.
        raise CommunityError(_("A gathering starts within a year: check the year."), field="starts_at")
    if not 1 <= capacity <= 10000:
        raise CommunityError(_("Places must be between 1 and 10,000."), field="capacity")
    with transaction.atomic():
        spend_form_key(form_key)
        return Gathering.objects.create(
            kind=kind,
            title=clean_text(title, field=_("Title"), minimum=3, maximum=200, name="title"),
            description=clean_text(
                description, field=_("Description"), minimum=3, maximum=4000, name="description"
            ),
            scope=scope,
            location=clean_text(location, field=_("Where"), minimum=2, maximum=200, name="location"),
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            organiser=organiser,
            created_at=now,
        )


def _led_and_above(user: User) -> set[int]:
    """The units a leader leads and every level above them: the gatherings a leader is invited to
    as the staff of those units are, whether or not they are also a member there (a chair of
    medicine got a 404 on their own hospital's session)."""
    return {node.pk for top in led_units(user) for node in [*top.ancestors(), top]}


def _visible_q(user: User) -> Q:
    if is_office(user):
        return Q()
    return in_scope_q(user) | Q(scope__in=_led_and_above(user))


def upcoming_for(user: User, *, now: dt.datetime | None = None) -> QuerySet[Gathering]:
    now = now or timezone.now()
    return (
        Gathering.objects.filter(_visible_q(user), ends_at__gte=now, cancelled=False)
        .select_related("scope")
        .order_by("starts_at")
    )


def gathering_for(user: User, gathering_id: int) -> Gathering:
    gathering = Gathering.objects.select_related("scope").filter(pk=gathering_id).first()
    if gathering is None or not (
        sees_scope(user, gathering.scope)
        or gathering.organiser_id == user.pk
        or leads_unit(user, gathering.scope)
        or gathering.scope_id in _led_and_above(user)
    ):
        raise NotFound()
    return gathering


def places_left(gathering: Gathering) -> int:
    taken = gathering.signups.filter(status=Signup.Status.CONFIRMED).count()
    return max(0, gathering.capacity - taken)


def my_signup(user: User, gathering: Gathering) -> Signup | None:
    return gathering.signups.filter(user=user).exclude(status=Signup.Status.CANCELLED).first()


def waiting_position(signup: Signup) -> int | None:
    if signup.status != Signup.Status.WAITING:
        return None
    ahead = Signup.objects.filter(
        gathering_id=signup.gathering_id, status=Signup.Status.WAITING, queued_at__lt=signup.queued_at
    ).count()
    return ahead + 1


def sign_up(user: User, gathering: Gathering, *, now: dt.datetime | None = None) -> Signup:
    """A place if one is free, else the end of the waiting list. Signing up twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        if locked.cancelled or locked.ends_at < now:
            raise Conflict(_("This gathering is no longer taking sign-ups."))
        existing = Signup.objects.filter(gathering=locked, user=user).first()
        if existing and existing.status != Signup.Status.CANCELLED:
            return existing
        status = Signup.Status.CONFIRMED if places_left(locked) > 0 else Signup.Status.WAITING
        if existing:
            existing.status, existing.queued_at = status, now
            existing.save(update_fields=["status", "queued_at"])
            return existing
        return Signup.objects.create(gathering=locked, user=user, status=status, queued_at=now)


def cancel_signup(user: User, gathering: Gathering, *, now: dt.datetime | None = None) -> Signup | None:
    """Give the place up; the first person waiting gets it and is told by email. Returns who moved up."""
    with transaction.atomic():
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        if locked.cancelled:
            # Called off: no place to give up, and nobody waiting should be told one opened.
            return None
        signup = (
            Signup.objects.filter(gathering=locked, user=user).exclude(status=Signup.Status.CANCELLED).first()
        )
        if signup is None:
            return None
        freed = signup.status == Signup.Status.CONFIRMED
        signup.status = Signup.Status.CANCELLED
        signup.save(update_fields=["status"])
        if not freed or places_left(locked) == 0:
            return None
        promoted = locked.signups.filter(status=Signup.Status.WAITING).order_by("queued_at", "pk").first()
        if promoted is None:
            return None
        promoted.status = Signup.Status.CONFIRMED
        promoted.save(update_fields=["status"])
        transaction.on_commit(lambda: _tell_promoted(promoted.pk))
        return promoted


@in_site_language
def _tell_promoted(signup_id: int) -> None:
    signup = Signup.objects.select_related("gathering", "user").get(pk=signup_id)
    _mail(
        signup.user,
        _("A place opened for you: %(title)s") % {"title": signup.gathering.title},
        _("Someone gave up their place, so you are now confirmed for %(title)s on %(when)s at %(where)s.")
        % _details(signup.gathering),
        signup.gathering,
    )


def _details(gathering: Gathering) -> dict[str, str]:
    # In the site's time zone, named: the reader's phone may be set to another.
    return {"title": gathering.title, "when": email_moment(gathering.starts_at), "where": gathering.location}


def _mail(user: User, subject: str, body: str, gathering: Gathering) -> None:
    """Each email links the gathering's page: where to give a place up, or see it was called off."""
    if user.email:
        link = site_url(reverse("community:gathering", args=[gathering.pk]))
        send_mail(
            subject,
            f"{body}\n\n{link}\n",
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            kind="gathering",
            fail_silently=True,
        )


def cancel_gathering(organiser: User, gathering: Gathering) -> int:
    """The organiser (or the office) calls it off; everyone signed up or waiting is emailed, once.

    Calling off what is already called off sends nothing: the API answered every repeat by emailing
    everyone again (a fuzzer's repeats sent 1,669 "Called off" emails for three gatherings). The
    conditional update makes two calls at once send one round too."""
    if not (is_office(organiser) or gathering.organiser_id == organiser.pk):
        raise NotFound()
    now = timezone.now()
    with transaction.atomic():
        first = Gathering.objects.filter(pk=gathering.pk, cancelled=False).update(
            cancelled=True, cancelled_at=now
        )
        if not first:
            gathering.refresh_from_db(fields=["cancelled", "cancelled_at"])
            return 0
        gathering.cancelled, gathering.cancelled_at = True, now
        people = [
            s.user for s in gathering.signups.exclude(status=Signup.Status.CANCELLED).select_related("user")
        ]
    with site_language():
        for person in people:
            _mail(
                person,
                _("Called off: %(title)s") % {"title": gathering.title},
                _("%(title)s on %(when)s at %(where)s will not take place. Sorry.") % _details(gathering),
                gathering,
            )
    return len(people)


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Email everyone confirmed for a gathering starting within a day. Idempotent: once per gathering."""
    now = now or timezone.now()
    sent = 0
    due = Gathering.objects.filter(
        cancelled=False,
        reminded=False,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(hours=REMINDER_HOURS),
    )
    for gathering in due:
        with transaction.atomic():
            # Claim it first (conditional update) so two workers never both send.
            if not Gathering.objects.filter(pk=gathering.pk, reminded=False).update(reminded=True):
                continue
            people = [
                s.user
                for s in gathering.signups.filter(status=Signup.Status.CONFIRMED).select_related("user")
            ]
        with site_language():
            for person in people:
                _mail(
                    person,
                    _("Reminder: %(title)s") % {"title": gathering.title},
                    _(
                        "See you at %(title)s on %(when)s at %(where)s. Can't come? Give your place up "
                        "so someone on the waiting list can have it."
                    )
                    % _details(gathering),
                    gathering,
                )
                sent += 1
    return sent


def calendar_for(user: User, gathering: Gathering) -> bytes:
    """The calendar file, for someone with a place only: on the waiting list, or never signed up, an
    entry in their calendar (STATUS:CONFIRMED) read as a place they do not have. The API answers
    404 with this sentence; the page, its 404 page."""
    if not gathering.signups.filter(user=user, status=Signup.Status.CONFIRMED).exists():
        raise Missing(_("The calendar file is only for people with a place at this gathering."))
    return ical(gathering)


def ical(gathering: Gathering) -> bytes:
    """An iCalendar (RFC 5545) file for one gathering, built with the icalendar library.

    Called off, it is a revision of the same event (same UID, SEQUENCE 1 after 0, DTSTAMP the moment
    it was called off), so a calendar that imported the first file replaces the entry with a
    cancelled one (RFC 5545 3.8.7.4, 3.8.7.2) instead of keeping it or adding a second."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Upstream//Gatherings//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"gathering-{gathering.pk}@upstream")
    if gathering.cancelled:
        # Called off before the moment was kept: now is still later than the first file's stamp.
        stamp = gathering.cancelled_at or timezone.now()
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", 1)
    else:
        event.add("dtstamp", gathering.created_at)
        event.add("sequence", 0)
    event.add("dtstart", gathering.starts_at)
    event.add("dtend", gathering.ends_at)
    event.add("summary", gathering.title)
    event.add("description", gathering.description)
    event.add("location", gathering.location)
    event.add("url", settings.UPSTREAM_BASE_URL + reverse("community:gathering", args=[gathering.pk]))
    event.add("status", "CANCELLED" if gathering.cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()

"""Writes in the organisation that people make from pages or the API (imports live in importer.py)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upstream.intake import formkeys
from upstream.lib.planning import MAX_DAYS_AHEAD
from upstream.lib.request_memo import forget
from upstream.org.models import Deputy, LeaderAssignment, Membership, Unit, User

MAX_DEPUTY_DAYS = 120


class DeputyError(ValueError):
    """A deputy period that breaks a rule; the message is for the leader who asked. `field` names
    the box it is about ("starts_on"), when it is about one, so the page says it there."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class DeputyOverlaps(DeputyError):
    """The same deputy already covers some of these days: a state conflict (the API's 409)."""


class DeputyAlreadySaved(DeputyError):
    """The same page sent twice (a double tap on a slow line, Back and save again): saved once."""

    def __init__(self) -> None:
        super().__init__(_("This was already sent. Nothing was sent twice."))


class SeveralNamed(ValueError):
    """More than one active account has the name asked for: the username or email tells them apart."""

    def __init__(self, name: str) -> None:
        message = _(
            "More than one person is called %(name)s. Write the username or email of the one you mean."
        )
        super().__init__(message % {"name": name})


def find_person(handle: str) -> User | None:
    """An active account by username or email, or else by full name ("Emily Johnson"), or a first or
    last name alone ("Emily"), when only one person has it (case-insensitive). A leader knows a
    colleague by name; the form asked for a username, and "Emily Johnson" was "no active account"
    (a new-user walk). SeveralNamed when the name is not enough."""
    handle = " ".join((handle or "").split())[:254]
    if not handle or "\x00" in handle:
        return None
    active = User.objects.filter(is_active=True)
    found = active.filter(Q(username__iexact=handle) | Q(email__iexact=handle)).first()
    if found is not None:
        return found
    full_name = Concat("first_name", Value(" "), "last_name", output_field=CharField())
    named = list(
        active.annotate(full_name=full_name).filter(
            Q(full_name__iexact=handle) | Q(display_name__iexact=handle)
        )[:2]
    )
    if not named and " " not in handle:
        # A first or last name alone ("Jess"), when it is enough: "No active account has that name"
        # about a colleague the leader calls Jess was read as her having no account (a walk).
        named = list(active.filter(Q(first_name__iexact=handle) | Q(last_name__iexact=handle))[:2])
    if len(named) > 1:
        raise SeveralNamed(handle)
    return named[0] if named else None


def set_deputy(
    leader: User,
    deputy: User,
    starts_on: dt.date,
    ends_on: dt.date,
    *,
    today: dt.date | None = None,
    form_key: str | None = None,
) -> Deputy:
    """Let `deputy` cover `leader`'s inbox from `starts_on` to `ends_on`, both included.

    Only a leader (by assignment, not as a deputy: cover is not passed on) may name one. `form_key`
    is the page's one-time key: the page sent again raises DeputyAlreadySaved, not the overlap
    refusal, which told a leader whose first tap had worked that it had not.
    """
    check_period(leader, deputy, starts_on, ends_on, today=today)
    with transaction.atomic():
        if form_key is not None and not formkeys.spend(form_key):
            raise DeputyAlreadySaved()
        # The same person twice over the same days (a second form, the API) adds nothing.
        overlapping = Deputy.objects.filter(
            leader=leader, deputy=deputy, starts_on__lte=ends_on, ends_on__gte=starts_on
        ).first()
        if overlapping is not None:
            raise DeputyOverlaps(
                _("%(deputy)s already covers your inbox from %(first)s to %(last)s; end that period first.")
                % {
                    "deputy": deputy,
                    "first": day_in_prose(overlapping.starts_on, today=today),
                    "last": day_in_prose(overlapping.ends_on, today=today),
                }
            )
        period = Deputy.objects.create(leader=leader, deputy=deputy, starts_on=starts_on, ends_on=ends_on)
    forget()  # who covers whom changed: the rest of this request must see it
    return period


def check_period(
    leader: User, deputy: User, starts_on: dt.date, ends_on: dt.date, *, today: dt.date | None = None
) -> None:
    """Raise DeputyError for a period that cannot be set, before anything is saved or asked: the page
    asked "Name X as your deputy?" about the leader themself or a period already over, and said
    what was wrong only after the leader confirmed (a new-user walk)."""
    today = today or timezone.localdate()
    if not LeaderAssignment.objects.filter(user=leader).exists():
        raise DeputyError(_("Only a leader can name a deputy for their inbox."))
    if deputy.pk == leader.pk:
        raise DeputyError(_("Choose someone other than yourself."))
    if starts_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        # Checked before the order of the days: 9999 as the first day is the mistake to name.
        raise DeputyError(
            _("First day: choose a day within a year from today; check the year."), field="starts_on"
        )
    if ends_on < starts_on:
        raise DeputyError(_("The last day must be on or after the first day."))
    if ends_on < today:
        raise DeputyError(_("The period is already over; choose days from today on."))
    if starts_on < today:
        # A cover cannot begin yesterday: the page said "covers your inbox from 14 Nov" for days gone.
        raise DeputyError(_("The first day is in the past: a deputy covers from today on."))
    if (ends_on - starts_on).days + 1 > MAX_DEPUTY_DAYS:
        raise DeputyError(
            _("A deputy may cover at most %(days)d days at a time.") % {"days": MAX_DEPUTY_DAYS}
        )


def day_in_prose(day: dt.date, *, today: dt.date | None = None) -> str:
    """A cover's day as a sentence writes it: "10 Dec", with the year when it is not this year's
    ("10 Jun 2027"), as a campaign's meetings are written: a cover next June read as this June."""
    today = today or timezone.localdate()
    return date_format(day, _("j M") if day.year == today.year else _("j M Y"))


def staff_units_covered(leader: User, deputy: User) -> list[Unit]:
    """The units where `deputy` works as staff among those whose concerns they will read while
    covering `leader`'s inbox (the leader's own subtrees). Naming a nurse of the unit is allowed (a
    charge nurse may cover), but the leader is told: reports stay anonymous, yet colleagues can
    recognise each other's words."""
    within = Q(pk__in=[])
    for assignment in LeaderAssignment.objects.filter(user=leader).select_related("unit"):
        within |= assignment.unit.subtree_q("unit__")
    rows = Membership.objects.filter(within, user=deputy).select_related("unit").order_by("unit__path")
    return [row.unit for row in rows]


def colleague_warning(leader: User, deputy: User) -> str:
    """What the leader is told, on the page and in the API, when the deputy works in units whose
    concerns they will read, or leads no unit at all; "" otherwise."""
    units = staff_units_covered(leader, deputy)
    # Named, not "your units": a nurse named deputy of the well-being office was told only that she
    # would read her own unit's concerns, when she would read the whole system's (an officer's walk).
    led = LeaderAssignment.objects.filter(user=leader).select_related("unit").order_by("unit__path")
    scope = ", ".join(dict.fromkeys(a.unit.name for a in led))
    if not units:
        if LeaderAssignment.objects.filter(user=deputy).exists():
            return ""
        # Allowed (a charge nurse, an administrator may cover), but a mistyped username or email
        # gives a stranger every concern of the leader's units for the period: the leader checks.
        return _(
            "%(name)s leads no unit in Upstream and will read every concern of %(scope)s while "
            "covering. Check that this is the person you meant."
        ) % {"name": deputy, "scope": scope}
    return ngettext(
        "%(name)s works in %(units)s and will read every concern of %(scope)s while covering, those "
        "of their own colleagues among them. Reports stay anonymous, but colleagues can recognise "
        "each other's words: where you can, choose a leader from outside this unit.",
        "%(name)s works in %(units)s and will read every concern of %(scope)s while covering, those "
        "of their own colleagues among them. Reports stay anonymous, but colleagues can recognise "
        "each other's words: where you can, choose a leader from outside these units.",
        len(units),
    ) % {"name": deputy, "units": ", ".join(unit.name for unit in units), "scope": scope}


def end_deputy(leader: User, deputy_id: int, *, today: dt.date | None = None) -> bool:
    """Stop a cover now: a period not yet begun is removed, a running one ends yesterday. True when
    it had not begun (cancelled, not ended: the page said "The cover has ended" of one due next week).
    A leader may end only their own; anything else is DeputyError (same answer for missing)."""
    today = today or timezone.localdate()
    if not 0 < deputy_id < 2**63:
        raise DeputyError(_("No such deputy period of yours."))
    with transaction.atomic():
        period = Deputy.objects.select_for_update().filter(pk=deputy_id, leader=leader).first()
        if period is None:
            raise DeputyError(_("No such deputy period of yours."))
        cancelled = period.starts_on > today
        if period.starts_on >= today:
            period.delete()
        elif period.ends_on >= today:
            period.ends_on = today - dt.timedelta(days=1)
            period.save(update_fields=["ends_on"])
    forget()
    return cancelled


def deputies_of(leader: User, *, today: dt.date | None = None) -> list[Deputy]:
    """Current and coming deputy periods for this leader's inbox."""
    today = today or timezone.localdate()
    return list(Deputy.objects.filter(leader=leader, ends_on__gte=today).select_related("deputy"))

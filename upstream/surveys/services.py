"""Everything that writes surveys: instruments, waves, invitations, mail and answers.

Views, the API and the daily job call these, nothing else. Answers are written only through the
anonymous-write pipeline (`upstream.intake`): `submit_answer` marks the invitation answered (to the
day) and enqueues the answer in one transaction, so neither can happen without the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from upstream.concerns.services import spend_form_key
from upstream.lib.mail import send_mass_mail, site_language
from upstream.lib.moments import email_day_end
from upstream.lib.planning import MAX_DAYS_AHEAD
from upstream.lib.text import InvalidText, clean_user_text
from upstream.org.access import led_units
from upstream.org.models import Membership, RoleGroup, Unit, User
from upstream.surveys.access import is_office
from upstream.surveys.instruments import (
    InstrumentError,
    read_instrument_file,
    shipped_instruments,
)
from upstream.surveys.models import Instrument, Invitation, Series, Status, Wave
from upstream.surveys.scoring import AnswerError, UnknownQuestion, check_answers

MAX_COMMENT = 2000
MAX_TITLE = 200
REMIND_DAYS_BEFORE_CLOSE = 2
ANSWER_KIND = "surveys.answer"


class SurveyError(ValueError):
    """A request that breaks a rule; the message is written for the person who made it. `status`
    is the API's answer: 400 here, and the subclasses' own for what is not a broken rule."""

    status = 400


class PlanRefused(SurveyError):
    """A wave plan that breaks several rules at once: every problem is named together, so the
    person fixes them in one go instead of meeting them one submission at a time."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


class CommentRefused(SurveyError):
    """The comment cannot be taken as written (too long, a control character): the pages say so at
    the comment box and keep every answer and the whole comment, for the writer to shorten."""


class SurveyNotFound(SurveyError):
    """The request names a unit, instrument or role group that does not exist or is not the
    caller's (or the wave's) to choose."""

    status = 404


class SurveyNotAllowed(SurveyError):
    """The account, or the code the request carries, does not allow this."""

    status = 403


class SurveyConflict(SurveyError):
    """A well-formed request the wave's state does not allow now: it is closed, or not waiting."""

    status = 409


class AlreadyAnswered(SurveyConflict):
    def __init__(self) -> None:
        super().__init__(_("You have already answered this survey. Thank you."))


class NotInvited(SurveyNotFound):
    def __init__(self) -> None:
        super().__init__(_("This survey is not open to you."))


def refusal_of(error: Exception) -> SurveyError:
    """A speak-up token refusal as the surveys' own, keeping what it means for the caller (a code
    that grants nothing is a 403, one already used a 409)."""
    status = getattr(error, "status", 400)
    kind = {403: SurveyNotAllowed, 404: SurveyNotFound, 409: SurveyConflict}.get(status, SurveyError)
    return kind(str(error))


# --- text ------------------------------------------------------------------------------------


def clean_text(text: object, *, limit: int, field: str) -> str:
    """Stripped text, or SurveyError for NUL bytes, lone surrogates, control characters, over-long text."""
    try:
        return clean_user_text(text if text is not None else "", label=field, maximum=limit)
    except InvalidText as exc:
        raise SurveyError(str(exc)) from exc


# --- instruments -----------------------------------------------------------------------------


def ensure_instruments(today: dt.date | None = None) -> dict[str, Instrument]:
    """Store every shipped instrument (idempotent); returns the newest active version of every key."""
    today = today or timezone.localdate()
    for spec in shipped_instruments().values():
        definition = spec.model_dump(mode="json")
        row, created = Instrument.objects.get_or_create(
            key=spec.key,
            version=spec.version,
            defaults={"title": spec.title, "definition": definition, "shipped": True, "loaded_on": today},
        )
        stale = not created and row.shipped and row.definition != definition
        if stale and _same_but_names_and_translations(row.definition, definition):
            # A shipped version gained or changed translations or its short name: text only, so
            # waves already answered with it read in the new words and score exactly as before.
            row.definition = definition
            row.save(update_fields=["definition"])
    newest: dict[str, Instrument] = {}
    for row in Instrument.objects.filter(active=True).order_by("key", "-version"):
        newest.setdefault(row.key, row)
    return newest


def _same_but_names_and_translations(stored: dict, shipped: dict) -> bool:
    def without(definition: dict) -> dict:
        return {k: v for k, v in definition.items() if k not in ("translations", "short_title")}

    return without(stored) == without(shipped)


def load_instrument(path: Path, *, today: dt.date | None = None) -> Instrument:
    """Store an organisation's own instrument file (for example one it holds a license for)."""
    spec = read_instrument_file(path)
    if spec.key in shipped_instruments():
        raise InstrumentError(f"{spec.key!r} is the key of a shipped instrument; choose another key.")
    with transaction.atomic():
        if Instrument.objects.filter(key=spec.key, version=spec.version).exists():
            raise InstrumentError(
                f"{spec.key!r} version {spec.version} is already loaded; raise 'version' to load a change."
            )
        return Instrument.objects.create(
            key=spec.key,
            version=spec.version,
            title=spec.title,
            definition=spec.model_dump(mode="json"),
            shipped=False,
            loaded_on=today or timezone.localdate(),
        )


# --- waves -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WavePlan:
    title: str
    unit_ids: list[int]
    instrument_keys: list[str]
    # None only from a form whose date could not be read (plan_problems names it).
    opens_on: dt.date | None
    closes_on: dt.date | None
    role_groups: list[str]
    every_weeks: int | None = None
    note: str = ""


def plan_problems(plan: WavePlan, today: dt.date) -> list[str]:
    """Every rule the plan breaks that the person can fix on the form, in the form's order. A date
    the form could not read comes as None and is named once, not again by the rules that compare it."""
    problems = []
    try:
        title = clean_text(plan.title, limit=MAX_TITLE, field=_("Title"))
    except SurveyError as exc:
        problems.append(str(exc))
    else:
        if not title:
            problems.append(_("Give the wave a title."))
    if not plan.unit_ids:
        problems.append(_("Choose one or more units."))
    unknown_roles = set(plan.role_groups) - set(RoleGroup.values)
    if unknown_roles:
        problems.append(_("Unknown role group: %(roles)s.") % {"roles": ", ".join(sorted(unknown_roles))})
    if not plan.instrument_keys:
        problems.append(_("Choose one or more instruments."))
    problems.extend(_date_problems(plan, today))
    if plan.every_weeks is not None and not 1 <= plan.every_weeks <= 52:
        problems.append(_("Repeat every 1 to 52 weeks."))
    return problems


def _date_problems(plan: WavePlan, today: dt.date) -> list[str]:
    opens, closes = plan.opens_on, plan.closes_on
    problems = []
    if opens is None:
        problems.append(_("Give the opening date as a date."))
    elif opens < today:
        problems.append(_("The opening date is in the past: a wave opens today at the earliest."))
    elif (opens - today).days > MAX_DAYS_AHEAD:
        problems.append(_("The opening date is more than a year away: check the year."))
    if closes is None:
        problems.append(_("Give the closing date as a date."))
    elif closes < today:
        problems.append(_("The closing date is in the past."))
    if opens is None or closes is None:
        return problems
    if closes < opens:
        problems.append(_("The closing date must be on or after the opening date."))
    elif (closes - opens).days > 90:
        problems.append(_("A wave may stay open at most 90 days."))
    elif plan.every_weeks and 1 <= plan.every_weeks <= 52 and (closes - opens).days >= plan.every_weeks * 7:
        problems.append(_("A repeating wave must close before the next one opens."))
    return problems


def _check_plan(plan: WavePlan, today: dt.date) -> tuple[list[Unit], list[Instrument]]:
    problems = plan_problems(plan, today)
    if problems:
        raise PlanRefused(problems)
    units = list(Unit.objects.filter(pk__in=plan.unit_ids))
    if len(units) != len(set(plan.unit_ids)):
        raise SurveyNotFound(_("Choose one or more units."))
    available = ensure_instruments(today)
    missing = [k for k in plan.instrument_keys if k not in available]
    if missing:
        raise SurveyNotFound(_("Unknown instrument: %(keys)s.") % {"keys": ", ".join(missing)})
    return units, [available[k] for k in dict.fromkeys(plan.instrument_keys)]


def _create_wave(plan: WavePlan, units: list[Unit], instruments: list[Instrument], **fields) -> Wave:  # type: ignore[no-untyped-def]
    wave = Wave.objects.create(
        title=plan.title.strip(),
        opens_on=plan.opens_on,
        closes_on=plan.closes_on,
        role_groups=sorted(set(plan.role_groups)),
        note=plan.note,
        **fields,
    )
    wave.units.set(units)
    wave.instruments.set(instruments)
    return wave


def small_groups(wave: Wave) -> list[str]:
    """The wave's groups (each unit, by each role group it asks, or all its people) with fewer people
    than the minimum group size, as "Oncology Pharmacy, Pharmacist": their answers can show only
    within a broader group. Said when the wave is scheduled or asked for, since a wave for three
    pharmacists was scheduled without a word (an officer's walk)."""
    from upstream.privacy.groups import is_large_enough, people_in

    roles = wave.role_groups or [""]
    return [
        f"{unit.name}, {RoleGroup(role).label}" if role else unit.name
        for unit in wave.units.order_by("path")
        for role in roles
        if not is_large_enough(people_in(unit, role))
    ]


def overlapping_waves(plan: WavePlan, *, today: dt.date | None = None) -> list[Wave]:
    """Scheduled or open waves whose dates meet the plan's and that invite some of the same people:
    a shared unit (or one above or below another) and a shared role group (none chosen: everyone).
    The pages warn of them; they are not refused, since two waves on purpose are allowed."""
    today = today or timezone.localdate()
    if plan.opens_on is None or plan.closes_on is None or not plan.unit_ids:
        return []
    paths = list(Unit.objects.filter(pk__in=plan.unit_ids).values_list("path", flat=True))
    roles = set(plan.role_groups)
    found = []
    candidates = (
        Wave.objects.filter(
            status=Status.SCHEDULED,
            closed_early=False,
            closes_on__gte=max(today, plan.opens_on),
            opens_on__lte=plan.closes_on,
        )
        .prefetch_related("units")
        .order_by("opens_on", "pk")
    )
    for wave in candidates:
        theirs = set(wave.role_groups)
        if roles and theirs and not roles & theirs:
            continue
        if any(p.startswith(u.path) or u.path.startswith(p) for p in paths for u in wave.units.all()):
            found.append(wave)
    return found


def schedule_wave(
    office: User, plan: WavePlan, *, today: dt.date | None = None, form_key: str | None = None
) -> Wave:
    """The well-being office schedules a wave (and, with every_weeks, the series it starts).

    `form_key` is the page's one-time key (or the API's keyed Idempotency-Key), spent in the
    transaction that creates the wave: a second sending (a double click, Back and send again, a
    retry) raises AlreadySent and creates nothing, so nobody is invited twice."""
    today = today or timezone.localdate()
    if not is_office(office):
        raise SurveyNotAllowed(_("Only the well-being office schedules waves."))
    units, instruments = _check_plan(plan, today)
    with transaction.atomic():
        spend_form_key(form_key)
        series = None
        if plan.every_weeks:
            series = Series.objects.create(
                title=plan.title.strip(),
                every_weeks=plan.every_weeks,
                open_days=(plan.closes_on - plan.opens_on).days,
                next_opens_on=plan.opens_on + dt.timedelta(weeks=plan.every_weeks),
                role_groups=sorted(set(plan.role_groups)),
                created_by=office,
            )
            series.units.set(units)
            series.instruments.set(instruments)
        wave = _create_wave(plan, units, instruments, series=series, created_on=today)
        _invite_now_if_open(wave, today)
        return wave


def _invite_now_if_open(wave: Wave, today: dt.date) -> None:
    """A wave whose first day has come is opened once the transaction commits (invitations and their
    emails, by the task worker), not by the next morning's survey job: a wave scheduled for today
    showed "Open" all day while nobody was invited, so nobody could answer (an officer's walk)."""
    if wave.status == Status.SCHEDULED and wave.opens_on <= today <= wave.closes_on:
        from upstream.surveys.tasks import open_wave_now

        transaction.on_commit(lambda: open_wave_now.enqueue(wave.pk, today.isoformat()))


def request_wave(
    leader: User, plan: WavePlan, *, today: dt.date | None = None, form_key: str | None = None
) -> Wave:
    """A leader asks the office for a wave in their own subtree; the office approves or cancels it.
    `form_key` as for schedule_wave: the same request sent twice is one request."""
    today = today or timezone.localdate()
    units, instruments = _check_plan(plan, today)
    tops = led_units(leader)
    if not all(any(u.path.startswith(t.path) for t in tops) for u in units):
        raise SurveyNotFound(_("You can ask for a wave only in units you lead."))
    if plan.every_weeks:
        raise SurveyError(_("Ask for one wave; the well-being office sets up repeats."))
    with transaction.atomic():
        spend_form_key(form_key)
        return _create_wave(
            plan, units, instruments, status=Status.REQUESTED, requested_by=leader, created_on=today
        )


def decide_request(office: User, wave: Wave, *, approve: bool) -> Wave:
    if not is_office(office):
        raise SurveyNotAllowed(_("Only the well-being office approves waves."))
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.status != Status.REQUESTED:
            raise SurveyConflict(_("This wave is not waiting for a decision."))
        locked.status = Status.SCHEDULED if approve else Status.CANCELLED
        locked.save(update_fields=["status"])
        _invite_now_if_open(locked, timezone.localdate())
    return locked


def cancel_wave(office: User, wave: Wave, *, today: dt.date | None = None) -> Wave:
    """Cancel a wave that is requested, scheduled or open. A closed wave's answers are released
    and its results may be showing, so it is not cancelled after the fact."""
    today = today or timezone.localdate()
    if not is_office(office):
        raise SurveyNotAllowed(_("Only the well-being office cancels waves."))
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        ensure_cancellable(locked, today=today)
        locked.status = Status.CANCELLED
        locked.save(update_fields=["status"])
    return locked


def ensure_cancellable(wave: Wave, *, today: dt.date | None = None) -> None:
    """Refuse, with the reason, a wave that cannot be cancelled. The page's confirmation step asks
    before the office acts, so it must not ask about a wave the cancel would refuse."""
    today = today or timezone.localdate()
    if wave.status == Status.CANCELLED:
        raise SurveyConflict(_("This wave is already cancelled."))
    if wave.has_closed(today):
        raise SurveyConflict(
            _("This wave has closed and its answers count; a closed wave cannot be cancelled.")
        )


def ensure_closable(wave: Wave, *, today: dt.date | None = None) -> None:
    """Refuse, with the reason, a wave that cannot be closed now (for the page's confirmation step)."""
    _closable(wave, today or timezone.localdate())


def _closable(locked: Wave, today: dt.date) -> None:
    """Refuse, with the reason, what closing early or moving the last day does not apply to: only
    an open wave can be closed or given another last day; a closed one is never reopened."""
    if locked.status == Status.CANCELLED:
        raise SurveyConflict(_("This wave was cancelled, so it cannot be closed or changed."))
    if locked.status == Status.REQUESTED:
        raise SurveyConflict(_("This wave is waiting for a decision; approve or decline it first."))
    if locked.has_closed(today):
        raise SurveyConflict(
            _("This wave has already closed. A closed wave cannot be closed again or reopened.")
        )
    if locked.opens_on > today:
        raise SurveyConflict(_("This wave has not opened yet. Cancel it instead, or wait until it opens."))


@contextmanager
def _open_wave_to_change(office: User, wave: Wave, today: dt.date, refusal: str) -> Iterator[Wave]:
    """The wave, locked, for the office's change to an open wave; refused with the reason otherwise."""
    if not is_office(office):
        raise SurveyNotAllowed(refusal)
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        _closable(locked, today)
        yield locked


def close_wave(office: User, wave: Wave, *, today: dt.date | None = None) -> Wave:
    """Close an open wave now. Today becomes its last day and no answer or code is taken from now
    on; everything after follows from that day, as for a wave that closed normally: its waiting
    answers go out with tomorrow's release, broadened where a group is small, its results appear
    with them, and the daily job retires its code key tomorrow."""
    today = today or timezone.localdate()
    with _open_wave_to_change(office, wave, today, _("Only the well-being office closes waves.")) as locked:
        locked.closes_on = today
        locked.closed_early = True
        locked.save(update_fields=["closes_on", "closed_early"])
    return locked


def change_closing_day(office: User, wave: Wave, closes_on: dt.date, *, today: dt.date | None = None) -> Wave:
    """Give an open wave another last day: today or later, and within the rules a new wave keeps
    (at most 90 days open; a repeating wave closes before its next wave opens). It stays open
    until that day ends; a reminder already sent is not sent again."""
    today = today or timezone.localdate()
    with _open_wave_to_change(office, wave, today, _("Only the well-being office changes waves.")) as locked:
        if closes_on < today:
            raise SurveyError(_("The closing date is in the past."))
        if (closes_on - locked.opens_on).days > 90:
            raise SurveyError(_("A wave may stay open at most 90 days."))
        series = locked.series
        if series is not None and (closes_on - locked.opens_on).days >= series.every_weeks * 7:
            raise SurveyError(_("A repeating wave must close before the next one opens."))
        locked.closes_on = closes_on
        locked.save(update_fields=["closes_on"])
    return locked


# --- who may answer --------------------------------------------------------------------------


def wave_memberships(wave: Wave) -> Q:
    """Memberships a wave covers: in the subtree of any of its units, in its role groups."""
    query = Q(pk__in=[])
    for unit in wave.units.all():
        query |= unit.subtree_q("unit__")
    if wave.role_groups:
        query &= Q(role_group__in=wave.role_groups)
    return query


def answering_choices(user: User, wave: Wave) -> list[tuple[Unit, str]]:
    """The (unit, role group) pairs this person may answer as, in this wave."""
    memberships = Membership.objects.filter(wave_memberships(wave), user=user).select_related("unit")
    return sorted(((m.unit, m.role_group) for m in memberships), key=lambda p: (p[0].name, p[1]))


def open_waves_for(user: User, today: dt.date | None = None) -> list[tuple[Wave, bool]]:
    """Open waves this person is invited to, with whether they already answered."""
    today = today or timezone.localdate()
    invitations = Invitation.objects.filter(
        user=user,
        wave__status=Status.SCHEDULED,
        wave__closed_early=False,
        wave__opens_on__lte=today,
        wave__closes_on__gte=today,
    ).select_related("wave")
    return [(inv.wave, inv.answered_on is not None) for inv in invitations]


# --- the daily job: series, invitations, reminders -------------------------------------------


def create_waves_from_series(today: dt.date) -> int:
    created = 0
    for series in Series.objects.filter(active=True, next_opens_on__lte=today):
        with transaction.atomic():
            locked = Series.objects.select_for_update().get(pk=series.pk)
            if locked.next_opens_on > today:
                continue
            opens = locked.next_opens_on
            wave = Wave.objects.create(
                title=locked.title,
                opens_on=opens,
                closes_on=opens + dt.timedelta(days=locked.open_days),
                role_groups=locked.role_groups,
                series=locked,
                created_on=today,
            )
            wave.units.set(locked.units.all())
            wave.instruments.set(locked.instruments.all())
            locked.next_opens_on = opens + dt.timedelta(weeks=locked.every_weeks)
            locked.save(update_fields=["next_opens_on"])
            created += 1
    return created


def _mail(subject: str, body: str, users: list[User]) -> tuple:  # type: ignore[type-arg]
    return tuple((subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email)


def open_wave(wave: Wave, today: dt.date) -> int:
    """Invite everyone the wave covers and email them. Idempotent: invitations are made once."""
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.invitations_sent_on is not None or locked.status != Status.SCHEDULED or locked.closed_early:
            return 0
        user_ids = set(Membership.objects.filter(wave_memberships(locked)).values_list("user_id", flat=True))
        Invitation.objects.bulk_create(
            [Invitation(wave=locked, user_id=uid) for uid in sorted(user_ids)], ignore_conflicts=True
        )
        locked.invited = Invitation.objects.filter(wave=locked).count()
        locked.invitations_sent_on = today
        locked.save(update_fields=["invited", "invitations_sent_on"])
        users = list(User.objects.filter(pk__in=user_ids, is_active=True))
        link = f"{settings.UPSTREAM_BASE_URL}/surveys/{locked.pk}/"
        with site_language():  # the office opens the wave; the invitations are for everyone
            subject = _("Pulse survey: %(title)s") % {"title": locked.title}
            body = _(
                "A short pulse survey is open until %(closes)s: %(title)s.\n\n"
                "It takes under a minute. Your answers are anonymous: who answered is kept apart from "
                "what was answered, and results are shown only for groups of at least %(minimum)s "
                "people.\n\n%(link)s\n"
            ) % {
                "closes": email_day_end(locked.closes_on),
                "title": locked.title,
                "minimum": settings.UPSTREAM_MIN_GROUP_SIZE,
                "link": link,
            }
        messages = _mail(subject, body, users)
        transaction.on_commit(lambda: send_mass_mail(messages, kind="survey-invitation", fail_silently=True))
    return len(user_ids)


def remind_wave(wave: Wave, today: dt.date) -> int:
    """One reminder to those who have not answered, a couple of days before closing, never on the
    day the invitations went out: a wave open three days or less was invited and reminded by the
    same morning's run, two emails a minute apart (an email walk). Idempotent."""
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        invited_on = locked.invitations_sent_on
        if locked.reminders_sent_on is not None or invited_on is None or invited_on >= today:
            return 0
        waiting = list(
            User.objects.filter(
                survey_invitations__wave=locked, survey_invitations__answered_on__isnull=True, is_active=True
            )
        )
        locked.reminders_sent_on = today
        locked.save(update_fields=["reminders_sent_on"])
        with site_language():
            subject = _("Reminder: %(title)s") % {"title": locked.title}
            body = _(
                "The pulse survey '%(title)s' closes on %(closes)s. If you have a minute, your answer "
                "helps leaders see what to fix.\n\n%(link)s\n"
            ) % {
                "title": locked.title,
                "closes": email_day_end(locked.closes_on),
                "link": f"{settings.UPSTREAM_BASE_URL}/surveys/{locked.pk}/",
            }
        messages = _mail(subject, body, waiting)
        transaction.on_commit(lambda: send_mass_mail(messages, kind="survey-reminder", fail_silently=True))
    return len(waiting)


def run_survey_day(today: dt.date | None = None) -> dict[str, int]:
    """The daily job: new waves from series, invitations for waves that open, reminders, and the
    results tables of waves that just closed (so the first viewer does not wait). Idempotent."""
    today = today or timezone.localdate()
    counts = {"created": create_waves_from_series(today), "invited": 0, "reminded": 0}
    due = Wave.objects.filter(status=Status.SCHEDULED, closed_early=False, invitations_sent_on__isnull=True)
    for wave in due.filter(opens_on__lte=today, closes_on__gte=today):
        counts["invited"] += open_wave(wave, today)
    reminding = Wave.objects.filter(
        status=Status.SCHEDULED,
        closed_early=False,
        reminders_sent_on__isnull=True,
        invitations_sent_on__lt=today,
        closes_on__gte=today,
        closes_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE_CLOSE),
    )
    for wave in reminding:
        counts["reminded"] += remind_wave(wave, today)
    from upstream.surveys.codes import retire_closed_wave_keys

    counts["retired_keys"] = retire_closed_wave_keys(today)
    from upstream.surveys.results import prepare_results

    # On another day than today (a catch-up run, a test), as at that day's end.
    at_end = timezone.make_aware(dt.datetime.combine(today, dt.time(23, 59)))
    counts["results_prepared"] = prepare_results(None if today == timezone.localdate() else at_end)
    return counts


# --- answering -------------------------------------------------------------------------------


def screen_comment(text: str) -> bool:
    """True when the comment suggests the writer may be in crisis (resources are shown at once)."""
    if not text:
        return False
    from upstream.themes.textmodel import crisis

    screen = getattr(crisis, "screen", None) or crisis.detect_crisis
    try:
        return bool(screen(text))
    except Exception:  # noqa: BLE001 - a broken model must not lose an answer; err toward resources
        return True


@dataclass(frozen=True)
class Answered:
    crisis: bool
    release_at: dt.datetime


def submit_answer(
    user: User,
    wave: Wave,
    *,
    unit_id: int | None,
    answers: dict[str, dict[str, object]],
    comment: str = "",
    now: dt.datetime | None = None,
) -> Answered:
    """Answer a wave once. The invitation is marked answered (the day only) and the answer enqueued
    to the intake in the same transaction; a second or concurrent submission finds nothing to mark.
    """
    from upstream.intake.services import enqueue

    now = now or timezone.now()
    today = timezone.localdate(now)
    if not wave.is_open(today):
        raise SurveyConflict(_("This survey is closed."))
    choices = answering_choices(user, wave)
    if not choices:
        raise NotInvited()
    if unit_id is None and len({u.pk for u, _r in choices}) == 1:
        unit_id = choices[0][0].pk
    matching = [(u, r) for u, r in choices if u.pk == unit_id]
    if not matching:
        # No unit_id when it is needed is a 400; one that is not among yours, a 404.
        kind = SurveyError if unit_id is None else SurveyNotFound
        raise kind(_("Choose the unit you are answering for."))
    unit, role_group = matching[0]
    payload, crisis = answer_payload(wave, unit, role_group, answers, comment)
    with transaction.atomic():
        marked = Invitation.objects.filter(wave=wave, user=user, answered_on__isnull=True).update(
            answered_on=today
        )
        if marked != 1:
            if Invitation.objects.filter(wave=wave, user=user).exists():
                raise AlreadyAnswered()
            raise NotInvited()
        release_at = enqueue(ANSWER_KIND, payload, urgent=False, now=now)
    return Answered(crisis=crisis, release_at=release_at)


def answer_payload(
    wave: Wave, unit: Unit, role_group: str, answers: dict[str, dict[str, object]], comment: str
) -> tuple[dict, bool]:
    """The checked answers and comment as the intake payload, and whether the comment suggests crisis."""
    instruments = {i.key: i for i in wave.instruments.all()}
    # An instrument or question the wave does not have is named and not there: a 404, as an
    # unknown unit is. A value out of an existing question's range breaks its rule: a 400.
    if not isinstance(answers, dict) or set(answers) - set(instruments):
        unknown = sorted(set(answers) - set(instruments)) if isinstance(answers, dict) else ["?"]
        message = _("Unknown instrument in the answers: %(keys)s.")
        raise SurveyNotFound(message % {"keys": ", ".join(unknown)})
    cleaned: dict[str, dict[str, int]] = {}
    try:
        for key, instrument in instruments.items():
            cleaned[key] = check_answers(instrument.spec, answers.get(key) or {})
    except UnknownQuestion as exc:
        raise SurveyNotFound(str(exc)) from exc
    except AnswerError as exc:
        raise SurveyError(str(exc)) from exc
    if not any(cleaned.values()):
        raise SurveyError(_("Answer at least one question."))
    try:
        text = clean_text(comment, limit=MAX_COMMENT, field=_("Comment"))
    except SurveyError as exc:
        raise CommentRefused(str(exc)) from exc
    crisis = screen_comment(text)
    payload = {
        "wave": wave.pk,
        "unit": unit.pk,
        "role": role_group,
        "answers": cleaned,
        "comment": text,
        "crisis": crisis,
    }
    return payload, crisis

"""Answering a wave with a speak-up code: get it signed in, answer later from any device, unsigned-in.

The code is an RFC 9474 blind signature made by `upstream.speakup` for the purpose "wave:<id>":
the server signs without seeing the code, so when the code is spent it cannot tell whose it was.
Taking a code uses up the person's one answer: the invitation is marked answered (to the day) in
the same transaction as the signature, so nobody can both answer signed in and with a code. The
answer with a code spends it and enqueues the answer to the intake in one transaction; it carries
no account, session or cookie. A wave's key is retired the day after it closes.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from upstream.org.models import RoleGroup, Unit, User
from upstream.surveys.models import Invitation, Status, Wave
from upstream.surveys.services import (
    ANSWER_KIND,
    AlreadyAnswered,
    Answered,
    NotInvited,
    SurveyConflict,
    SurveyError,
    SurveyNotFound,
    answer_payload,
    refusal_of,
)

# A wave's id as `purpose_of` writes it: no leading zero. `wave:04` matched and was read as wave 4,
# so GET /api/v1/speakup/keys/wave:04 made and published a second signing key, for a purpose no
# code is ever checked against (a fuzzer found it). Such a name is claimed by a rule of its own
# (`PADDED_PATTERN`), under which nothing exists and nobody obtains a token, so no key is made for it.
PURPOSE_PATTERN = r"wave:[1-9][0-9]{0,11}"
PADDED_PATTERN = r"wave:0[0-9]{0,11}"
# Set only while `issue_code` runs: the generic speak-up issuing route may not make wave codes,
# which would let someone answer signed in and then again with a code.
_issuing = contextvars.ContextVar("surveys_issuing_code", default=False)


def purpose_of(wave: Wave) -> str:
    return f"wave:{wave.pk}"


def code_store(user: User) -> str:
    """The name under which a survey's code page keeps the person's survey codes in their browser.

    One per account, like the speak-up codes' (`speakup.services.code_store`), so a colleague who
    signs in next on the same computer neither sees nor spends them; its own salt, so survey codes
    are not listed among speak-up codes, nor removed by /speak/tokens/'s "Remove all codes"; the
    same prefix, so the bundle drops a spent code from it too. A keyed hash: it names no account.
    """
    from upstream.speakup import config

    return config.browser_store(user.pk, "upstream.surveys.code-store", "upstream.speakup.v2.")


# What a survey's code page says of a code's wave, as the server judges it on its own day.
State = Literal["open", "closed", "cancelled"]


def wave_state(wave: Wave, today: dt.date) -> State:
    """`cancelled` (by the well-being office, whenever), `closed` (its last day has passed in the
    site's time zone, or the office closed it early) or `open`: a code of any but an open wave can
    no longer be used."""
    if wave.status == Status.CANCELLED:
        return "cancelled"
    return "closed" if wave.has_closed(today) else "open"


@dataclass(frozen=True)
class CodeWave:
    """A wave as the code page and `GET /api/v1/surveys/code-waves` give it."""

    id: int
    purpose: str
    title: str
    state: State
    closes_on: str  # year-month-day


def code_waves(user: User, *, today: dt.date | None = None) -> list[CodeWave]:
    """The state today of every wave a code of this person's could be for: every wave they were invited to.

    The code page gives this list to its script, which judges each saved code by it rather than by
    the device's date (a day off across time zones, and blind to a wave cancelled early). It is
    the whole set a code could belong to, so it says nothing about which codes the browser holds,
    nor whether the person took a code, answered signed in or neither: the browser tells the
    server nothing, and the list is the same for all three (`tests/test_code_wave_states.py`).
    """
    today = today or timezone.localdate()
    waves = Wave.objects.filter(invitations__user=user).order_by("pk")
    return [
        CodeWave(
            id=wave.pk,
            purpose=purpose_of(wave),
            title=wave.title,
            state=wave_state(wave, today),
            closes_on=wave.closes_on.isoformat(),
        )
        for wave in waves
    ]


def _eligible(user: object, purpose: str) -> bool:
    if not _issuing.get():
        return False
    wave_id = int(purpose.split(":", 1)[1])
    return Invitation.objects.filter(wave_id=wave_id, user=user).exists()


def _wave_exists(purpose: str) -> bool:
    return Wave.objects.filter(pk=int(purpose.split(":", 1)[1])).exists()


def register_purpose() -> None:
    from upstream.speakup import purposes

    purposes.register(
        PURPOSE_PATTERN,
        lambda _purpose: purposes.Rule(
            per_period=1, period_days=None, rotate_days=None, eligible=_eligible, exists=_wave_exists
        ),
    )
    purposes.register(
        PADDED_PATTERN,
        lambda _purpose: purposes.Rule(
            per_period=1,
            period_days=None,
            rotate_days=None,
            eligible=lambda _user, _purpose: False,
            exists=lambda _purpose: False,
        ),
    )


def issue_code(user: User, wave: Wave, blinded_message: bytes, key_id: str, *, today: dt.date | None = None):  # type: ignore[no-untyped-def]
    """Sign one blinded code for this person's answer to this wave, in place of answering now."""
    from upstream.speakup import services as speakup

    today = today or timezone.localdate()
    if not wave.is_open(today):
        raise SurveyConflict(_("This survey is closed."))
    token = _issuing.set(True)
    try:
        with transaction.atomic():
            marked = Invitation.objects.filter(wave=wave, user=user, answered_on__isnull=True).update(
                answered_on=today
            )
            if marked != 1 and not Invitation.objects.filter(wave=wave, user=user).exists():
                raise NotInvited()
            try:
                # Answered already: only the code this person was given, asked for again because
                # the page lost the first answer (the same blinded message), is signed once more.
                return speakup.issue_tokens(
                    user, purpose_of(wave), [blinded_message], key_id, today=today, again_only=marked != 1
                )
            except speakup.NotSignedBefore:
                raise AlreadyAnswered() from None
            except speakup.TokenError as exc:
                raise refusal_of(exc) from exc
    finally:
        _issuing.reset(token)


def units_for_code(wave: Wave) -> list[Unit]:
    """The units someone answering with a code may choose: everything the wave covers."""
    found: dict[int, Unit] = {}
    for top in wave.units.all():
        for unit in top.subtree():
            found.setdefault(unit.pk, unit)
    return sorted(found.values(), key=lambda u: u.path)


def roles_for_code(wave: Wave) -> list[str]:
    return list(wave.role_groups or RoleGroup.values)


def missing_for_code(
    wave: Wave, code: str, unit_id: int | None, role_group: str, answers: dict, units: list[Unit]
) -> dict[str, str]:
    """What an answer with a code leaves out, by field ("code", "unit", "role", "answers"), all at
    once: the page marks each at its field. `units` is `units_for_code(wave)`, read once by the
    caller. Whether the code is valid and the group large enough is checked later, on sending."""
    missing = {}
    if not str(code).strip():
        missing["code"] = _("Paste the code you took for this survey.")
    if unit_id not in {unit.pk for unit in units}:
        missing["unit"] = _("Choose the unit you are answering for.")
    if role_group not in roles_for_code(wave):
        missing["role"] = _("Choose your role group.")
    if not any(value for items in answers.values() for value in (items or {}).values()):
        missing["answers"] = _("Answer at least one question.")
    return missing


class SmallGroup(SurveyError):
    """The unit and role chosen cover fewer people than the minimum group size, and the person
    answering has not confirmed. `warning` is `small_group_warning`'s, with a broader unit the
    wave allows for the same role (or none)."""

    def __init__(self, warning: dict[str, object]) -> None:
        self.warning = warning
        message = _(
            "Fewer than %(minimum)s people share this unit and role, so leaders might guess who "
            "answered. Choose a broader unit, or send again confirming you want this one."
        ) % {"minimum": warning["minimum"]}
        broader = warning.get("broader_unit")
        if isinstance(broader, Unit):
            message += " " + _("A broader choice: %(unit)s (unit_id %(id)s).") % {
                "unit": broader.name,
                "id": broader.pk,
            }
        super().__init__(message)


def small_group_for_code(wave: Wave, unit: Unit | None, role_group: str) -> dict[str, object] | None:
    """The shared small-group warning (DESIGN.md rule 5) for an answer with a code.

    Answers with a code always name a role, and only units the wave covers, so the broader
    choice offered is the nearest unit above that the wave covers and that is large enough for the
    same role; the shared helper's "without a role" suggestion cannot be taken here.
    """
    from upstream.concerns.safety import small_group_warning
    from upstream.privacy.groups import is_large_enough, people_in

    if unit is None or role_group not in roles_for_code(wave):
        return None
    warning = small_group_warning(unit, role_group)
    if warning is None:
        return None
    allowed = {u.pk for u in units_for_code(wave)}
    broader = next(
        (
            above
            for above in reversed(unit.ancestors())
            if above.pk in allowed and is_large_enough(people_in(above, role_group))
        ),
        None,
    )
    return {
        **warning,
        "broader_unit": broader,
        "broader_role": RoleGroup(role_group).label if broader else "",
        "broader_value": f"{broader.pk}|{role_group}" if broader else "",
    }


def submit_answer_with_code(
    wave: Wave,
    code: str,
    *,
    unit_id: int | None,
    role_group: str,
    answers: dict[str, dict[str, object]],
    comment: str = "",
    confirmed: bool = False,
    now: dt.datetime | None = None,
) -> Answered:
    """Answer with a code. Takes no user: nothing links the answer to whoever got the code.

    A unit and role that cover fewer people than the minimum group size raise `SmallGroup`
    (before the code is spent) unless `confirmed`.
    """
    from upstream.intake.services import enqueue
    from upstream.speakup import services as speakup

    now = now or timezone.now()
    today = timezone.localdate(now)
    if not wave.is_open(today):
        raise SurveyConflict(_("This survey is closed."))
    units = units_for_code(wave)
    missing = missing_for_code(wave, code, unit_id, role_group, answers, units)
    for field in ("unit", "role"):  # a missing code or answer is refused below, in its own words
        if field in missing:
            raise SurveyNotFound(missing[field])
    unit = next(u for u in units if u.pk == unit_id)
    payload, crisis = answer_payload(wave, unit, role_group, answers, comment)
    warning = None if confirmed else small_group_for_code(wave, unit, role_group)
    if warning is not None:
        raise SmallGroup(warning)
    with transaction.atomic():
        try:
            speakup.redeem_token(purpose_of(wave), code, today=today)
        except speakup.TokenSpent as exc:
            raise AlreadyAnswered() from exc
        except speakup.TokenError as exc:
            raise refusal_of(exc) from exc
        release_at = enqueue(ANSWER_KIND, payload, urgent=False, now=now)
    return Answered(crisis=crisis, release_at=release_at)


def retire_closed_wave_keys(today: dt.date) -> int:
    """The day after a wave closes its key stops signing and accepting. Idempotent."""
    from upstream.speakup import keys

    retired = 0
    for wave in Wave.objects.filter(closes_on__lt=today, closes_on__gte=today - dt.timedelta(days=7)):
        retired += keys.retire_key(purpose_of(wave), today, grace_days=0)
    return retired

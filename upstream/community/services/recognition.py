"""Thanking a colleague or a team, the unit feed, and counts by unit for insights."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from upstream.community.models import Recognition
from upstream.community.services.common import CommunityError, Missing, NotAllowed, clean_text
from upstream.concerns.services import spend_form_key
from upstream.org.access import member_units
from upstream.org.models import Unit, User
from upstream.org.pickers import picker_labels
from upstream.privacy.suppression import suppress

MAX_WORDS = 280


def thank(
    author: User,
    *,
    text: str,
    person: User | None = None,
    team: Unit | None = None,
    now: dt.datetime | None = None,
    form_key: str | None = None,
) -> Recognition:
    """Thank a colleague (shown in the feed of a unit you share) or a team (shown in that team's feed).

    Whom the page offers, and nobody else: an active colleague who shares one of the author's units,
    or one of the author's units or the department above it (`colleagues_of`, `teams_of`).

    `form_key` is the page's one-time key (or the API's keyed Idempotency-Key), spent in the
    transaction that stores the thanks, as for a story: a second sending (a refresh, a double tap, a
    retry) raises AlreadySent and stores nothing."""
    if (person is None) == (team is None):
        raise CommunityError(_("Thank one colleague or one team."))
    mine = list(member_units(author).order_by("depth", "name"))
    if not mine:
        # The page shows this sentence instead of the form (community/_no_units.html).
        raise NotAllowed(no_unit_message())
    if person is not None and person.pk == author.pk:
        # Yourself is not a colleague the page offers: a person not yours to choose (the API's 404).
        raise Missing(_("Thank someone else: this is for colleagues."))
    if person is not None and not colleagues_of(author).filter(pk=person.pk).exists():
        raise Missing(not_a_colleague_message())
    if team is not None and team.pk not in {t.pk for t in teams_of(author)}:
        raise Missing(not_your_team_message())
    cleaned = clean_text(text, field=_("Thanks"), minimum=3, maximum=MAX_WORDS, name="text")
    if not says_something(cleaned):
        # "!!!!!!" went up on the unit's feed, where a colleague reads it as thanks to them.
        raise CommunityError(_("Write a word or two of thanks, not only punctuation."), field="text")
    if person is not None:
        # The first unit the two share: the feed both of them read.
        theirs = {u.pk for u in member_units(person)}
        unit = next(u for u in mine if u.pk in theirs)
    else:
        unit = team
    with transaction.atomic():
        spend_form_key(form_key)
        return Recognition.objects.create(
            author=author,
            to_person=person,
            to_team=team,
            unit=unit,
            text=cleaned,
            created_at=now or timezone.now(),
        )


def says_something(text: str) -> bool:
    """Whether the text holds a letter, a number or a symbol (an emoji counts: "🙏" thanks)."""
    return any(unicodedata.category(ch)[0] in "LNS" for ch in text)


def no_unit_message() -> str:
    return _(
        "You are not listed as a member of any unit, so there is nobody to share this with yet. "
        "Your administrator can add you to your unit."
    )


def not_a_colleague_message() -> str:
    return _("Choose a colleague who shares one of your units.")


def not_your_team_message() -> str:
    return _("Choose one of your units, or the department above it.")


def feed_unit(viewer: User, unit_id: int | None) -> Unit | None:
    """The unit a feed is narrowed to: one of the viewer's own units, or None for all of them.

    Any other id (someone else's unit, no such unit) raises `Missing`, the same sentence for both,
    so it tells an existing unit from a missing one no more than the feed did. Before, it quietly
    gave the feed of every unit, so a mistyped or stale id read as "all my units" (a fuzzing walk):
    the page now says so above the feed, and the API answers 404."""
    if unit_id is None:
        return None
    unit = next((u for u in member_units(viewer) if u.pk == unit_id), None)
    if unit is None:
        raise Missing(
            _("That unit is not one of yours. Choose one of your own units, or none for all of them.")
        )
    return unit


def feed(viewer: User, unit: Unit | None = None) -> QuerySet[Recognition]:
    """Thanks in the viewer's units and the units below them, newest first; only `unit`'s (and
    below) when it is one of the viewer's units.

    Below: someone who works at a department or a hospital (a chief nursing officer, a chair) read
    "No thanks yet" while their dashboard counted 37 given in the units under them.

    Any other unit (someone else's, as the page's address or the API's `unit_id` can name) is no
    choice at all, the same as a unit that does not exist: the feed of all the viewer's units. It
    was an empty feed inviting them to "be the first" on a feed they cannot write to, and it told
    an existing unit from a missing one."""
    units = list(member_units(viewer))
    if unit is not None and unit.pk in {u.pk for u in units}:
        units = [unit]
    within = Q(pk__in=[])
    for top in units:
        within |= Q(unit__path__startswith=top.path)
    return (
        Recognition.objects.filter(within)
        .select_related("author", "to_person", "to_team", "unit")
        .order_by("-created_at", "-pk")
    )


def counts_by_unit(units: list[Unit], since: dt.date, until: dt.date) -> dict[int, int | None]:
    """Thanks given in each unit's subtree over a period, through the privacy layer (None = hidden),
    by unit id: by name, two units called "ICU" in two hospitals were one row with one count."""
    if not units:
        return {}
    # One query for every unit (a count per unit was a query per row).
    counted = Recognition.objects.filter(created_at__date__gte=since, created_at__date__lte=until).aggregate(
        **{f"u{unit.pk}": Count("pk", filter=Q(unit__path__startswith=unit.path)) for unit in units}
    )
    return suppress({unit.pk: counted[f"u{unit.pk}"] for unit in units})


def colleagues_of(user: User) -> QuerySet[User]:
    """People who share a unit with the user: whom the thanks form offers."""
    return (
        User.objects.filter(memberships__unit__in=member_units(user), is_active=True)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def teams_of(user: User) -> list[Unit]:
    """The user's units and the departments above them: the teams the form offers.

    Two queries however many units: the parents are read by path at once (one query per unit made
    the thanks page slower for each unit a person belongs to)."""
    units = list(member_units(user))
    parent_paths = {unit.path[: -Unit.steplen] for unit in units if unit.depth > 1}
    parents = list(Unit.objects.filter(path__in=parent_paths)) if parent_paths else []
    seen = {unit.pk: unit for unit in [*units, *parents]}
    return sorted(seen.values(), key=lambda u: (u.depth, u.name))


@dataclass(frozen=True)
class Recipient:
    kind: str  # "person" or "team"
    pk: int
    name: str


def recipients_of(user: User) -> list[Recipient]:
    """Whom the thanks form's menu offers, in its order and with its words: the colleagues by name,
    then the teams labelled as the unit pickers label them (`ThanksForm`, `picker_choices`)."""
    people = [Recipient("person", p.pk, str(p)) for p in colleagues_of(user)]
    teams = teams_of(user)
    labels = picker_labels(teams)
    return [*people, *(Recipient("team", t.pk, labels[t.pk]) for t in teams)]

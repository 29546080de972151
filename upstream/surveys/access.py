"""Who may do what with surveys: the well-being office, leaders within their subtrees, invitees."""

from __future__ import annotations

from django.db.models import QuerySet

from upstream.org.access import leads_the_top_in_person, led_units
from upstream.org.models import Unit, User
from upstream.surveys.models import Wave


class WaveNotFound(Exception):
    """Missing and not yours look the same."""


def is_office(user: User) -> bool:
    """The well-being office: whoever leads the top of the organisation (in person, not as a deputy),
    and superusers."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or leads_the_top_in_person(user)


def can_see_results(user: User) -> bool:
    return is_office(user) or bool(led_units(user))


def result_scopes(user: User) -> list[Unit]:
    """The top units whose subtrees the user may see results for."""
    if is_office(user):
        return list(Unit.objects.filter(depth=1))
    return led_units(user)


def _touches(wave: Wave, tops: list[Unit]) -> bool:
    return any(
        unit.path.startswith(top.path) or top.path.startswith(unit.path)
        for unit in wave.units.all()
        for top in tops
    )


def visible_waves(user: User) -> list[Wave]:
    """Waves whose units overlap a subtree the user leads (all waves for the office)."""
    waves: QuerySet[Wave] = Wave.objects.prefetch_related("units", "instruments")
    if is_office(user):
        return list(waves)
    tops = led_units(user)
    return [w for w in waves if _touches(w, tops)]


def wave_for_viewer(user: User, wave_id: int) -> Wave:
    for wave in visible_waves(user):
        if wave.pk == wave_id:
            return wave
    raise WaveNotFound(wave_id)

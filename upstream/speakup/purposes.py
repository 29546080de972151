"""What a token is for, and the rules for obtaining one.

A purpose is public and travels with the issuance: "concern" (write a concern), "wave:<id>" (answer
one survey wave once), "cosign:<period>" (co-sign once per period). Each purpose has its own signing
keys, so a token for one purpose is worthless for another, and the server learns only the purpose.
Other apps register their own rules (who may obtain one, how many) with `register()`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from upstream.speakup import config

PURPOSE_RE = re.compile(r"[a-z]{1,20}(:[A-Za-z0-9_-]{1,59})?")
ONCE = "once"


class UnknownPurpose(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    per_period: int
    # None: `per_period` tokens per person for the purpose's whole life (a wave, a co-sign period).
    period_days: int | None
    # None: the key signs until someone retires it (for example when a wave closes).
    rotate_days: int | None
    # Who may obtain tokens; other apps narrow it (a wave's own units, say).
    eligible: Callable[[object, str], bool] = lambda user, purpose: bool(getattr(user, "is_active", False))
    # Whether what the purpose names (a wave, a shared concern) exists: GET /api/v1/speakup/keys/...
    # makes a signing key on first use, and must not make one for any name a caller invents.
    exists: Callable[[str], bool] = lambda purpose: True

    def period(self, today: dt.date) -> tuple[str, dt.date | None]:
        """The period `today` falls in, on a grid shared by everyone: its label and its last day."""
        if self.period_days is None:
            return ONCE, None
        start = dt.date.fromordinal(today.toordinal() - today.toordinal() % self.period_days)
        return start.isoformat(), start + dt.timedelta(days=self.period_days - 1)


def purpose_label(purpose: str) -> str:
    """What a purpose's codes are for, in the reader's words (the key list showed "concern: fa97…")."""
    from django.utils.translation import gettext

    kind, _sep, name = purpose.partition(":")
    if kind == "concern":
        return gettext("Writing a concern")
    if kind == "wave":
        return gettext("Answering survey %(number)s") % {"number": name}
    if kind == "cosign":
        # Not its id (32 hex digits read as a fault on a staff page; a walk): the key's line shows
        # the purpose beside it, for anyone checking a key.
        return gettext("Co-signing a shared concern")
    return purpose


_RULES: list[tuple[re.Pattern[str], Callable[[str], Rule]]] = []


def register(pattern: str, rule: Callable[[str], Rule]) -> None:
    """Rules registered later win, so an app can refine a default."""
    _RULES.insert(0, (re.compile(pattern), rule))


def rule_for(purpose: str) -> Rule:
    if not isinstance(purpose, str) or not PURPOSE_RE.fullmatch(purpose):
        raise UnknownPurpose(purpose)
    for pattern, rule in _RULES:
        if pattern.fullmatch(purpose):
            return rule(purpose)
    raise UnknownPurpose(purpose)


# Fallbacks for names the surveys and community apps do not claim: nothing exists under them.
register(
    r"wave:[A-Za-z0-9_-]{1,59}",
    lambda _: Rule(per_period=1, period_days=None, rotate_days=None, exists=lambda purpose: False),
)
register(
    r"cosign:[A-Za-z0-9_-]{1,59}",
    lambda _: Rule(per_period=1, period_days=None, rotate_days=None, exists=lambda purpose: False),
)
register(
    r"concern",
    lambda _: Rule(
        per_period=config.tokens_per_period(),
        period_days=config.period_days(),
        rotate_days=config.rotate_days(),
    ),
)

"""Checks on a concern's text before and at submission: crisis language and named people."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from django.utils.translation import gettext as _

from upstream.concerns.titles import ABBREVIATIONS, LOWER_CASE_NAME_AFTER, TITLES
from upstream.org.models import RoleGroup, Unit, User
from upstream.privacy.groups import broader_choice, is_large_enough, min_group_size, people_in

logger = logging.getLogger(__name__)

# A word of letters of any script ("García", "Núñez", "Zoë"), with inner apostrophes and hyphens.
_LETTERS = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
_TITLE_WORDS = "|".join(sorted(TITLES, key=len, reverse=True))  # longest first: "Dra" before "Dr"
_TITLED_NAME = re.compile(rf"\b(?i:(?P<title>{_TITLE_WORDS}))\.?\s+(?P<name>{_LETTERS})")
_WORD = re.compile(_LETTERS)
# Names that are also everyday words; they count only in a full name or after a title.
_COMMON_WORDS = {
    "Will",
    "May",
    "June",
    "April",
    "Hope",
    "Faith",
    "Grace",
    "Joy",
    "Young",
    "Long",
    "Rose",
    "Page",
    "Mark",
    "Bill",
    "Frank",
    "Sunny",
    "Day",
    "Hall",
    "Ward",
    "King",
    "Bell",
    "Price",
    "Nurse",
    "Doctor",
    "Care",
    "Chase",
    "Dawn",
    "Summer",
    "Rich",
    "Black",
    "White",
    "Brown",
    "Green",
    "Gray",
    "Love",
    "Rush",
}


@lru_cache(maxsize=1)
def _directory_names(version: int) -> frozenset[str]:
    names: set[str] = set()
    for first, last in User.objects.values_list("first_name", "last_name"):
        for part in (first, last):
            if part and len(part) > 2:
                names.add(part.strip())
    return frozenset(names)


def directory_names() -> frozenset[str]:
    # The cache key changes with the number of accounts, so imports are picked up without a restart.
    return _directory_names(User.objects.count())


def _is_titled_name(match: re.Match[str]) -> bool:
    title, name = match.group("title").lower(), match.group("name")
    if title not in ABBREVIATIONS and "." in match.group(0):
        return False
    if title in LOWER_CASE_NAME_AFTER:
        return len(name) > 1
    return name[0].isupper()


def named_people(text: str, names: frozenset[str] | None = None) -> list[str]:
    """Words in the text that look like a person's name: after a title, or a name in the directory
    (`names`, read here when not given: a caller going through many texts reads it once)."""
    found = dict.fromkeys(m.group(0) for m in _TITLED_NAME.finditer(text) if _is_titled_name(m))
    # The words of what was found, as a set: each word was compared with every name found so far,
    # and a transcript of 16,000 "Dr Ann Lee" held a worker for minutes (found by fuzzing).
    covered = {w for name in found for w in _WORD.findall(name)}
    names = directory_names() if names is None else names
    words = [m for m in _WORD.finditer(text) if m.group(0)[0].isupper()]
    for index, match in enumerate(words):
        word = match.group(0)
        if word not in names or word in covered:
            continue
        following = words[index + 1] if index + 1 < len(words) else None
        full_name = (
            following is not None and following.start() == match.end() + 1 and (following.group(0) in names)
        )
        if full_name and following is not None:
            found[f"{word} {following.group(0)}"] = None
            covered |= {word, following.group(0)}
        elif word not in _COMMON_WORDS:
            found[word] = None
            covered.add(word)
    return list(found)


def in_crisis(text: str) -> bool:
    """The request-path crisis screen: fast, and errs toward showing resources.

    The batch path at release (themes' crisis model) may add a flag, never remove one.
    """
    from upstream.themes.textmodel import crisis

    try:
        return bool(crisis.screen(text))
    except Exception:  # noqa: BLE001 - a broken model must not hide resources; the log holds no text
        logger.exception(
            "crisis screen unavailable; falling back to the phrase rules", extra={"anonymous": True}
        )
        from upstream.themes.textmodel.crisis_rules import rule_matches

        return bool(rule_matches(text))


def small_group_warning(unit: Unit | None, role_group: str) -> dict[str, object] | None:
    """What to tell a reporter whose chosen unit and role cover too few people to hide among.

    Used by the signed-in form and the speak-up-code form alike (DESIGN.md rule 5).
    """
    from upstream.concerns.services import default_scope

    if unit is None and not role_group:
        return None
    scope = unit or default_scope()
    if is_large_enough(people_in(scope, role_group)):
        return None
    broader = broader_choice(scope, role_group)
    return {
        "minimum": min_group_size(),
        # Without a role ("Prefer not to say") the few are the unit's people, not a unit and role.
        "with_role": bool(role_group),
        "broader_unit": broader[0] if broader else None,
        "broader_role": RoleGroup(broader[1]).label if broader and broader[1] else "",
        "broader_value": f"{broader[0].pk}|{broader[1]}" if broader else "",
    }


def confirmation_question(text: str, unit: Unit | None, role_group: str) -> str:
    """What the /speak/ page asks before sending (a group too small to hide in, a name in the text),
    as one answer for the API, which sends nothing without `confirmed`; empty when there is nothing
    to ask. The API filed such a concern at once, without either question (an integrator's walk)."""
    said = []
    warning = small_group_warning(unit, role_group)
    if warning:
        said.append(
            _(
                "Fewer than %(minimum)d people share this unit and role, so leaders might guess who wrote "
                "it. Choose a broader level, or send again with confirmed=true."
            )
            % {"minimum": warning["minimum"]}
        )
        broader = warning["broader_unit"]
        if broader is not None:
            said.append(_("A broader choice: unit_id %(unit)d.") % {"unit": broader.pk})
    names = named_people(text)
    if names:
        said.append(
            _(
                "Your text seems to name someone (%(names)s), which can make it easier to guess who wrote "
                "it. Edit the text, or send it again with confirmed=true."
            )
            % {"names": ", ".join(names)}
        )
    return " ".join(said)

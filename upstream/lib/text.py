"""Checking free text people type, before anything is stored.

A NUL byte, a lone surrogate or a control character cannot be stored by PostgreSQL (or encoded at
all) and would turn a submission into a server error that loses what was written. They are
refused with a message saying what to fix; tabs and line breaks are kept, Windows line endings
become plain ones.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upstream.lib.patterns import described

# C0 and C1 control characters except tab, line feed and carriage return; plus NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
CONTROL_WORDS = gettext_lazy(
    "It contains an invisible control character, which cannot be stored; please remove it."
)
# The control-character rule as the API states it on every text field (upstream.api.schemas). Lone
# surrogates are not in it: a JSON Schema pattern is read as ECMA-262 does, over UTF-16 code units,
# where a surrogate is half of every emoji; they stay a rule of their own.
PLAIN_TEXT_PATTERN = described(r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$", CONTROL_WORDS)


def has_control(value: str) -> bool:
    """Whether `value` holds a character PLAIN_TEXT_PATTERN refuses (NUL included)."""
    return _CONTROL.search(value) is not None


class InvalidText(ValueError):
    """Text that cannot be stored; the message is written for the person who typed it."""


def problem_in(value: str) -> str | None:
    """What is wrong with `value` as stored text, or None."""
    if _SURROGATE.search(value):
        return _("It contains a broken character (an unpaired surrogate); please retype or remove it.")
    if "\x00" in value:
        return _("It contains a null character, which cannot be stored; please remove it.")
    if _CONTROL.search(value):
        return _("It contains an invisible control character, which cannot be stored; please remove it.")
    return None


def clean_user_text(value: object, *, label: str, minimum: int = 0, maximum: int) -> str:
    """Normalised, stripped text within [minimum, maximum] characters, or InvalidText."""
    if not isinstance(value, str):
        raise InvalidText(_("%(label)s must be text.") % {"label": label})
    problem = problem_in(value)
    if problem:
        raise InvalidText(f"{label}: {problem}")
    cleaned = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(cleaned) < minimum:
        raise InvalidText(
            _("%(label)s needs at least %(minimum)d characters (it has %(length)d).")
            % {"label": label, "minimum": minimum, "length": len(cleaned)}
        )
    if len(cleaned) > maximum:
        raise InvalidText(
            _("%(label)s can be at most %(maximum)s characters (it has %(length)s).")
            % {"label": label, "maximum": f"{maximum:,}", "length": f"{len(cleaned):,}"}
        )
    return cleaned

"""Checking free text people type, before anything is stored.

A NUL byte, a lone surrogate or a control character cannot be stored by PostgreSQL (or encoded at
all) and would turn a submission into a server error that loses what was written. They are
refused with a message saying what to fix; tabs and line breaks are kept, Windows line endings
become plain ones.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.formats import number_format
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
# For a text with a least length, counted trimmed and with a CRLF as one character: what
# str.strip() trims (the whitespace PLAIN_TEXT_PATTERN lets in), a character it keeps, any allowed
# character, and any allowed character but CR.
# Invisible format characters (a soft hyphen, zero-width spaces and joiners, direction marks, the
# byte-order mark) are trimmed like spaces: a thanks of three zero-width spaces looked empty and
# was published. So are the other characters Unicode draws as nothing or as a blank (its
# Default_Ignorable_Code_Point set in the BMP, but the variation selectors, which belong to the
# emoji before them; and the blank Braille cell): twelve Hangul fillers (U+3164) were filed as a
# concern, found by fuzzing. Only at the ends and in the length count: inside a text they stay.
_INVISIBLE = (  # code point ranges, both ends included
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x2800, 0x2800),
    (0x3164, 0x3164), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0),
)  # fmt: skip
# The same set as a regex class (read alike by Python and, in the schema's patterns, ECMA-262).
_INVISIBLE_CLASS = "".join(
    f"\\u{first:04x}-\\u{last:04x}"
    if last - first > 1
    else "".join(f"\\u{c:04x}" for c in range(first, last + 1))
    for first, last in _INVISIBLE
)
_TRIMMED = rf"[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000{_INVISIBLE_CLASS}]"
_KEPT = rf"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000{_INVISIBLE_CLASS}]"
# What `trimmed` takes off both ends: every character str.strip() trims, and the invisible ones.
_TRIM = "".join(chr(code) for code in range(0x3001) if chr(code).isspace()) + "".join(
    chr(code) for first, last in _INVISIBLE for code in range(first, last + 1)
)
_ALLOWED = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_NOT_CR = r"[^\x00-\x08\x0b-\x1f\x7f-\x9f]"


# The embedding, override and isolate controls (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). One
# inside a title turned "night shift (RTL)" into ")LTR( tfihs thgin" for every reader, and a
# published title cannot be corrected (a new-user walk); nobody types them, and a text's own
# direction comes from its first letters (dir="auto", unicode-bidi: plaintext) without them.
# Taken out of what is stored. The marks that only hint a direction (LRM, RLM, ALM) stay.
_DIRECTION_CONTROLS = str.maketrans(
    dict.fromkeys([*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))])
)


def without_direction_controls(value: str) -> str:
    """`value` without the characters that reverse or embed the direction of the text after them."""
    return value.translate(_DIRECTION_CONTROLS)


def first_line(error: BaseException) -> str:
    """An error's first line: a database error goes on with the SQL statement and a caret."""
    said = str(error).strip()
    return said.splitlines()[0] if said else ""


def as_stored(value: str) -> str:
    """`value` as the product stores it and counts it: composed (NFC), without direction controls,
    trimmed of spaces and invisible characters. The one rule for the cleaner below and for the page
    forms (upstream.lib.forms), so that a box and the service count alike."""
    return trimmed(unicodedata.normalize("NFC", without_direction_controls(value)))


def grouped(number: int | float) -> str:
    """A number as the reader's language groups it: 5,000 in English, 5 000 in Spanish (a no-break
    space; "5,000" reads as five in Spanish). For limits and counts in sentences."""
    return number_format(number, force_grouping=True)


def plain_text_pattern(minimum: int = 0) -> str:
    """PLAIN_TEXT_PATTERN for a text that must keep `minimum` characters once trimmed, a CRLF
    counted as one: a text of spaces or line breaks that meets a raw minLength is not schema-valid
    only to be refused as too short. Every text it allows is long enough. Between the first and the
    last character kept, it counts the characters other than CR (each CR may be half of a CRLF), so
    a lone CR there is the one thing it counts short. Counting CRs exactly needs a lookahead, and
    with one Schemathesis took minutes to generate a text of 5,000 characters."""
    if minimum <= 0:
        return PLAIN_TEXT_PATTERN
    if minimum == 1:
        return rf"^{_ALLOWED}*{_KEPT}{_ALLOWED}*$"
    return rf"^{_TRIMMED}*{_KEPT}(?:\r*{_NOT_CR}){{{minimum - 2},}}\r*{_KEPT}{_TRIMMED}*$"


def row_id(value: object) -> int | None:
    """A database id written in an address or a form (1 to 18 plain digits), else None. str.isdigit()
    is also true of "²", which int() refuses, and twenty digits overflow the id column."""
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= 18 and int(text) > 0:
        return int(text)
    return None


def trimmed(value: str) -> str:
    """`value` without spaces or invisible characters at either end ("" if it holds nothing else)."""
    return value.strip(_TRIM)


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
    cleaned = as_stored(value.replace("\r\n", "\n").replace("\r", "\n"))
    # In the words every form's box uses (lib/forms.py), led by the field's name, which an API
    # answer needs: "Comment can be at most 2,000 characters (it has 10,000)" beside "Please shorten
    # this to 5,000 characters or fewer. It has 10,000." on the next page read as two products (a walk).
    if len(cleaned) < minimum:
        raise InvalidText(
            _("%(label)s: please write at least %(minimum)s characters. It has %(length)s.")
            % {"label": label, "minimum": grouped(minimum), "length": grouped(len(cleaned))}
        )
    if len(cleaned) > maximum:
        raise InvalidText(
            _("%(label)s: please shorten this to %(maximum)s characters or fewer. It has %(length)s.")
            % {"label": label, "maximum": grouped(maximum), "length": grouped(len(cleaned))}
        )
    return cleaned

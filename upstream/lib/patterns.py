r"""Text formats the API states as a `pattern`, with the words a person reads when a text misses one.

Where a format allows it, the pattern is exact: every text it matches is one the service can read
(a receipt code, an inbox cursor, a speak-up purpose), so a refusal after it is about the data,
never the form. pydantic's own message for a miss quotes the regular expression, which nobody
who typed a receipt code can use; the module that defines a pattern registers the sentence to say
instead, and the API's schema-error words (upstream.api.errors) look it up. Spell whitespace out
rather than writing `\s`: the schema's readers (ECMA-262), Python and pydantic's engine each take
it for a different set of characters.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

_WORDS: dict[str, Promise] = {}


def described(pattern: str, words: Promise) -> str:
    """`pattern`, remembered with the (lazily translated) sentence for a text that misses it."""
    _WORDS[pattern] = words
    return pattern


def words_for(pattern: str) -> str | None:
    """The sentence for a text that misses `pattern`, in the active language, or None if unknown."""
    words = _WORDS.get(pattern)
    return None if words is None else str(words)


# A theme's or an instrument's key, as the API lists them (GET /api/v1/themes, a wave's instruments).
_KEY_WORDS = gettext_lazy(
    "Please write the key as it is listed: letters without accents, digits, - and _ only."
)
KEY = described(r"^[-a-zA-Z0-9_]+$", _KEY_WORDS)
KEY_OR_EMPTY = described(r"^[-a-zA-Z0-9_]*$", _KEY_WORDS)

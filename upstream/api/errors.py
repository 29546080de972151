"""Bad input, answered 400 in one shape: `detail`, and `errors` with `loc`, `msg` and `type` each.

`InvalidInput` is bad input found after the schema's own checks (by a Django form or a service's
rule). A request that does not match the schema reaches `schema_problems` instead, with pydantic's
errors: their `loc` and `type` are kept as they are (clients match on them; only an uploaded
file's `loc` says "form", where it was sent, as the docs say), but pydantic's `msg`
("Field required", "String should have at most 5000 characters") reads like a machine's and is
English whatever the request's language, so the common types get the product's own words,
translated, and the same words the forms use where there are some. A rare type keeps pydantic's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, ngettext

from upstream.lib.forms import (
    DATE_TIME_WORDS,
    DATE_WORDS,
    FILL_IN,
    NUMBER,
    NUMBER_AT_LEAST,
    NUMBER_AT_MOST,
    WHOLE,
    shorten_to,
    write_more,
)
from upstream.lib.patterns import words_for
from upstream.lib.text import grouped


class InvalidInput(Exception):
    """Bad input; `errors` lists each problem, `str()` joins their messages for `detail`."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(" ".join(str(e["msg"]) for e in errors))


TRUE_OR_FALSE = gettext_lazy("Please give true or false.")
UUID = gettext_lazy("Please give an id of the form 2598dd11-4b8e-4c8e-9d55-1c3f0e7a6b21.")
OBJECT = gettext_lazy("Please send a JSON object with the fields the schema lists.")
CHOOSE = gettext_lazy("Please choose one of: %(choices)s.")

# pydantic's error types whose words need nothing from the error's context; the forms' words
# (upstream.lib.forms) where the pages say the same thing.
FIXED_WORDS = {
    "missing": FILL_IN,
    "extra_forbidden": gettext_lazy(
        "This field is not one the request takes; check its spelling, or remove it."
    ),
    "string_type": gettext_lazy("Please give text here (a JSON string)."),
    # A JSON string with a lone surrogate (\ud800), or bytes that are not UTF-8.
    "string_unicode": gettext_lazy(
        "This text has a character that cannot be stored (half of a surrogate pair, or bytes that "
        "are not UTF-8). Please remove it."
    ),
    "list_type": gettext_lazy("Please give a list here."),
    "model_attributes_type": OBJECT,
    "model_type": OBJECT,
    "dict_type": OBJECT,
    "int_parsing": WHOLE,
    "int_type": WHOLE,
    "int_from_float": WHOLE,
    "int_parsing_size": WHOLE,
    "float_parsing": NUMBER,
    "float_type": NUMBER,
    "finite_number": NUMBER,
    "bool_parsing": TRUE_OR_FALSE,
    "bool_type": TRUE_OR_FALSE,
    "date_parsing": DATE_WORDS,
    "date_type": DATE_WORDS,
    "date_from_datetime_parsing": DATE_WORDS,
    "date_from_datetime_inexact": DATE_WORDS,
    "datetime_parsing": DATE_TIME_WORDS,
    "datetime_type": DATE_TIME_WORDS,
    "datetime_from_date_parsing": DATE_TIME_WORDS,
    "uuid_parsing": UUID,
    "uuid_type": UUID,
    "uuid_version": UUID,
}


def _choices(ctx: dict[str, Any]) -> str:
    """The accepted values, from pydantic's "'a', 'b' or 'c'" without its English "or"."""
    expected = str(ctx["expected"])
    quoted = re.findall(r"'[^']*'", expected)
    return CHOOSE % {"choices": ", ".join(quoted) if quoted else expected}


def _bound(words: Promise, key: str, placeholder: str) -> Callable[[dict[str, Any]], str | None]:
    """Words for a numeric bound; None (pydantic's own message) when the bound is not a number."""

    def message(ctx: dict[str, Any]) -> str | None:
        limit = ctx[key]
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            return None
        return words % {placeholder: number_format(limit, force_grouping=True)}  # 10,000 / 10 000

    return message


def _at_most_items(ctx: dict[str, Any]) -> str:
    most = int(ctx["max_length"])
    words = ngettext("Please give at most %(count)s item.", "Please give at most %(count)s items.", most)
    return words % {"count": grouped(most)}


def _at_least_items(ctx: dict[str, Any]) -> str:
    least = int(ctx["min_length"])
    words = ngettext("Please give at least %(count)s item.", "Please give at least %(count)s items.", least)
    return words % {"count": grouped(least)}


def _own_words(ctx: dict[str, Any]) -> str | None:
    """A validator of ours raised ValueError with a sentence: that sentence, without pydantic's
    "Value error, " in front of it."""
    return str(ctx["error"]) or None


# pydantic's error types whose words take a value from the error's context (`ctx`).
WORDS_FROM_CONTEXT: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "string_too_long": lambda ctx: shorten_to(int(ctx["max_length"])),
    # At least one character is a box left empty (or only spaces): as the forms say a required one.
    "string_too_short": lambda ctx: (
        str(FILL_IN) if int(ctx["min_length"]) == 1 else write_more(int(ctx["min_length"]))
    ),
    # A pattern the API describes in words (a receipt code, a cursor) gets those words.
    "string_pattern_mismatch": lambda ctx: (
        words_for(str(ctx["pattern"]))
        # Never the regular expression itself (a new pattern without words; a test looks for them).
        or gettext("Please check how this is written: it holds characters this field does not take.")
    ),
    "too_long": _at_most_items,
    "too_short": _at_least_items,
    # The bound is all pydantic tells: "a number", whole or not, as the forms say it for a decimal.
    "greater_than": _bound(gettext_lazy("Please enter a number greater than %(least)s."), "gt", "least"),
    "greater_than_equal": _bound(NUMBER_AT_LEAST, "ge", "least"),
    "less_than": _bound(gettext_lazy("Please enter a number less than %(most)s."), "lt", "most"),
    "less_than_equal": _bound(NUMBER_AT_MOST, "le", "most"),
    "enum": _choices,
    "literal_error": _choices,
    "value_error": _own_words,
    "assertion_error": _own_words,
}


def plain_message(error: dict[str, Any]) -> str:
    """The product's words for one pydantic error, or pydantic's own for a type without any."""
    kind = str(error.get("type"))
    if kind in FIXED_WORDS:
        return str(FIXED_WORDS[kind])
    words = WORDS_FROM_CONTEXT.get(kind)
    try:
        message = words(error.get("ctx") or {}) if words is not None else None
    except (KeyError, TypeError, ValueError):  # a context without the value the words need
        message = None
    return message or str(error.get("msg", ""))


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    """The field as the caller wrote it: `text`, not `payload.text` (`payload` is the name of our
    function's parameter, which the caller never sees; `loc` keeps it, as pydantic gives it)."""
    parts = [str(part) for part in loc[1:]]
    if list(loc[:1]) == ["body"] and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _where_sent(loc: list[Any] | tuple[Any, ...]) -> list[Any]:
    """Ninja places a problem with an uploaded file at ["file", name]; the file travels in the
    multipart form, where the docs and our own problems about it (["form", "file"]) place it."""
    parts = list(loc)
    return ["form", *parts[1:]] if parts[:1] == ["file"] else parts


def schema_problems(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """The 400 body for a request that does not match the schema: each error with its `msg` in
    our words (everything else as pydantic gave it, but an upload's `loc` in the form, as sent),
    and `detail` naming each field with its words."""
    plain = [
        {**error, "loc": _where_sent(error.get("loc", [])), "msg": plain_message(error)} for error in errors
    ]
    problems = " ".join(f"{_field_name(e.get('loc', []))}: {e['msg']}" for e in plain)
    return {"detail": gettext("Invalid request. %(problems)s") % {"problems": problems}, "errors": plain}

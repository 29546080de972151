"""Form errors in the product's words, shown at their field.

Django's stock message for a choice that is not in the list ("Select a valid choice. 999 is not one
of the available choices.") shows the person an id they never typed, the one for a NUL byte in
text ("Null characters are not allowed.") says nothing of what to do, and its length and required
ones ("Ensure this value has at most 280 characters (it has 400).", "This field is required.") read
like a machine's. They reach people through a page left open while the lists changed, a pasted
fragment of a binary file, a long paste or an empty box. Its number and date ones ("Ensure this
value is less than or equal to 100.", "Enter a whole number.", "Enter a valid date.") say what is
wrong, not what to enter. `PlainForm` and `PlainModelForm` put our words in their place on every
field still carrying Django's (the words the concern pages already use; for a number, the range the
box takes; for a date, its shape); a field given its own words keeps them. Django renders each
field's errors with an id the field points at (aria-describedby, aria-invalid), so a template that
renders `{{ field.errors }}` next to `{{ field }}` ties the message to its field.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from upstream.lib.text import as_stored, grouped, problem_in, trimmed

CHOICE_NOT_OFFERED = _("Please choose one of the options in the list.")
FILL_IN = _("Please fill this in.")

# Number boxes: the range when the field has one, else what a number looks like.
WHOLE_FROM_TO = _("Please enter a whole number from %(least)s to %(most)s.")
WHOLE_AT_LEAST = _("Please enter a whole number of %(least)s or more.")
WHOLE_AT_MOST = _("Please enter a whole number of %(most)s or less.")
WHOLE = _("Please enter a whole number, in digits (for example 12).")
NUMBER_FROM_TO = _("Please enter a number from %(least)s to %(most)s.")
NUMBER_AT_LEAST = _("Please enter a number of %(least)s or more.")
NUMBER_AT_MOST = _("Please enter a number of %(most)s or less.")
NUMBER = _("Please enter a number, in digits (for example 2.5).")
IN_STEPS = _("Please enter a number in steps of %(step)s, such as %(first)s or %(second)s.")
LIMIT = "%(limit_value)s"  # Django's own placeholder, filled in when the model checks its limit
# Date and time boxes: the shape every browser and the API send.
ISO_DAY = "%Y-%m-%d"
DATE_WORDS = _("Please enter a date that exists, as year-month-day (for example 2026-03-31).")
TIME_WORDS = _("Please enter a time as hours:minutes (for example 14:30).")
DATE_TIME_WORDS = _(
    "Please enter a date and a time, as year-month-day hours:minutes (for example 2026-03-31 14:30)."
)

# Fields where the person picks a place or a role: the same words on every form that has them.
UNIT_CHOICE_ERRORS = {"invalid_choice": _("Please choose one of the places in the list.")}
ROLE_CHOICE_ERRORS = {
    "invalid_choice": _("Please choose one of the roles in the list, or “Prefer not to say”.")
}


def _is_stock(field: forms.Field, code: str) -> bool:
    """Whether the field's message for `code` is still one of Django's own."""
    message = field.error_messages.get(code)
    return message is not None and any(
        message is klass.__dict__.get("default_error_messages", {}).get(code) for klass in type(field).__mro__
    )


class Counted(str):
    """A "shorten this" message that, formatted by Django with the length validator's params (as a
    form's error is), adds how long the text is: "Please shorten this to 5,000 characters or fewer.
    It has 5,200." A writer over the limit was not told by how much (found by a new-user walk)."""

    def __mod__(self, params: object) -> str:  # type: ignore[override]
        shown = params.get("show_value") if isinstance(params, dict) else None
        if not isinstance(shown, int):
            return str(self)
        return gettext("%(message)s It has %(length)s.") % {"message": str(self), "length": grouped(shown)}


def shorten_to(most: int) -> str:
    """The words for text over its limit, the limit written as 5,000 (as the writing pages say it)."""
    return Counted(gettext("Please shorten this to %(most)s characters or fewer.") % {"most": grouped(most)})


def write_more(least: int) -> str:
    """The words for text under its minimum."""
    return gettext("Please write a little more: at least %(least)s characters.") % {"least": grouped(least)}


def _number(value: object) -> str:
    """A limit as the pages write numbers: 10,000 (as the length words do), 1 rather than 1.0."""
    if isinstance(value, Decimal):
        return grouped(value.normalize())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return grouped(value) if isinstance(value, int | float) else str(value)


def number_words(field: forms.IntegerField) -> dict[str, str]:
    """What to enter in a number box (IntegerField, or its FloatField and DecimalField), by error code.

    One sentence names the whole range when the field has one, whichever end was missed, or the
    box held no number at all. A limit the form field does not know (a model field's, checked by
    the model: a small integer column's) is left as Django's `%(limit_value)s` for it to fill in.
    """
    whole = not isinstance(field, forms.FloatField | forms.DecimalField)
    least, most = field.min_value, field.max_value
    if least is not None and most is not None:
        phrase = WHOLE_FROM_TO if whole else NUMBER_FROM_TO
        in_range = gettext(phrase) % {"least": _number(least), "most": _number(most)}
    else:
        in_range = None
    at_least = gettext(WHOLE_AT_LEAST if whole else NUMBER_AT_LEAST)
    at_most = gettext(WHOLE_AT_MOST if whole else NUMBER_AT_MOST)
    words = {
        "invalid": in_range or gettext(WHOLE if whole else NUMBER),
        "min_value": in_range or at_least % {"least": _number(least) if least is not None else LIMIT},
        "max_value": in_range or at_most % {"most": _number(most) if most is not None else LIMIT},
    }
    if field.step_size is not None:
        start = field.min_value or 0
        words["step_size"] = gettext(IN_STEPS) % {
            "step": _number(field.step_size),
            "first": _number(start + field.step_size),
            "second": _number(start + 2 * field.step_size),
        }
    return words


def refuse_unstorable(value: object) -> None:
    """Refuse a lone surrogate or a control character, in the words the concern pages use: the
    services refuse them too, but after the form, and some places stored them. (A NUL has Django's
    own validator, given our words below.) A JSON field's value is the parsed object, which has no
    characters of its own to check (allauth's passkey form: a credential)."""
    if not isinstance(value, str):
        return
    problem = problem_in(value.replace("\x00", ""))
    if problem:
        raise ValidationError(problem, code="unstorable")


def use_plain_words(fields: Iterable[forms.Field]) -> None:
    """Replace Django's stock choice, required, length, NUL, number and date messages on these
    (per-form) fields."""
    for field in fields:
        for code in ("invalid_choice", "invalid_pk_value"):
            if _is_stock(field, code):
                field.error_messages[code] = CHOICE_NOT_OFFERED
        if _is_stock(field, "required"):
            picks = isinstance(field, forms.ChoiceField)  # menus and lists of boxes
            field.error_messages["required"] = CHOICE_NOT_OFFERED if picks else FILL_IN
        if isinstance(field, forms.CharField):
            # The NUL and length checks are validators with their own messages, used unless the
            # field names one (Django's validators take the field's message for their code).
            field.error_messages.setdefault("null_characters_not_allowed", problem_in("\x00"))
            if refuse_unstorable not in field.validators:
                field.validators.append(refuse_unstorable)
            if field.max_length is not None:
                field.error_messages.setdefault("max_length", shorten_to(int(field.max_length)))
            if field.min_length is not None:
                field.error_messages.setdefault("min_length", write_more(int(field.min_length)))
        if isinstance(field, forms.IntegerField):  # FloatField and DecimalField are IntegerFields
            # "invalid" is the field's own message; the range and step are validators' (as above).
            words = number_words(field)
            if _is_stock(field, "invalid"):
                field.error_messages["invalid"] = words["invalid"]
            for code in ("min_value", "max_value", "step_size"):
                if code in words:
                    field.error_messages.setdefault(code, words[code])
        for kind, code, words in _DATE_AND_TIME:
            if isinstance(field, kind) and _is_stock(field, code):
                field.error_messages[code] = words
        if isinstance(field, forms.DateField):
            # Year-month-day only, as the words above ask and the date picker and the API send: the
            # English locale's input formats read "08/12/2026" in an address as 12 August and applied
            # it, while the box then showed empty (an officer's walk on the audit page).
            field.input_formats = [ISO_DAY]


# (field class, error code, our words); a SplitDateTimeField has a code for each half.
_DATE_AND_TIME = (
    (forms.DateTimeField, "invalid", DATE_TIME_WORDS),
    (forms.DateField, "invalid", DATE_WORDS),
    (forms.TimeField, "invalid", TIME_WORDS),
    (forms.SplitDateTimeField, "invalid_date", DATE_WORDS),
    (forms.SplitDateTimeField, "invalid_time", TIME_WORDS),
)


class PlainWords:
    """Mixin for a form: Django's stock choice, required, length, NUL, number and date messages become
    ours before checking.

    Done at checking time, after any `__init__` gave a field its own messages, so those win.
    """

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        use_plain_words(self.fields.values())
        super().full_clean()  # type: ignore[misc]

    def _widget_data_value(self, widget: forms.Widget, html_name: str) -> object:
        """A text box's line breaks as the browser and the writer count them: one character each,
        though the form sends them as two (CRLF), so without this a text shown as within the limit
        could be refused as too long. (Django's hook that every bound field reads through.)"""
        value = super()._widget_data_value(widget, html_name)  # type: ignore[misc]
        if isinstance(value, str) and not isinstance(widget, forms.PasswordInput):
            # Counted as it will be stored (lib.text.clean_user_text): composed (é typed as e and
            # an accent is one character), without direction controls or invisible characters at
            # the ends. A box that counted 12 was refused by the service as 5 or 6, in words that
            # were not the box's and not at the box (a new-user walk).
            value = as_stored(value)
        if isinstance(value, str) and not trimmed(value):
            return ""  # nothing visible (zero-width spaces): "Please fill this in.", as for spaces
        if isinstance(widget, forms.Textarea) and isinstance(value, str):
            return value.replace("\r\n", "\n").translate(_PASTED_BREAKS)
        if isinstance(value, str):
            return value.translate(_PASTED_SPACES)
        return value


# Page and line breaks that text copied from a PDF or a word processor carries (vertical tab, form
# feed, next line): they cannot be stored, and a writer told "an invisible control character" could
# not find them (a new-user walk). In a text box they become the line break they stand for; in a
# one-line box, a space. Other control characters are still refused, with words that say so.
_PASTED_BREAKS = str.maketrans(dict.fromkeys("\v\f\x85", "\n"))
_PASTED_SPACES = str.maketrans(dict.fromkeys("\v\f\x85", " "))


class UncutCharField(forms.CharField):
    """A CharField whose box takes everything typed or pasted: no `maxlength` on the widget.

    A browser meeting `maxlength` drops the end of a paste without a word (a 6,020-character story
    pasted into a 5,000 box kept 5,000, its ending lost). The limit is still checked when the form
    is sent, and the refusal ("Please shorten this to 5,000 characters or fewer.") comes back with
    every character kept, so the writer can shorten it themselves.
    """

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        say_the_limit(self)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def _limit_words(limit: int, minimum: int = 0) -> str:
    if minimum > 1:
        return gettext("Between %(minimum)s and %(count)s characters.") % {
            "minimum": grouped(minimum),
            "count": grouped(limit),
        }
    return ngettext("Up to %(count)s character.", "Up to %(count)s characters.", limit) % {
        "count": grouped(limit)
    }


# Lazy: the form is built once per request but the words follow the reader's language at rendering.
limit_words = lazy(_limit_words, str)


def say_the_limit(field: forms.Field) -> None:
    """A box with no `maxlength` gives no sign of its limit until the form is refused: say it under
    the label of a box for long text (a story, a statement), after its own help text if it has one
    (an action's details said what to write and not how much, and the limit came only as a
    refusal). Not under one-line boxes: nobody nears a title's 200 characters, and "Up to 200
    characters" under a search or a username is noise."""
    limit = getattr(field, "max_length", None)
    if not limit or not isinstance(field.widget, forms.Textarea):
        return
    words = limit_words(limit, getattr(field, "min_length", None) or 0)
    field.help_text = format_lazy("{} {}", field.help_text, words) if field.help_text else words


class NoSilentCut:
    """UncutCharField for every field of a form, the generated fields of a model form included (a
    resource's description), where declaring each field again would repeat the model."""

    fields: dict[str, forms.Field]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
            say_the_limit(field)


class PlainForm(PlainWords, forms.Form):
    pass


class PlainModelForm(PlainWords, forms.ModelForm):
    pass

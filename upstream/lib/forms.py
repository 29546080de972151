"""Form errors in the product's words, shown at their field.

Django's stock message for a choice that is not in the list ("Select a valid choice. 999 is not one
of the available choices.") shows the person an id they never typed, the one for a NUL byte in
text ("Null characters are not allowed.") says nothing of what to do, and its length and required
ones ("Ensure this value has at most 280 characters (it has 400).", "This field is required.") read
like a machine's. They reach people through a page left open while the lists changed, a pasted
fragment of a binary file, a long paste or an empty box. `PlainForm` and `PlainModelForm` put our
words in their place on every field still carrying Django's (the words the concern pages already
use); a field given its own words keeps them. Django renders each field's errors with an id the
field points at (aria-describedby, aria-invalid), so a template that renders `{{ field.errors }}`
next to `{{ field }}` ties the message to its field.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from upstream.lib.text import problem_in

CHOICE_NOT_OFFERED = _("Please choose one of the options in the list.")
FILL_IN = _("Please fill this in.")

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


def shorten_to(most: int) -> str:
    """The words for text over its limit, the limit written as 5,000 (as the writing pages say it)."""
    return gettext("Please shorten this to %(most)s characters or fewer.") % {"most": f"{most:,}"}


def write_more(least: int) -> str:
    """The words for text under its minimum."""
    return gettext("Please write a little more: at least %(least)s characters.") % {"least": f"{least:,}"}


def refuse_unstorable(value: str) -> None:
    """Refuse a lone surrogate or a control character, in the words the concern pages use: the
    services refuse them too, but after the form, and some places stored them. (A NUL has Django's
    own validator, given our words below.)"""
    problem = problem_in(value.replace("\x00", ""))
    if problem:
        raise ValidationError(problem, code="unstorable")


def use_plain_words(fields: Iterable[forms.Field]) -> None:
    """Replace Django's stock choice, required, length and NUL messages on these (per-form) fields."""
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


class PlainWords:
    """Mixin for a form: Django's stock choice, required, length and NUL messages become ours before
    checking.

    Done at checking time, after any `__init__` gave a field its own messages, so those win.
    """

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        use_plain_words(self.fields.values())
        super().full_clean()  # type: ignore[misc]

    def _widget_data_value(self, widget: forms.Widget, html_name: str) -> object:
        """A text box's line breaks as the browser counted them: its `maxlength` counts a line break
        as one character, but the form sends it as two (CRLF), so without this a text the box
        accepted could be refused as too long. (Django's hook that every bound field reads through.)"""
        value = super()._widget_data_value(widget, html_name)  # type: ignore[misc]
        if isinstance(widget, forms.Textarea) and isinstance(value, str):
            return value.replace("\r\n", "\n")
        return value


class PlainForm(PlainWords, forms.Form):
    pass


class PlainModelForm(PlainWords, forms.ModelForm):
    pass

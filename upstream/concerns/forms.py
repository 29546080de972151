"""Forms for the anonymous intake, the receipt page and the leader's replies."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from upstream.concerns.models import Status
from upstream.concerns.services import MAX_TEXT, MIN_TEXT
from upstream.intake import formkeys
from upstream.lib.forms import (
    ROLE_CHOICE_ERRORS,
    UNIT_CHOICE_ERRORS,
    Counted,
    PlainForm,
    UncutCharField,
    shorten_to,
    write_more,
)
from upstream.lib.text import grouped
from upstream.org.access import member_units, reportable_units, role_groups_of
from upstream.org.models import RoleGroup, Unit, User
from upstream.org.pickers import picker_labels
from upstream.privacy.groups import is_large_enough, min_group_size, people_in


def whole_organisation(top: Unit) -> str:
    """How a place picker names the top of the tree, where a concern about no one place goes."""
    return _("%(unit)s: the whole organisation (its well-being office)") % {"unit": top.name}


def default_unit(user: User) -> Unit | None:
    """The lowest level of the reporter's own units that still hides them among enough people.

    So a concern reaches the leaders who can act on it (a unit's own manager) unless the unit is
    too small to stay anonymous in, when it goes one level up, and so on.
    """
    for unit in member_units(user).order_by("-depth", "name"):
        for node in [unit, *reversed(unit.ancestors())]:
            if is_large_enough(people_in(node)):
                return node
    return None


def concern_text_errors() -> dict[str, str]:
    """Plain words for a concern's text box instead of Django's "Ensure this value has at least 10
    characters (it has 2)". Call it when the form is built: it is in the reader's language, with the
    limits written as 10 and 5,000."""
    return {
        "required": gettext("Please tell us what is getting in the way. A sentence or two is enough."),
        "min_length": gettext(
            "Please write a little more, at least %(least)s characters, so your leaders can "
            "understand what is happening."
        )
        % {"least": grouped(MIN_TEXT)},
        "max_length": Counted(
            gettext(
                "Please shorten this to %(most)s characters or fewer. You can add more later, as a "
                "reply with your receipt code."
            )
            % {"most": grouped(MAX_TEXT)}
        ),
    }


def message_text_errors(required: str) -> dict[str, str]:
    """The same for a message in a concern's thread (a reply, a leader's message)."""
    return {
        "required": required,
        "min_length": write_more(MIN_TEXT),
        "max_length": shorten_to(MAX_TEXT),
    }


class FormKeyField(forms.CharField):
    """A one-time key per rendered form: sending the same page twice files nothing twice."""

    def __init__(self) -> None:
        super().__init__(widget=forms.HiddenInput, required=False, max_length=200)

    def clean(self, value: object) -> str:
        value = super().clean(value)
        return value if value and formkeys.is_valid(value) else ""


class SpeakUpForm(PlainForm):
    text = UncutCharField(
        label=_("What is getting in the way of your well-being at work?"),
        help_text=_(
            "Describe the situation, not the person. Anything you write may be read by your unit's leaders."
        ),
        min_length=MIN_TEXT,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    unit = forms.ChoiceField(
        label=_("Where does this happen? (optional)"), required=False, error_messages=UNIT_CHOICE_ERRORS
    )
    role_group = forms.ChoiceField(
        label=_("Your role (optional)"), required=False, error_messages=ROLE_CHOICE_ERRORS
    )
    # Set by the "submit anyway" button once the reporter has seen the warnings.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    form_key = FormKeyField()

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages = concern_text_errors()
        self.units = {str(u.pk): u for u in reportable_units(user)}
        # The top of the tree is the whole organisation: one choice, named both ways. A separate
        # "whole organisation" option beside the health system's own name read as two places.
        # An empty choice (an older page, or none picked) still goes there.
        labels = picker_labels(self.units.values())  # two hospitals' "Medicine" told apart
        self.fields["unit"].choices = [
            (key, whole_organisation(unit) if unit.depth == 1 else labels[unit.pk])
            for key, unit in self.units.items()
        ]
        self.suggested_unit = default_unit(user)
        self.minimum = min_group_size()
        if not self.is_bound and "unit" not in self.initial and self.suggested_unit is not None:
            self.initial["unit"] = str(self.suggested_unit.pk)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())
        own_roles = role_groups_of(user)
        roles = [(value, label) for value, label in RoleGroup.choices if value in own_roles] or list(
            RoleGroup.choices
        )
        self.fields["role_group"].choices = [("", _("Prefer not to say"))] + roles

    def chosen_unit(self) -> Unit | None:
        return self.units.get(self.cleaned_data.get("unit") or "")


class ReceiptForm(PlainForm):
    receipt = forms.CharField(
        label=_("Your receipt code"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class ReplyForm(PlainForm):
    receipt = forms.CharField(widget=forms.HiddenInput, max_length=64)
    form_key = FormKeyField()
    # Sent by "Send anyway" once the page has said the reply seems to name someone.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    text = UncutCharField(
        label=_("Reply to your leaders"),
        min_length=MIN_TEXT,
        max_length=MAX_TEXT,
        # Written in any language: the box runs right to left for Arabic or Hebrew.
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages = message_text_errors(gettext("Please write your reply."))


class LeaderMessageForm(PlainForm):
    text = UncutCharField(
        label=_("Write to the reporter"),
        min_length=MIN_TEXT,
        max_length=MAX_TEXT,
        # Written in any language: the box runs right to left for Arabic or Hebrew.
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("The reporter reads this with their receipt code. Your name is shown with it."),
    )
    form_key = FormKeyField()  # a double tap or Back and send again sends the reporter one message

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())
        self.fields["text"].error_messages = message_text_errors(
            gettext("Please write your message to the reporter.")
        )


# The usual next step, offered first in the status form.
NEXT_STATUS = {
    Status.NEW: Status.ACKNOWLEDGED,
    Status.ACKNOWLEDGED: Status.IN_PROGRESS,
    Status.IN_PROGRESS: Status.ACTION_TAKEN,
    Status.ACTION_TAKEN: Status.CLOSED,
    Status.CLOSED: Status.IN_PROGRESS,
}


class StatusForm(PlainForm):
    status = forms.ChoiceField(choices=[c for c in Status.choices if c[0] != Status.NEW], label=_("Move to"))
    explanation = UncutCharField(
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Explanation for the reporter"),
        help_text=_("Required when closing: say what was decided and why."),
    )
    # The status the page was drawn at: a page left open while a colleague moved the concern is
    # refused (services.StatusChanged) instead of moving it back over them. Empty from older pages.
    # No length limit: a value that is no status is simply not the current one.
    from_status = forms.CharField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_concern(cls, concern, *, explanation: str | None = None, error: str = "") -> StatusForm:
        """Only the moves allowed from the current status, the usual next one selected. With
        `explanation` (what the leader wrote on a page that was out of date) the form comes back
        filled in, `error` said above it."""
        values = {"status": NEXT_STATUS[concern.status], "from_status": concern.status}
        if explanation is None:
            form = cls(initial=values)
        else:
            form = cls({**values, "explanation": explanation})
        form.offer_moves_from(concern.status)
        if error and form.is_bound:
            form.is_valid()
            form.add_error(None, error)
        return form

    @classmethod
    def sent_for(cls, concern, data) -> StatusForm:  # type: ignore[no-untyped-def]
        """The form as sent, offering (after a refusal) only the moves from the current status: it
        offered every status, the current one among them, which was then refused as no move."""
        form = cls(data)
        form.offer_moves_from(concern.status)
        return form

    def offer_moves_from(self, current: str) -> None:
        from upstream.concerns.services import ALLOWED_MOVES

        allowed = ALLOWED_MOVES[current]
        self.fields["status"].choices = [c for c in Status.choices if c[0] in allowed]

    def clean(self) -> dict:
        # At the box that needs it, so the keyboard lands there (the service says the same to the API).
        cleaned = super().clean()
        # Not when the explanation was refused for itself (too long, say): it was written, and
        # "needs an explanation" under "Please shorten this" told the leader otherwise (a walk).
        refused = "explanation" in self.errors
        if cleaned.get("status") == Status.CLOSED and not cleaned.get("explanation") and not refused:
            self.add_error("explanation", _("Closing a concern needs an explanation for the reporter."))
        return cleaned

"""The form for writing with a speak-up token: no account, so every unit and role is offered."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from upstream.concerns.forms import concern_text_errors, whole_organisation
from upstream.concerns.services import MAX_TEXT, MIN_TEXT
from upstream.lib.forms import ROLE_CHOICE_ERRORS, UNIT_CHOICE_ERRORS, PlainForm, UncutCharField
from upstream.org.models import RoleGroup, Unit
from upstream.org.pickers import picker_labels
from upstream.speakup.services import MAX_CODE_LENGTH


class TokenConcernForm(PlainForm):
    token = forms.CharField(
        label=_("Your speak-up code"),
        # Not "or pick a saved one below" alone: codes got without "mine alone" ticked are saved for
        # the account, which this page (reading no session) cannot offer, and a walk read "None here"
        # under that promise as a contradiction of the codes page's "saved in this browser".
        help_text=_(
            "Paste one of the codes you got while signed in. Codes got on this device with “This phone "
            "or computer is mine alone” ticked are offered below too."
        ),
        max_length=MAX_CODE_LENGTH * 2,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "data-token-field": "",
            }
        ),
    )
    text = UncutCharField(
        label=_("What is getting in the way of your well-being at work?"),
        help_text=_(
            "Describe the situation, not the person. Anything you write may be read by the unit's leaders."
        ),
        min_length=MIN_TEXT,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    unit = forms.ChoiceField(
        label=_("Where does this happen? (optional)"),
        required=False,
        error_messages=UNIT_CHOICE_ERRORS,
        # This form knows no one, so it cannot start on the writer's unit as the signed-in one does: a
        # writer who skipped it did not know their concern would go to the well-being office.
        help_text=_(
            "Choose your unit or department so that its leaders receive it. Left as it is, it goes to "
            "the well-being office of the whole organisation."
        ),
    )
    role_group = forms.ChoiceField(
        label=_("Your role (optional)"), required=False, error_messages=ROLE_CHOICE_ERRORS
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages = concern_text_errors()
        self.units = {str(u.pk): u for u in Unit.objects.get_tree()}
        # The indent shows where a unit sits, but is not read aloud: a name two hospitals share
        # also says whose it is.
        labels = picker_labels(self.units.values())
        # The top of the tree is where a concern about no one place goes: one choice, not a "don't
        # say" option beside the health system's own name (read as two places). Empty still goes there.
        self.fields["unit"].choices = [
            (key, whole_organisation(u) if u.depth == 1 else "\u2003" * (u.depth - 1) + labels[u.pk])
            for key, u in self.units.items()
        ]
        self.fields["role_group"].choices = [("", _("Prefer not to say")), *RoleGroup.choices]

    def chosen_unit(self) -> Unit | None:
        return self.units.get(self.cleaned_data.get("unit") or "")

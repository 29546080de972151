"""Forms for the anonymous intake, the receipt page and the leader's replies."""

from __future__ import annotations

from django import forms

from upstream.concerns.models import Status
from upstream.concerns.services import MAX_TEXT, MIN_TEXT
from upstream.org.access import reportable_units, role_groups_of
from upstream.org.models import RoleGroup, Unit, User


class SpeakUpForm(forms.Form):
    text = forms.CharField(
        label="What is getting in the way of your well-being at work?",
        help_text=(
            "Describe the situation, not the person. Anything you write may be read by your unit's leaders."
        ),
        min_length=MIN_TEXT,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": MAX_TEXT}),
    )
    unit = forms.ChoiceField(label="Where does this happen? (optional)", required=False)
    role_group = forms.ChoiceField(label="Your role (optional)", required=False)
    # Set by the "submit anyway" button once the reporter has seen the warnings.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in reportable_units(user)}
        self.fields["unit"].choices = [("", "Don't say: send it to the whole organisation")] + [
            (key, unit.label()) for key, unit in self.units.items()
        ]
        own_roles = role_groups_of(user)
        roles = [(value, label) for value, label in RoleGroup.choices if value in own_roles] or list(
            RoleGroup.choices
        )
        self.fields["role_group"].choices = [("", "Prefer not to say")] + roles

    def chosen_unit(self) -> Unit | None:
        return self.units.get(self.cleaned_data.get("unit") or "")


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label="Your receipt code",
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class ReplyForm(forms.Form):
    receipt = forms.CharField(widget=forms.HiddenInput, max_length=64)
    text = forms.CharField(
        label="Reply to your leaders",
        min_length=MIN_TEXT,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LeaderMessageForm(forms.Form):
    text = forms.CharField(
        label="Write to the reporter",
        min_length=MIN_TEXT,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The reporter reads this with their receipt code. Your name is shown with it.",
    )


# The usual next step, offered first in the status form.
NEXT_STATUS = {
    Status.NEW: Status.ACKNOWLEDGED,
    Status.ACKNOWLEDGED: Status.IN_PROGRESS,
    Status.IN_PROGRESS: Status.ACTION_TAKEN,
    Status.ACTION_TAKEN: Status.CLOSED,
    Status.CLOSED: Status.IN_PROGRESS,
}


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[c for c in Status.choices if c[0] != Status.NEW], label="Move to")

    @classmethod
    def for_concern(cls, concern) -> StatusForm:
        """Only the moves allowed from the current status, the usual next one selected."""
        from upstream.concerns.services import ALLOWED_MOVES

        form = cls(initial={"status": NEXT_STATUS[concern.status]})
        allowed = ALLOWED_MOVES[concern.status]
        form.fields["status"].choices = [c for c in Status.choices if c[0] in allowed]
        return form

    explanation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Explanation for the reporter",
        help_text="Required when closing: say what was decided and why.",
    )

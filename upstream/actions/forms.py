from __future__ import annotations

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from upstream.actions.services import TEXT_MAX, TITLE_MAX
from upstream.concerns.access import inbox
from upstream.concerns.models import OPEN_STATUSES
from upstream.lib.forms import UNIT_CHOICE_ERRORS, PlainForm, UncutCharField
from upstream.org.access import led_units
from upstream.org.models import Unit, User


class ActionForm(PlainForm):
    title = UncutCharField(max_length=TITLE_MAX, label=_("What will change"))
    description = UncutCharField(
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Details for staff"),
        help_text=_("Published to everyone in the scope. Describe the change, not the concerns' wording."),
    )
    scope = forms.ChoiceField(label=_("Who sees it (scope)"), error_messages=UNIT_CHOICE_ERRORS)
    concerns = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Concerns this answers")
    )

    def __init__(self, *args: object, leader: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        units: list[Unit] = []
        for top in led_units(leader):
            units.extend(top.subtree())
        self.units = {str(u.pk): u for u in units}
        self.fields["scope"].choices = [(k, u.label()) for k, u in self.units.items()]
        open_concerns = list(inbox(leader).filter(status__in=OPEN_STATUSES)[:100])
        self.listed = open_concerns  # excerpts shown on the page: the view records them as reads
        self.fields["concerns"].choices = [
            (str(c.pk), f"{c.reference} · {c.unit.name} · {Truncator(c.text).chars(80)}")
            for c in open_concerns
        ]

    def chosen_scope(self) -> Unit:
        return self.units[self.cleaned_data["scope"]]

    def action_fields(self) -> dict[str, object]:
        """What services.create_action and services.edit_draft take, from a valid form."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "scope": self.chosen_scope(),
            "concern_ids": data["concerns"],
        }


class ActionUpdateForm(PlainForm):
    text = UncutCharField(
        max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}), label=_("What changed")
    )
    progress = forms.IntegerField(min_value=0, max_value=100, required=False, label=_("Progress (%)"))

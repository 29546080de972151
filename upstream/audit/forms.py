from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from upstream.audit.services import ReadFilter, readers
from upstream.lib.forms import UNIT_CHOICE_ERRORS, PlainForm
from upstream.org.models import Unit
from upstream.org.pickers import picker_labels

INDENT = "\u2003"  # an em space: not collapsed in an option, not read aloud, not taken for a separator


class ReadFilterForm(PlainForm):
    leader = forms.ModelChoiceField(queryset=None, required=False, label=_("Leader"), empty_label=_("Anyone"))
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.order_by("path"),
        required=False,
        label=_("Unit"),
        empty_label=_("All units"),
        error_messages=UNIT_CHOICE_ERRORS,
    )
    since = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = readers()
        self.fields["leader"].label_from_instance = lambda user: user.get_full_name() or user.username
        self.fields["unit"].label_from_instance = self._unit_label
        self._unit_labels: dict[int, str] | None = None

    def _unit_label(self, unit: Unit) -> str:
        """Indented by depth with em spaces, as the speak-up form's units: the indent was middle dots
        beside the " · " that names a hospital ("· · Medicine · Riverbend General"), which read as
        garbage. The label is the other pickers' ("Medicine (department) · Riverbend General" where
        two hospitals have one); read aloud, the indent says nothing. Worked out once, when the list
        is first drawn."""
        if self._unit_labels is None:
            self._unit_labels = picker_labels(self.fields["unit"].queryset)
        return INDENT * (unit.depth - 1) + self._unit_labels.get(unit.pk, unit.label())

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The first day must not be after the last."))
        return cleaned

    def read_filter(self) -> ReadFilter:
        data = self.cleaned_data
        return ReadFilter(leader=data["leader"], unit=data["unit"], since=data["since"], until=data["until"])

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from upstream.actions.services import TEXT_MAX, TITLE_MAX
from upstream.concerns.access import inbox, visible_concerns
from upstream.concerns.forms import FormKeyField
from upstream.concerns.models import OPEN_STATUSES, Concern
from upstream.intake import formkeys
from upstream.lib.forms import UNIT_CHOICE_ERRORS, PlainForm, UncutCharField
from upstream.org.access import led_units
from upstream.org.models import Unit, User
from upstream.org.pickers import picker_labels

# The open concerns listed for a new action, first in inbox order; named ones come on top of these.
OPEN_LISTED = 100
# Concerns named or ticked that one form lists besides: a draft links at most 100 (the API's limit).
NAMED_MAX = 200


def _concern_id(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _choice_label(concern: Concern) -> str:
    excerpt = Truncator(concern.text).chars(80)
    if concern.status in OPEN_STATUSES:
        return f"{concern.reference} · {concern.unit.name} · {excerpt}"
    # A concern already answered or closed, listed because it was named: its status says why.
    return f"{concern.reference} · {concern.unit.name} · {concern.get_status_display()} · {excerpt}"


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
    # A new action's form sent twice saves one draft; editing a draft twice saves the same words.
    form_key = FormKeyField()

    def __init__(self, *args: object, leader: User, named: Iterable[object] = (), **kwargs: object) -> None:
        """`named`: concerns the leader came with (the concern page's ?concern=, a draft's links).
        They are listed whatever their status and however far down the inbox, and ticked on a new
        form: a concern left out of the list was dropped from the action without a word."""
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())
        units: list[Unit] = []
        for top in led_units(leader):
            units.extend(top.subtree())
        self.units = {str(u.pk): u for u in units}
        labels = picker_labels(self.units.values())  # "Medicine (department) · Riverbend General"
        self.fields["scope"].choices = [(k, labels[u.pk]) for k, u in self.units.items()]
        named_concerns = self._named(leader, named)
        open_concerns = list(inbox(leader).filter(status__in=OPEN_STATUSES)[:OPEN_LISTED])
        # Those not among the open ones go on top; the rest keep their place, so a refused form
        # comes back in the order it was drawn.
        shown = {c.pk for c in open_concerns}
        self.listed = [c for c in named_concerns if c.pk not in shown] + open_concerns
        # Every excerpt listed is shown on the page: the view records them all as reads.
        self.fields["concerns"].choices = [(str(c.pk), _choice_label(c)) for c in self.listed]
        if not self.is_bound and named_concerns:
            ticked = [str(pk) for pk in self.initial.get("concerns", ())]
            self.initial["concerns"] = list(dict.fromkeys(ticked + [str(c.pk) for c in named_concerns]))

    def _named(self, leader: User, named: Iterable[object]) -> list[Concern]:
        """The named concerns and, on a sent form, the ticked ones, that this leader may read (the
        gatekeeper's own query: another unit's concern, or no concern, is simply not listed)."""
        wanted = list(named)
        if self.is_bound:
            field = self.fields["concerns"]
            wanted += field.widget.value_from_datadict(self.data, self.files, self.add_prefix("concerns"))
        ids = list(dict.fromkeys(key for key in map(_concern_id, wanted) if key is not None))[:NAMED_MAX]
        if not ids:
            return []
        return list(
            visible_concerns(leader)
            .filter(pk__in=ids)
            .select_related("unit")
            .order_by("inbox_tier", "inbox_due", "-visible_from", "-id")
        )

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
    form_key = FormKeyField()  # a double tap or Back and post again posts the update once

    def __init__(self, *args: object, current: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())
        if current is not None:
            # An empty box keeps the figure; a lower one is allowed (a setback) and said when posted.
            self.fields["progress"].help_text = gettext("Now %(progress)s%%. Leave empty to keep it.") % {
                "progress": current
            }

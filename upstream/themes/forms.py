from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from upstream.concerns.models import Concern
from upstream.lib.forms import PlainForm
from upstream.themes.models import ConcernTheme, Theme


def _choices() -> list[tuple[str, str]]:
    choices = [(t.key, t.label) for t in Theme.objects.filter(active=True)]
    return sorted(choices, key=lambda choice: choice[1].casefold())


class CorrectionForm(PlainForm):
    primary = forms.ChoiceField(label=_("Main theme"))
    secondary = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Also about")
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices = _choices()
        self.fields["primary"].choices = choices
        self.fields["secondary"].choices = choices

    @classmethod
    def for_concern(cls, concern: Concern, rows: list[ConcernTheme] | None = None) -> CorrectionForm:
        """Prefilled with the concern's themes; pass `rows` (with their themes) when already loaded."""
        if rows is None:
            rows = list(concern.themes.select_related("theme"))
        primary = next((r.theme.key for r in rows if r.primary), "")
        return cls(initial={"primary": primary, "secondary": [r.theme.key for r in rows if not r.primary]})

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from upstream.api.models import Scope
from upstream.api.tokens import MAX_DAYS, NAME_MAX
from upstream.concerns.forms import FormKeyField
from upstream.intake import formkeys
from upstream.lib.forms import PlainForm

EXPIRY_CHOICES = [
    ("30", _("In 30 days")),
    ("90", _("In 90 days")),
    ("366", _("In a year")),
    ("", _("Never")),
]


class TokenForm(PlainForm):
    name = forms.CharField(
        label=_("What it is for (optional)"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("For example: HR integration, nightly export."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"),
        choices=Scope.choices,
        initial=[Scope.READ],
        widget=forms.CheckboxSelectMultiple,
        # "Please choose one of the options in the list." (the words for a menu) did not say to tick a box.
        error_messages={"required": _("Tick at least one scope: what this token may do.")},
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires"),
        choices=EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
        # Filled in when the page is drawn: `%` on a lazy string would fix it in English at import.
        help_text=lazy(lambda: gettext("At most %(days)d days, or never.") % {"days": MAX_DAYS}, str)(),
    )
    form_key = FormKeyField()  # sent twice (a double click, Back and send again), one token is made

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())

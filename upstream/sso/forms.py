"""allauth's second-factor sign-in form, saying what the box takes.

A leader without their phone read only "Please enter an authenticator code" and took themselves to
be locked out, though a recovery code typed in the same box signs them in (a new-user walk); the
box also had no focus when the page opened. Wired in by MFA_FORMS (settings).
"""

from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm
from django.utils.translation import gettext_lazy as _

from upstream.lib.forms import PlainWords


class CodeOrRecoveryForm(PlainWords, AuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = _("Code from your authenticator app, or a recovery code")
        code.help_text = _(
            "Six digits, as your app shows them now. Lost your phone? Type one of the recovery codes "
            "you saved when you set this up, in this same box."
        )
        code.widget.attrs.update({"autofocus": True, "inputmode": "numeric", "autocomplete": "one-time-code"})

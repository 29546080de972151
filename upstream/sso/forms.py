"""allauth's second-factor sign-in form, saying what the box takes.

A leader without their phone read only "Please enter an authenticator code" and took themselves to
be locked out, though a recovery code typed in the same box signs them in (a new-user walk); the
box also had no focus when the page opened. The passkey forms label their name box. Wired in by
MFA_FORMS (settings).
"""

from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm, EditWebAuthnForm
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


class _PasskeyName:
    """The passkey's name box, in the product's words: allauth's forms leave the label to Django,
    which derives an untranslated "Name" from the field (a Spanish-language walk)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        name = self.fields["name"]  # type: ignore[attr-defined]
        name.label = _("Name of this key")
        name.help_text = _("So you can tell your keys apart, such as “work laptop” or “my phone”.")


class AddPasskeyForm(PlainWords, _PasskeyName, AddWebAuthnForm):
    pass


class RenamePasskeyForm(PlainWords, _PasskeyName, EditWebAuthnForm):
    pass

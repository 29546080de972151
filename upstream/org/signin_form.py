"""allauth's sign-in form with a label that names what to type.

allauth labels the field "Login", which reads as the action rather than the thing asked for, and
whose Spanish translation ("Iniciar sesión") is the same words as the page's heading and button;
and its "Remember Me" is in title case, alone among the product's labels (as are the password
change form's).
"""

from __future__ import annotations

from allauth.account.forms import ChangePasswordForm, LoginForm, ResetPasswordForm
from django.utils.translation import gettext_lazy as _

from upstream.lib.forms import PlainWords


class SignInForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
        # "username" is what password managers fill here; allauth marks the box as an email field.
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")
        # allauth puts "Forgot your password?" in the password's help text, which our fields draw
        # between the label and the box: Tab from the username reached the link, the password went
        # nowhere and Enter opened the reset page. The sign-in page links it after the button.
        self.fields["password"].help_text = ""


class PasswordChangeForm(ChangePasswordForm):
    """allauth's labels in sentence case, as every other label here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = _("Current password")
        self.fields["password1"].label = _("New password")
        self.fields["password2"].label = _("New password, again")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)  # the label says it, in sentence case


class PasswordResetForm(PlainWords, ResetPasswordForm):
    """The reset page's email box in the product's words: a 10,000-character paste read "Ensure this
    value has at most 320 characters (it has 10000).", Django's stock sentence (walk probe, stop 38),
    where every other box says "Please shorten this to 320 characters or fewer."."""

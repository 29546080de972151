"""allauth's sign-in form with a label that names what to type.

allauth labels the field "Login", which reads as the action rather than the thing asked for, and
whose Spanish translation ("Iniciar sesión") is the same words as the page's heading and button;
and its "Remember Me" is in title case, alone among the product's labels.
"""

from __future__ import annotations

from allauth.account.forms import LoginForm
from django.utils.translation import gettext_lazy as _


class SignInForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")

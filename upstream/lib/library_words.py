"""Words of the sign-in library (allauth) and of Django that the product's Spanish says its own way.

Their Spanish catalogues speak to the reader as "tú" on the two-factor and email pages the product's
leaders must use ("Descarga los códigos", "¿Estás seguro...?", an email saying "vete a"), call one
feature by three names and a passkey by four, and answer the sign-in form in Django's words, not
the product's (a Spanish-language walk). A message listed here is translated in the product's own
catalogue, which Django reads before any app's (LOCALE_PATHS), so the product's "usted" and
vocabulary win. The function is never called: `makemessages` reads the calls, and a test checks
each message is still one the library uses (a renamed one would silently stop being overridden).
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext


def _messages_the_product_translates() -> None:  # pragma: no cover - read by makemessages only
    # allauth: account and email pages
    gettext(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup "
        "process. If you do not see the verification email in your main inbox, check your spam folder. "
        "Please contact us if you do not receive the verification email within a few minutes."
    )
    gettext(
        "You're receiving this email because user %(user_display)s has given your email address to "
        "register an account on %(site_domain)s."
    )
    gettext("To confirm this is correct, go to %(activate_url)s")
    gettext("Email address %(deleted_email)s has been removed from your account.")
    gettext(
        "You currently do not have any email address set up. You should really add an email address so "
        "you can receive notifications, reset your password, etc."
    )
    gettext('<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.')
    gettext("Your email has been changed from %(from_email)s to %(to_email)s.")
    gettext("A third-party account from %(provider)s has been disconnected from your account.")
    gettext("Add Email")
    gettext("Re-send Verification")
    gettext("Account Connections")
    gettext("New Password")
    gettext("New Password (again)")
    gettext("Enter your password:")
    gettext("Be patient, you are sending too many requests.")
    # allauth: two-factor pages
    gettext("Two-Factor Authentication")
    gettext("Your account is protected by two-factor authentication. Please enter an authenticator code:")
    gettext("You cannot generate recovery codes without having two-factor authentication enabled.")
    gettext("You are about to generate a new set of recovery codes for your account.")
    gettext("Save them  in a secure location now — they won't be shown again.")
    gettext("Download codes")
    gettext("View")
    gettext("Use authenticator app or code")
    gettext("Enter an authenticator code:")
    gettext(
        "If you choose to trust this browser, you will not be asked for a verification code the next "
        "time you sign in."
    )
    # allauth: passkeys, which the product calls "llaves de acceso"
    gettext("Security Keys")
    gettext("Add Security Key")
    gettext("Use a security key")
    gettext("Security key added.")
    gettext("This key does not indicate whether it is a passkey.")
    gettext("Passkey")
    gettext("Are you sure you want to remove this security key?")
    gettext("Added on %(created_at)s")
    gettext("Add")
    ngettext("You have added %(count)s security key.", "You have added %(count)s security keys.", 1)
    # Django: the sign-in and reset forms, in the product's form words
    gettext("This field is required.")
    gettext("Enter a valid email address.")

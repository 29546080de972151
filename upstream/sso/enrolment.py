"""What changes about signing in when an account proves an address or meets its identity provider.

An account linked to the identity provider signs in there from then on: its local password is
removed, as docs/sso.md says. allauth removes it only when the address was unverified, so a leader
who had set a password (by a reset, which verifies the address) kept it after linking, and a leaver
whom IT disabled at the IdP could still sign in with it.

A password reset proves the address: allauth refuses to set up a second factor while any of the
account's addresses is unverified (so that someone who signed up with another person's address
cannot lock its owner out). Asking for a reset leaves an unverified address row behind, and
completing it verified nothing, so an imported leader who set a password through "Forgot your
password?" was held at the second-factor page with no way on. The link reached the address, so
completing the reset marks it verified.

An address the organisation gave is proved already. While self-signup is off (the default), every
account's address was set by an operator (the organisation import, the admin, `createsuperuser`)
or sent by the identity provider; allauth records it as an unverified address the first time a page
needs one (the Email page, a reset link's check), and from then on refused the second factor, with
no mail to verify it by in a trial: a leader who had opened the Email page could reach no page at
all (a Spanish-language walk). Such a record is written verified. With self-signup on, anyone may
type anyone's address, so allauth's rule stands.

Right after someone proves an authenticator app works, they may see their recovery codes. allauth
asks for the password or a code again before showing recovery codes; the code just typed to
activate the app is that proof, so it counts as a fresh confirmation (kept in the signed session
cookie, never in the database). Without this, a leader held at the set-up is asked for a second code
a second later.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from allauth.socialaccount.signals import social_account_added
from django.conf import settings
from django.db.models.signals import pre_save


def _password_gives_way_to_the_provider(sender, request, sociallogin, **kwargs) -> None:
    user = sociallogin.user
    if user.pk is not None and user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])


def _address_proved_by_reset(sender, request, user, **kwargs) -> None:
    if user.email:
        EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)


def _address_given_by_the_organisation(sender, instance: EmailAddress, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is not None or instance.verified or settings.UPSTREAM_OPEN_SIGNUP:
        return
    given = instance.user.email
    if given and given.lower() == instance.email.lower():
        instance.verified = True


def _confirmed_by_activation(sender, request, user, authenticator, **kwargs) -> None:
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, method="mfa", type="totp", reauthenticated=True)


def connect() -> None:
    authenticator_added.connect(_confirmed_by_activation, dispatch_uid="sso_confirmed_by_activation")
    password_reset.connect(_address_proved_by_reset, dispatch_uid="sso_address_proved_by_reset")
    pre_save.connect(
        _address_given_by_the_organisation, sender=EmailAddress, dispatch_uid="sso_address_given"
    )
    social_account_added.connect(_password_gives_way_to_the_provider, dispatch_uid="sso_password_gives_way")

"""Right after someone proves an authenticator app works, they may see their recovery codes.

allauth asks for the password or a code again before showing recovery codes; the code just typed to
activate the app is that proof, so it counts as a fresh confirmation (kept in the signed session
cookie, never in the database). Without this, a leader held at the set-up is asked for a second code
a second later.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added


def _confirmed_by_activation(sender, request, user, authenticator, **kwargs) -> None:
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, method="mfa", type="totp", reauthenticated=True)


def connect() -> None:
    authenticator_added.connect(_confirmed_by_activation, dispatch_uid="sso_confirmed_by_activation")

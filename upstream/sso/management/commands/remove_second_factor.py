"""`upstream remove-second-factor USERNAME`: the way back in for someone whose phone and recovery
codes are both gone, the only operator included.

The admin's *MFA > Authenticators* page does this for anyone else, but it sits behind a second
factor itself: a deployment's sole operator who lost theirs had no way back but the database
shell. This runs on the server, as the `upstream` user, which is already the last word.
"""

from __future__ import annotations

import logging

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from upstream.lib.commands import TranslatedHelp

log = logging.getLogger(__name__)


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Remove every second factor (authenticator app, passkeys, recovery codes) of USERNAME, who then "
        "sets one up again at their next sign-in. For a lost phone without recovery codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(gettext("No account is named %(name)s.") % {"name": options["username"]})
        factors = Authenticator.objects.filter(user=user)
        kinds = sorted(
            {str(Authenticator.Type(kind).label) for kind in factors.values_list("type", flat=True)}
        )
        if not kinds:
            self.stdout.write(
                gettext("%(name)s has no second factor. Nothing changed.") % {"name": user.username}
            )
            return
        factors.delete()
        # The account's number, not its name: the log is read by more people than the admin is.
        log.info("second factors removed by an operator for account %s", user.pk)
        message = gettext(
            "Removed from %(name)s: %(kinds)s. They set up a new second factor at their next sign-in "
            "(or a signed-in page sends them there, if they must have one)."
        )
        self.stdout.write(message % {"name": user.username, "kinds": ", ".join(kinds)})

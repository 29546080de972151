from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from upstream.api.models import Scope
from upstream.api.tokens import TokenError, issue_token
from upstream.lib.commands import TranslatedHelp
from upstream.org.models import User
from upstream.sso.access import has_second_factor, requires_mfa


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy("Create an API token for USERNAME and print it once (it is stored only as a digest).")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="", help=gettext_lazy("What the token is for, e.g. 'HR integration'.")
        )
        parser.add_argument(
            "--scopes",
            default="read,write",
            help=gettext("Comma-separated, from: %(scopes)s (default: read,write).")
            % {"scopes": ", ".join(Scope.values)},
        )
        parser.add_argument(
            "--days", type=int, default=None, help=gettext_lazy("Expire after this many days (1-366).")
        )

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(
                gettext("No account with username %(username)r.") % {"username": options["username"]}
            )
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            _row, plain = issue_token(user, options["name"], scopes, options["days"])
        except TokenError as error:
            raise CommandError(str(error)) from None
        # The token alone, so a script can capture it; the warning goes to stderr.
        self.stdout.write(plain)
        if requires_mfa(user) and not has_second_factor(user):
            self.stderr.write(
                gettext(
                    "This account must set up a second factor (sign in once and add an authenticator "
                    "app or a passkey) before the API accepts the token: until then it answers 403."
                )
            )

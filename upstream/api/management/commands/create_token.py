from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from upstream.api.models import Scope
from upstream.api.tokens import TokenError, issue_token
from upstream.org.models import User


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it once (it is stored only as a digest)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'HR integration'.")
        parser.add_argument(
            "--scopes",
            default="read,write",
            help=f"Comma-separated, from: {', '.join(Scope.values)} (default: read,write).",
        )
        parser.add_argument("--days", type=int, default=None, help="Expire after this many days (1-366).")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account with username {options['username']!r}.")
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            _row, plain = issue_token(user, options["name"], scopes, options["days"])
        except TokenError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(plain)

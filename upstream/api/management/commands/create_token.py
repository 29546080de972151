from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from upstream.api.tokens import create_token
from upstream.org.models import User


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it once (it is stored only as a digest)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'HR integration'.")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account with username {options['username']!r}.")
        self.stdout.write(create_token(user, options["name"]))

"""`upstream load-demo`: build the Riverbend Health demo system once, then print its logins.

Idempotent: when the demo system exists it only prints the logins; it never loads into a database
that holds another organisation.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext, gettext_lazy

from upstream.lib.commands import TranslatedHelp
from upstream.org import demo


@contextlib.contextmanager
def _quiet(name: str) -> Iterator[None]:
    """The named logger's INFO lines held back while the block runs (warnings still show)."""
    logger = logging.getLogger(name)
    previous = logger.level
    logger.setLevel(max(previous, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(previous)


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Load the Riverbend Health demo (units, people, concerns, actions, a listening session, early "
        "warnings) and print the demo logins."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.demo_exists():
            self.stdout.write(gettext("The Riverbend Health demo is already loaded."))
        elif demo.other_org_exists():
            self.stdout.write(
                gettext(
                    "This database already holds an organisation, so the demo was not loaded. "
                    "Use an empty database for the demo."
                )
            )
            return
        else:
            started = time.monotonic()
            # The demo releases its concerns batch by batch: 267 lines of "intake: 1 entries released"
            # buried the logins this command exists to print (a fresh-install check).
            with _quiet("upstream.intake.services"):
                counts = demo.load_demo()
            message = gettext(
                "Loaded Riverbend Health: %(units)s units, %(people)s staff, %(concerns)s concerns, "
                "%(actions)s actions, %(listening_sessions)s listening session, %(signals)s early warnings"
                "%(more)s in %(seconds)s s."
            )
            # Each app's own demo reports its counts under its own keys ("peer_requests"), shown as is.
            more = "".join(f", {value} {key.replace('_', ' ')}" for key, value in list(counts.items())[6:])
            seconds = f"{time.monotonic() - started:.1f}"
            self.stdout.write(self.style.SUCCESS(message % {**counts, "more": more, "seconds": seconds}))
        self.stdout.write("\n" + gettext("Demo logins:"))
        self.stdout.write(demo.logins_table())

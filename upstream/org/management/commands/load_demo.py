"""`upstream load-demo`: build the Riverbend Health demo system once, then print its logins.

Idempotent: when the demo system exists it only prints the logins; it never loads into a database
that holds another organisation.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from upstream.org import demo


class Command(BaseCommand):
    help = (
        "Load the Riverbend Health demo (units, people, concerns, actions, a listening session, early "
        "warnings) and print the demo logins."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.demo_exists():
            self.stdout.write("The Riverbend Health demo is already loaded.")
        elif demo.other_org_exists():
            self.stdout.write(
                "This database already holds an organisation, so the demo was not loaded. "
                "Use an empty database for the demo."
            )
            return
        else:
            started = time.monotonic()
            counts = demo.load_demo()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded Riverbend Health: {counts['units']} units, {counts['people']} staff, "
                    f"{counts['concerns']} concerns, {counts['actions']} actions, "
                    f"{counts['listening_sessions']} listening session, {counts['signals']} early warnings"
                    + "".join(f", {value} {key.replace('_', ' ')}" for key, value in list(counts.items())[6:])
                    + f" in {time.monotonic() - started:.1f} s."
                )
            )
        self.stdout.write("\nDemo logins:\n" + demo.logins_table())

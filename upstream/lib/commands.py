"""Management commands whose `help` is translated.

A command's `help` is a class attribute, read before any language is active, so it has to be a
`gettext_lazy` proxy; argparse then runs `re.sub` on the description, which wants a real `str`.
"""

from __future__ import annotations

from typing import Any


class TranslatedHelp:
    """Mix in before BaseCommand (or a subclass of it) when `help` is a gettext_lazy proxy."""

    help: Any

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        # Turned into text here, in the language active when the parser is built (LANGUAGE_CODE).
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)  # type: ignore[misc]


def migrations_refusal() -> str | None:
    """`N migrations not applied: …. Run `upstream migrate` first.` when some are, else None.

    One sentence for every command, so that `serve` (which asks before it starts anything) and a
    command that only meets a missing table half-way (upstream/cli.py) tell the operator the same
    thing. Raises DatabaseError when the database does not answer; callers decide what that means.
    """
    from django.utils.translation import gettext

    from upstream.ops.health import check_migrations

    try:
        check_migrations()
    except RuntimeError as error:
        return gettext("%(problem)s. Run `upstream migrate` first.") % {"problem": error}
    return None

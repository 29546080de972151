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

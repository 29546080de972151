"""What `upstream`, `upstream help` and `upstream --help` print: the commands an operator uses.

Django's own answer listed 47 commands by app, `startproject`, `squashmigrations` and
`makemessages` among them, with `serve` and `backup` somewhere under "[ops]": nothing said which
ones run the product (an install walk). The whole list is still one option away.
"""

from __future__ import annotations

import textwrap

from django.core.management import get_commands, load_command_class

# As typed (hyphens), grouped by what an operator is doing. Every command of the product's own apps
# is here (a test checks), beside the few of Django's an operator needs.
GROUPS = (
    ("Run it", ("serve", "migrate", "check", "sendtestemail")),
    ("Run apart, under systemd", ("db_worker", "scheduler")),
    ("People and access", ("import-org", "sso-check", "createsuperuser", "changepassword", "create-token")),
    ("Lost access", ("remove-second-factor",)),
    ("Keep it", ("backup", "restore", "release-now", "rotate-speakup-key", "clearsessions")),
    ("Report", ("report", "rebuild-insights")),
    ("Surveys and the text model", ("load-instrument", "classify", "evaluate")),
    ("Try it", ("load-demo",)),
)


def overview(version: str) -> str:
    commands = get_commands()
    width = max(len(name) for _group, names in GROUPS for name in names) + 2
    lines = [
        f"{version}: the commands an operator uses (docs/operations.md).",
        "`upstream help COMMAND` explains one; `upstream help --commands` lists every command,",
        "Django's own included.",
    ]
    for group, names in GROUPS:
        lines += ["", group]
        for name in names:
            typed = name.replace("-", "_")
            command = load_command_class(commands[typed], typed)
            lines += textwrap.wrap(
                _first_sentence(str(command.help)),
                width=100,
                initial_indent=f"  {name.ljust(width)}",
                subsequent_indent=" " * (width + 2),
            )
    return "\n".join(lines)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    head, _dot, _rest = text.partition(". ")
    return head.rstrip(".") + "."

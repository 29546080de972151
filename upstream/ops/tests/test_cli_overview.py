"""`upstream --help` names the commands an operator uses, each with what it does, instead of
Django's 47 commands by app; the whole list stays one option away."""

from __future__ import annotations

from django.core.management import get_commands

from upstream import cli
from upstream.ops.cli_help import GROUPS


def test_every_command_of_the_product_is_in_the_overview():
    listed = {name.replace("-", "_") for _group, names in GROUPS for name in names}
    own = {name for name, app in get_commands().items() if app.startswith("upstream.")}
    assert own <= listed, f"not in upstream --help: {sorted(own - listed)}"
    assert listed <= set(get_commands()), f"no such command: {sorted(listed - set(get_commands()))}"


def test_help_says_what_each_runs_and_where_the_rest_is(capsys):
    cli.main(["upstream", "--help"])
    said = capsys.readouterr().out
    assert "the commands an operator uses" in said
    assert "  serve " in said and "gunicorn, a task worker and the scheduler" in said
    assert "  release-now " in said and "  backup " in said
    assert "startproject" not in said and "squashmigrations" not in said
    assert "`upstream help --commands` lists every command" in said
    assert all(len(line) <= 100 for line in said.splitlines())


def test_the_whole_list_is_still_there(capsys):
    cli.main(["upstream", "help", "--commands"])
    said = capsys.readouterr().out.split()
    assert {"squashmigrations", "release_now", "serve", "dbshell"} <= set(said)

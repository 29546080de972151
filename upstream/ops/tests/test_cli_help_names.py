"""`upstream help release-now` helps, as `upstream release-now` runs.

Found by a hospital-IT probe: the command ran with hyphens, but `help` with the same name answered
"Unknown command: 'release-now'. Did you mean release_now?".
"""

from __future__ import annotations

import pytest

from upstream import cli


@pytest.mark.parametrize("name", ["release-now", "create-token", "release_now"])
def test_help_accepts_the_name_as_it_is_typed_to_run_it(name, capsys):
    cli.main(["upstream", "help", name])
    output = capsys.readouterr()
    assert "Unknown command" not in output.err
    assert "usage: upstream " + name.replace("-", "_") in output.out


def test_an_unknown_name_is_still_unknown(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["upstream", "help", "no-such-command"])
    assert stopped.value.code == 1
    assert "Unknown command: 'no_such_command'" in capsys.readouterr().err

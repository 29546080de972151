"""A command run as a user who may not write the data directory ends in one line naming the file
and the user to run as. Run as root, or as a login user, against a data directory owned by the
`upstream` user, `upstream migrate`, `check`, `import-org` and `backup` ended in a 39-line
traceback ending in the key file's name (an install walk). Tests run as root, who may write
anything, so the refusal is raised the way the operating system raises it."""

from __future__ import annotations

import os
import pwd

import pytest

from upstream import cli


def _refused(monkeypatch, capsys, path: str) -> str:
    def refuse(_args):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr("django.core.management.execute_from_command_line", refuse)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["upstream", "check"])
    assert stopped.value.code == 1
    return capsys.readouterr().err


def test_it_names_the_file_and_its_owner_to_run_as(monkeypatch, capsys, tmp_path):
    key = tmp_path / "upstream_secret_key"
    key.write_text("x")
    nobody = pwd.getpwnam("nobody")
    os.chown(key, nobody.pw_uid, nobody.pw_gid)
    said = _refused(monkeypatch, capsys, str(key))
    assert said == (
        f"upstream: permission denied: {key}. It belongs to 'nobody': run upstream as that user "
        "(docs/operations.md, Install).\n"
    )


def test_a_path_it_cannot_see_still_gets_one_line(monkeypatch, capsys):
    said = _refused(monkeypatch, capsys, "/nonexistent/upstream/upstream_secret_key")
    assert said.count("\n") == 1 and "Traceback" not in said
    assert "permission denied: /nonexistent/upstream/upstream_secret_key" in said
    assert "the user that owns the data directory" in said

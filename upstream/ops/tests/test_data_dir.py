"""One data directory per user and install, whichever directory a command is started from.

It used to be `./var` of the working directory: an installed `upstream migrate` run from /root and
`upstream serve` run from / made two sets of keys and two SQLite databases without a word.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from upstream.config import data_dir

ROOT = Path(__file__).resolve().parents[3]
# What settings decide, printed by a fresh interpreter (settings are read once, at import).
PRINT_SETTINGS = (
    "from upstream.config import settings as s; "
    "print(s.DATA_DIR); print(s.DATABASES['default']['NAME']); import upstream; print(upstream.__file__)"
)


def _installed_copy(tmp_path: Path) -> Path:
    """The package alone, outside any checkout, as `pip install .` leaves it in site-packages
    (without the text model's large files, which reading the settings does not touch)."""
    site = tmp_path / "site"

    def skip(folder: str, names: list[str]) -> set[str]:
        heavy = (
            {"model", "static_model", "classifier"}
            if folder.endswith(os.path.join("themes", "data"))
            else set()
        )
        return {name for name in names if name in heavy or name in {"tests", "__pycache__"}}

    shutil.copytree(ROOT / "upstream", site / "upstream", ignore=skip)
    return site


def _environment(home: Path, **extra: str) -> dict[str, str]:
    keep = {"PATH", "LANG", "LC_ALL", "TZ"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    return {**env, "HOME": str(home), "DJANGO_SETTINGS_MODULE": "upstream.config.settings", **extra}


def _settings_from(cwd: Path, env: dict[str, str]) -> list[str]:
    cwd.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PRINT_SETTINGS], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


def test_it_handles_an_installed_upstream_started_from_two_directories(tmp_path):
    site, home = _installed_copy(tmp_path), tmp_path / "home"
    env = _environment(home, PYTHONPATH=str(site))

    first = _settings_from(tmp_path / "root", env)
    second = _settings_from(tmp_path / "srv" / "elsewhere", env)

    assert first[2].startswith(str(site))  # the copy ran, not this checkout
    expected = home / ".local" / "share" / "upstream"
    assert first[:2] == second[:2] == [str(expected), str(expected / "upstream.sqlite3")]
    keys = {"upstream_intake_key", "upstream_receipt_key", "upstream_secret_key"}
    assert keys <= {path.name for path in expected.iterdir()}
    # Nothing written where the commands were started.
    assert not any((tmp_path / "root").iterdir()) and not any((tmp_path / "srv" / "elsewhere").iterdir())


def test_it_handles_a_command_started_anywhere_in_the_checkout(tmp_path):
    """`make run`, `make test` and the bench keep the checkout's var/, as before, even from docs/."""
    env = _environment(tmp_path / "home", PYTHONPATH=str(ROOT))
    assert _settings_from(ROOT, env)[0] == _settings_from(ROOT / "docs", env)[0] == str(ROOT / "var")
    assert not (tmp_path / "home").exists()


def test_upstream_data_dir_wins_and_xdg_data_home_is_followed(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)  # not a checkout whose var/ holds keys (the test below)
    installed = lambda: None  # noqa: E731
    chosen = tmp_path / "chosen"
    assert data_dir.resolve({"UPSTREAM_DATA_DIR": str(chosen)}, installed).path == chosen
    assert (
        data_dir.resolve({"XDG_DATA_HOME": str(tmp_path / "xdg")}, installed).path
        == tmp_path / "xdg" / "upstream"
    )
    # A relative XDG_DATA_HOME is invalid by the specification: it would bring the working directory back.
    relative = data_dir.resolve({"XDG_DATA_HOME": "data"}, installed)
    assert relative.path == tmp_path / "home" / ".local" / "share" / "upstream"
    assert relative.origin == "the per-user default"
    # Set but empty is unset, not the working directory.
    assert data_dir.resolve({"UPSTREAM_DATA_DIR": ""}, installed).path == relative.path


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("darwin", {}, "home/Library/Application Support/Upstream"),
        ("win32", {"LOCALAPPDATA": "APPDATA"}, "APPDATA/Upstream"),
        ("linux", {}, "home/.local/share/upstream"),
    ],
)
def test_it_follows_each_platforms_convention(tmp_path, monkeypatch, platform, environ, expected):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    environ = {key: str(tmp_path / value) for key, value in environ.items()}
    assert data_dir.user_data_dir(environ, platform) == tmp_path / expected


def start(tmp_path: Path, **extra: str) -> list[str]:
    env = _environment(
        tmp_path / "home", PYTHONPATH=str(ROOT), UPSTREAM_DATA_DIR=str(tmp_path / "data"), **extra
    )
    started = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr[-3000:]
    return started.stderr.splitlines()


def test_it_logs_the_directory_it_uses_once_at_start(tmp_path):
    logged = start(tmp_path)
    lines = [line for line in logged if "data directory: " in line]
    assert len(lines) == 1 and f"data directory: {tmp_path / 'data'} (UPSTREAM_DATA_DIR)" in lines[0]
    key = (tmp_path / "data" / "upstream_secret_key").read_text()
    assert key not in "\n".join(logged)


def test_keys_of_an_earlier_install_in_the_working_directory_are_not_left_behind(tmp_path, monkeypatch):
    """Before 3 Dec 2026 an installed upstream kept its keys in ./var: upgraded without
    UPSTREAM_DATA_DIR, it made new keys elsewhere and no earlier receipt opened, while check said ok."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    installed = lambda: None  # noqa: E731
    old = tmp_path / "old-install"
    (old / "var").mkdir(parents=True)
    (old / "var" / "upstream_receipt_key").write_text("earlier key\n")
    monkeypatch.chdir(old)
    with pytest.raises(data_dir.ConfigError, match=r"Set UPSTREAM_DATA_DIR=\S*old-install/var "):
        data_dir.resolve({}, installed)
    # Said where it belongs, it is used; and once the per-user directory has keys, ./var is no reason.
    assert data_dir.resolve({"UPSTREAM_DATA_DIR": str(old / "var")}, installed).path == old / "var"
    chosen = tmp_path / "home" / ".local" / "share" / "upstream"
    chosen.mkdir(parents=True)
    (chosen / "upstream_receipt_key").write_text("its own key\n")
    assert data_dir.resolve({}, installed).path == chosen

"""Where Upstream keeps what it writes: the generated keys, the SQLite database, static files and
retrained theme models (docs/operations.md#secrets-and-the-data-directory).

Never the working directory: an installed `upstream` run from two directories would otherwise make
two sets of keys and two databases without a word. In order:

1. `UPSTREAM_DATA_DIR`, as services and production set it;
2. in a source checkout (the Makefile's `make run`, `make test`, the bench), the checkout's `var/`,
   wherever in it a command starts;
3. otherwise, the running user's data directory by the platform's convention: `$XDG_DATA_HOME/upstream`
   (`~/.local/share/upstream`) on Linux, `~/Library/Application Support/Upstream` on macOS,
   `%LOCALAPPDATA%\\Upstream` on Windows.

Standard library only: this runs before Django and before any setting is read.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from upstream.config.env import ConfigError, secret_file

VARIABLE = "UPSTREAM_DATA_DIR"


@dataclass(frozen=True)
class DataDir:
    path: Path
    origin: str  # how it was chosen, for the line logged at start-up


def source_checkout() -> Path | None:
    """The checkout this package runs from (an editable install), or None for an installed copy."""
    root = Path(__file__).resolve().parents[2]
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return root if project.get("project", {}).get("name") == "upstream" else None


def user_data_dir(environ: Mapping[str, str], platform: str = sys.platform) -> Path:
    """The per-user data directory the platform's convention names for Upstream."""
    try:
        home = Path.home()
    except RuntimeError:  # no HOME and no password entry, e.g. a container's anonymous user
        raise ConfigError(f"Set {VARIABLE}: there is no home directory to keep Upstream's data in") from None
    if platform == "win32":
        return Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "Upstream"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "Upstream"
    # XDG Base Directory: a relative XDG_DATA_HOME is invalid and must be ignored.
    xdg = environ.get("XDG_DATA_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share") / "upstream"


def resolve(
    environ: Mapping[str, str] = os.environ, checkout: Callable[[], Path | None] = source_checkout
) -> DataDir:
    """The data directory for this process (`checkout` finds the source checkout, if any)."""
    explicit = environ.get(VARIABLE, "")
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_absolute():
            # Relative to whichever directory a command starts in: a second set of keys and an
            # empty database, the very mistake this module exists to prevent.
            raise ConfigError(f"{VARIABLE} must be an absolute path, got {explicit!r}")
        return DataDir(path.resolve(), VARIABLE)
    root = checkout()
    if root is not None:
        return DataDir(root / "var", "the source checkout's var/")
    chosen = user_data_dir(environ)
    _refuse_to_leave_earlier_keys_behind(chosen)
    return DataDir(chosen, "the per-user default")


def _refuse_to_leave_earlier_keys_behind(chosen: Path) -> None:
    """Until 3 Dec 2026 an installed `upstream` kept its keys in the working directory's `var/`. An
    install upgraded without UPSTREAM_DATA_DIR then made new keys in the per-user directory, under
    which no earlier receipt opened, while `check` and /healthz said ok (an operator's walk): when
    the per-user directory has no receipt key yet and `./var` has one, say where the keys are."""
    earlier = Path.cwd() / "var"
    receipt_key = "UPSTREAM_RECEIPT_KEY"
    if secret_file(receipt_key, chosen).exists() or not secret_file(receipt_key, earlier).is_file():
        return
    raise ConfigError(
        f"this directory's var/ holds the keys of an earlier Upstream ({earlier}), which kept its data "
        f"in the working directory's var/ before 3 Dec 2026; without {VARIABLE} this one would make "
        f"new keys in {chosen} and no earlier receipt would open. Set {VARIABLE}={earlier} "
        "(docs/operations.md#upgrading)"
    )

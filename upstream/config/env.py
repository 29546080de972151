"""Typed readers for the environment that fail loudly on bad values.

Settings are configured only through the environment (12-factor), so a typo in a deployment
must stop the process at start-up with a message that names the variable, not run half-configured.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(RuntimeError):
    """A setting in the environment is malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


_FILE_SCHEMES = {"sqlite", "unix"}


def env_url(name: str, default: str, *, schemes: tuple[str, ...], example: str) -> str:
    """An address whose scheme is one of `schemes` (with a host, unless the scheme is a file's), or
    "" when unset and `default` is "" (an optional address): `upstream.example.org` without https://
    or a mistyped database URL failed later, and deep in a traceback, or not at all (links in emails
    pointed nowhere)."""
    raw = os.environ.get(name, "").strip() or default
    if not raw:
        return ""
    scheme, separator, rest = raw.partition("://")
    if not separator or scheme.lower() not in schemes or not (rest or scheme.lower() in _FILE_SCHEMES):
        raise ConfigError(f"{name} must be an address such as {example}, got {without_password(raw)!r}")
    return raw


def without_password(address: str) -> str:
    """`address` with the password in it (user:password@host) written as ***, for a message: a
    mistyped DATABASE_URL was echoed whole, password and all, into the system journal (an
    install walk)."""
    head, at, host = address.rpartition("@")
    if not at:
        return address
    scheme, separator, userinfo = head.rpartition("://")
    user, colon, _password = userinfo.partition(":")
    return f"{scheme}{separator}{user}{colon}{'***' if colon else ''}@{host}"


def env_class_path(name: str, default: str, *, example: str) -> str:
    """The dotted path of a class in an installed module. The module is found, not imported (a
    backend's module may need the apps loaded); a class missing from it is reported by the
    `upstream` command (cli.py)."""
    raw = os.environ.get(name, "").strip() or default
    module, _dot, attribute = raw.rpartition(".")
    if not module or not all(part.isidentifier() for part in [*module.split("."), attribute]):
        raise ConfigError(f"{name} must be the dotted path of a class such as {example}, got {raw!r}")
    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise ConfigError(f"{name}: no module {module!r} is installed (from {raw!r})")
    return raw


def env_time_zone(name: str, default: str) -> str:
    """An IANA time zone name (Django's own check fails with an 18-line traceback)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    raw = os.environ.get(name, "").strip() or default
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{name} must be a time zone name such as America/New_York, got {raw!r}") from None
    return raw


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be at most {maximum}, got {value}")
    return value


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Set by the command line (upstream/cli.py) when a command only asks for help or the version: a
# first `upstream --help` on a new host, often as another user or before UPSTREAM_DATA_DIR is set,
# made a data directory, three keys and an empty database where the service would never look.
WRITE_NOTHING = False


@dataclass(frozen=True)
class Secret:
    value: str = field(repr=False)
    origin: str  # where it came from, for the line logged at start-up (upstream/ops/apps.py); never the value
    generated: bool = False


def secret_file(name: str, data_dir: Path) -> Path:
    """Where a generated secret is kept: `UPSTREAM_RECEIPT_KEY` in `upstream_receipt_key`."""
    return data_dir / name.lower()


def read_secret(name: str, data_dir: Path) -> Secret:
    """A secret from the environment, or one generated once and kept in the data directory.

    Generating it on first start lets `make run` work on a fresh machine; a real deployment
    sets the variable (or keeps the data directory) so the secret survives a redeploy.
    Losing the receipt key makes every receipt unreadable, so the file is never overwritten.
    """
    value = os.environ.get(name)
    if value:
        if len(value) < 32:
            raise ConfigError(f"{name} must be at least 32 characters long")
        return Secret(value, "the environment")
    path = secret_file(name, data_dir)
    if path.exists():
        return Secret(path.read_text().strip(), f"the file {path}")
    if WRITE_NOTHING:
        return Secret(secrets.token_urlsafe(48), "a throwaway value (help only: nothing written)")
    ensure_private_dir(data_dir)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return Secret(value, f"newly generated into {path}", generated=True)


def previous_secret(name: str) -> str:
    """A secret's previous value during a rotation, from the environment only ("" when unset).

    Never generated: it exists only because an operator is changing the key it was.
    """
    value = os.environ.get(name, "").strip()
    if value and len(value) < 32:
        raise ConfigError(f"{name} must be at least 32 characters long")
    return value


def ensure_private_dir(path: Path) -> None:
    """Create `path` readable by its owner only (0700) if it does not exist; an existing directory
    keeps the mode its operator gave it. Parents that are missing get the usual mode."""
    if not path.is_dir() and not WRITE_NOTHING:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=0o700, exist_ok=True)

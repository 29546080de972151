"""Country codes as ISO 3166-1 writes them (US, GB, ES), read from the tz database's own list.

`tzdata` ships `iso3166.tab` with every release (it names the countries its time zones belong to),
so the list stays current with the package instead of a copy kept here.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def country_codes() -> frozenset[str]:
    text = resources.files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text(encoding="utf-8")
    return frozenset(
        line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#")
    )


def is_country(code: str) -> bool:
    """True for an assigned two-letter code, in any case ("es" as "ES")."""
    return code.upper() in country_codes()

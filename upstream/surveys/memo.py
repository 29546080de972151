"""Complementary suppression for survey results, remembered in the database.

`upstream.privacy.complementary.protect` decides which cells of a table may be shown; for the
whole organisation that is a search of a few seconds. The same table always gets the same answer,
so it is stored under a digest of the exact table (`SuppressionMemo`) and in Django's cache: a
changed count, unit or cell changes the digest and the search runs again. The daily job computes
it for waves whose results have just appeared (`warm_results`), so no one waits for it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone

from upstream.privacy import complementary
from upstream.privacy.complementary import Protected
from upstream.privacy.groups import min_group_size

CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Layout:
    """The cells' shape over a set of atoms (`digest`), and those atoms in its canonical order
    (`names`: each atom's repr and key), so a table over them is digested without sorting again."""

    digest: str
    names: tuple[tuple[str, Hashable], ...]


def layout(atom_keys: Collection[Hashable], cells: Mapping[Hashable, frozenset | set]) -> Layout:
    """The cells' shape, the same however it was built: atoms in a canonical order, each cell as the
    positions of its atoms in that order. A wave's score tables share one shape, so it is worked
    out once for all of them (for a whole system, 2,000 cells over 11,000 atoms)."""
    names = sorted((repr(k), k) for k in atom_keys)
    position = {key: i for i, (_name, key) in enumerate(names)}
    canonical = json.dumps(
        sorted([repr(k), sorted(position[a] for a in members)] for k, members in cells.items())
    )
    return Layout(hashlib.sha256(canonical.encode()).hexdigest(), tuple(names))


def digest(
    atoms: Mapping[Hashable, int],
    cells: Mapping[Hashable, frozenset | set],
    minimum: int,
    *,
    shape: Layout | None = None,
) -> str:
    """The exact table: its minimum, every atom's count and the cells' `layout` (`shape`, when the
    caller has worked it out for these atoms and cells already)."""
    if shape is None:
        shape = layout(atoms.keys(), cells)
    if len(shape.names) != len(atoms):
        raise ValueError("The layout was worked out for other atoms.")
    counts = [[name, atoms[key]] for name, key in shape.names]
    canonical = json.dumps([minimum, counts, shape.digest])
    return hashlib.sha256(canonical.encode()).hexdigest()


def _key_out(key: Hashable) -> object:
    return list(key) if isinstance(key, tuple) else key


def _key_in(key: object) -> Hashable:
    return tuple(key) if isinstance(key, list) else key  # type: ignore[return-value]


def encode(found: Protected) -> dict:
    return {
        "shown": [[_key_out(k), v] for k, v in found.shown.items()],
        "primary": [_key_out(k) for k in found.primary],
        "complementary": [_key_out(k) for k in found.complementary],
    }


def decode(stored: dict) -> Protected:
    return Protected(
        shown={_key_in(k): v for k, v in stored["shown"]},
        primary=frozenset(_key_in(k) for k in stored["primary"]),
        complementary=frozenset(_key_in(k) for k in stored["complementary"]),
    )


def protect(
    atoms: Mapping[Hashable, int],
    cells: Mapping[Hashable, frozenset | set],
    minimum: int | None = None,
    *,
    columns: Collection[Hashable] | None = None,
    shape: Layout | None = None,
    today: dt.date | None = None,
) -> Protected:
    """`complementary.protect`, looked up first in the cache, then in the database. (`columns`
    only chooses how the answer is found, not what a correct answer is, so it is not in the key;
    `shape` is the cells' `layout` over these atoms, when the caller has it.)"""
    from upstream.surveys.models import SuppressionMemo

    limit = min_group_size() if minimum is None else minimum
    key = digest(atoms, cells, limit, shape=shape)
    cache_key = f"surveys:protect:{key}"
    found = cache.get(cache_key)
    if found is not None:
        return found
    stored = SuppressionMemo.objects.filter(digest=key).values_list("result", flat=True).first()
    if stored is not None:
        found = decode(stored)
    else:
        found = complementary.protect(atoms, cells, limit, columns=columns)
        try:
            with transaction.atomic():
                SuppressionMemo.objects.get_or_create(
                    digest=key,
                    defaults={
                        "result": encode(found),
                        "computed_on": today or timezone.localdate(),
                    },
                )
        except DatabaseError:
            # Another process stored the same answer first, or this one reads from a replica: the
            # answer is correct either way; only the next viewer may have to search again.
            pass
    cache.set(cache_key, found, CACHE_SECONDS)
    return found

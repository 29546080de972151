"""Bad input found after the schema's own checks (by a Django form or a service's rule), answered
400 in the shape of a schema problem: `detail`, and `errors` with `loc`, `msg` and `type` each."""

from __future__ import annotations

from typing import Any


class InvalidInput(Exception):
    """Bad input; `errors` lists each problem, `str()` joins their messages for `detail`."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(" ".join(str(e["msg"]) for e in errors))

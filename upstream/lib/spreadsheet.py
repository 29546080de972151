"""CSV cells that a spreadsheet opens as text, never as a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ (or a tab or carriage
return before one) as a formula: a unit, survey or action named "=HYPERLINK(...)" in a file a board
member opens would run there (OWASP "CSV injection"). Such a text gets a leading apostrophe, which
the spreadsheet shows as text. Numbers, including negative ones, are left as they are: scripts read
them.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def formula_safe(value: object) -> object:
    """The value, with an apostrophe before a text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_rows(rows: list[list[object]]) -> list[list[object]]:
    return [[formula_safe(cell) for cell in row] for row in rows]

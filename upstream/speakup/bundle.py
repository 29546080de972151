"""The committed browser bundle (upstream/static/upstream/blindrsa.js) and its integrity hash."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).resolve().parent.parent / "static" / "upstream" / "blindrsa.js"


@lru_cache(maxsize=1)
def integrity() -> str:
    """Subresource Integrity value ("sha384-...") that the pages put on the script tag and docs publish."""
    return "sha384-" + base64.b64encode(hashlib.sha384(PATH.read_bytes()).digest()).decode()

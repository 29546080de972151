"""Receipt codes: 100 random bits, shown once, stored as HMAC-SHA256 with a server key.

Codes use Crockford's base32 (no I, L, O, U) in five groups of four, so they survive being read
aloud or copied by hand; lookups forgive case, spaces, dashes, the look-alike letters and the
full-width forms some phone keyboards type (Ｄ for D).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_LENGTH = 5, 4
CODE_LENGTH = GROUPS * GROUP_LENGTH  # 20 symbols x 5 bits = 100 bits
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, CODE_LENGTH, GROUP_LENGTH))


def normalise(code: str) -> str | None:
    """The canonical symbols of a typed code, or None if it cannot be a receipt."""
    # NFKC first: a full-width "Ｄ" or "３" (an East Asian or Japanese phone keyboard) is a D and a 3.
    # Other letters and digits stay themselves, so "é" or "٣" still make the code unreadable.
    folded = unicodedata.normalize("NFKC", code).upper()
    cleaned = "".join(ch for ch in folded if ch.isalnum()).translate(_LOOKALIKES)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def symbol_count(code: str) -> int:
    """How many letters and digits a typed code holds (its dashes and spaces aside)."""
    return sum(1 for ch in code if ch.isalnum())


def digest(code: str) -> str | None:
    symbols = normalise(code)
    if symbols is None:
        return None
    key = settings.RECEIPT_KEY.encode()
    return hmac.new(key, symbols.encode(), hashlib.sha256).hexdigest()


def intake_lookup(code: str) -> str | None:
    """The key under which a receipt holder finds what still waits in the intake.

    A different keyed hash from `digest` (another key, another label), so a dump taken before
    release cannot be joined with the receipts table after it. Never stored as it is: each waiting
    entry stores a hash of it and its own place (`intake.services._slots`), so entries of one
    receipt cannot be grouped and counted against the released concern's new messages.
    """
    symbols = normalise(code)
    if symbols is None:
        return None
    key = f"intake-lookup:{settings.INTAKE_KEY}".encode()
    return hmac.new(key, symbols.encode(), hashlib.sha256).hexdigest()

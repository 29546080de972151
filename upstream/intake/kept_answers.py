"""The first answer to a keyed call, kept for a retry whose answer was lost.

A writer whose connection drops after the concern is stored (a phone between wards, a server
restarted under load) retries with the same Idempotency-Key or speak-up code. The key is spent, so
nothing is stored twice; before, the retry got a 409 without the receipt, and the receipt, the only
way back to the concern, was lost with the first answer.

The answer is kept in the spent key's row, sealed with AES-256-GCM under a key derived from the
one-time key itself. The server keeps only an HMAC of that key, so neither a dump nor the server's
own secrets open the answer: only a caller who sends the same key again (from the same account, or
with the same speak-up code) can. It is padded to one fixed size, so its length does not say
whether the concern was urgent, and it goes when the key expires. A digest of what was asked is
sealed with it: the same key with other words gets the 409, not the first concern's receipt.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SIZE = 1024
NONCE_SIZE = 12


def _cipher(one_time_key: str) -> AESGCM:
    secret = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"upstream kept answer v1")
    return AESGCM(secret.derive(one_time_key.encode()))


def request_digest(*parts: object) -> str:
    """What was asked, as the answer remembers it (inside the seal only)."""
    return hashlib.sha256(json.dumps([str(p) for p in parts], ensure_ascii=False).encode()).hexdigest()


def seal(one_time_key: str, asked: str, answer: dict) -> bytes:
    body = json.dumps({"asked": asked, "answer": answer}, separators=(",", ":")).encode()
    if len(body) + 4 > SIZE:
        raise ValueError(f"an answer of {len(body)} bytes exceeds the kept answer's fixed size")
    padded = struct.pack(">I", len(body)) + body + bytes(SIZE - 4 - len(body))
    nonce = os.urandom(NONCE_SIZE)
    return nonce + _cipher(one_time_key).encrypt(nonce, padded, None)


def unseal(one_time_key: str, asked: str, sealed: bytes) -> dict | None:
    """The kept answer, or None when it was asked with other words (or cannot be opened)."""
    sealed = bytes(sealed)
    try:
        padded = _cipher(one_time_key).decrypt(sealed[:NONCE_SIZE], sealed[NONCE_SIZE:], None)
    except InvalidTag:
        return None
    (length,) = struct.unpack(">I", padded[:4])
    kept = json.loads(padded[4 : 4 + length])
    return kept["answer"] if kept["asked"] == asked else None

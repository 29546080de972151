"""Sealing intake payloads: AES-256-GCM under a key derived from UPSTREAM_INTAKE_KEY.

Every sealed payload has the same length (PADDED_SIZE plus nonce and tag), so a dump taken before
release shows neither the words nor how many there were. The key is a server secret: this protects
against someone holding the database (dumps, backups, WAL archives) without the server's secrets,
not against someone holding both; release removes the entries for good either way.
"""

from __future__ import annotations

import json
import os
import struct
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# 5,000 characters of four-byte UTF-8 plus the fields around them fit with room to spare.
PADDED_SIZE = 24 * 1024
NONCE_SIZE = 12


class PayloadTooLarge(ValueError):
    pass


@cache
def _cipher(secret: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"upstream intake v1").derive(
        secret.encode()
    )
    return AESGCM(key)


def needs_previous_key(sealed: bytes) -> bool:
    """Whether this entry opens only under UPSTREAM_INTAKE_KEY_PREVIOUS (sealed before a rotation)."""
    sealed = bytes(sealed)
    nonce, body = sealed[:NONCE_SIZE], sealed[NONCE_SIZE:]
    try:
        _cipher(settings.INTAKE_KEY).decrypt(nonce, body, None)
        return False
    except InvalidTag:
        pass
    if not settings.INTAKE_KEY_PREVIOUS:
        return False
    try:
        _cipher(settings.INTAKE_KEY_PREVIOUS).decrypt(nonce, body, None)
        return True
    except InvalidTag:
        return False


def seal(payload: dict) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    if len(body) + 4 > PADDED_SIZE:
        raise PayloadTooLarge(f"payload of {len(body)} bytes exceeds the intake's fixed size")
    padded = struct.pack(">I", len(body)) + body + bytes(PADDED_SIZE - 4 - len(body))
    nonce = os.urandom(NONCE_SIZE)
    return nonce + _cipher(settings.INTAKE_KEY).encrypt(nonce, padded, None)


def unseal(sealed: bytes) -> dict:
    """The payload; raises InvalidTag when neither the key nor its previous value opens it."""
    sealed = bytes(sealed)
    nonce, body = sealed[:NONCE_SIZE], sealed[NONCE_SIZE:]
    try:
        padded = _cipher(settings.INTAKE_KEY).decrypt(nonce, body, None)
    except InvalidTag:
        if not settings.INTAKE_KEY_PREVIOUS:
            raise
        padded = _cipher(settings.INTAKE_KEY_PREVIOUS).decrypt(nonce, body, None)
    (length,) = struct.unpack(">I", padded[:4])
    return json.loads(padded[4 : 4 + length])

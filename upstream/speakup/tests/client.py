"""What the browser does (RFC 9474 Prepare, Blind, Finalize), for tests only.

The product's browser side is `@cloudflare/blindrsa-ts`; this stand-in lets server tests run
without a browser, and `test_rfc9474_vectors.py::test_the_test_client_reproduces_the_rfc_blinding`
checks it against the RFC's vectors so it cannot drift from the standard.
"""

from __future__ import annotations

import base64
import hashlib
import math
import secrets

from cryptography.hazmat.primitives.asymmetric import rsa

H_LEN = 48


def _mgf1(seed: bytes, length: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < length:
        out += hashlib.sha384(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:length]


def emsa_pss_encode(message: bytes, em_bits: int, salt: bytes) -> bytes:
    em_len = (em_bits + 7) // 8
    m_hash = hashlib.sha384(message).digest()
    h = hashlib.sha384(b"\x00" * 8 + m_hash + salt).digest()
    db = b"\x00" * (em_len - len(salt) - H_LEN - 2) + b"\x01" + salt
    masked = bytearray(a ^ b for a, b in zip(db, _mgf1(h, em_len - H_LEN - 1), strict=True))
    masked[0] &= 0xFF >> (8 * em_len - em_bits)
    return bytes(masked) + h + b"\xbc"


def prepare(message: bytes | None = None) -> bytes:
    return secrets.token_bytes(32) + (message if message is not None else secrets.token_bytes(32))


def blind(public: rsa.RSAPublicKey, prepared: bytes, *, salt: bytes | None = None, r: int | None = None):
    numbers = public.public_numbers()
    n, e = numbers.n, numbers.e
    k = (public.key_size + 7) // 8
    encoded = emsa_pss_encode(
        prepared, public.key_size - 1, salt if salt is not None else secrets.token_bytes(48)
    )
    m = int.from_bytes(encoded, "big")
    assert math.gcd(m, n) == 1
    if r is None:
        r = secrets.randbelow(n - 1) + 1
    inv = pow(r, -1, n)
    return ((m * pow(r, e, n)) % n).to_bytes(k, "big"), inv


def finalize(public: rsa.RSAPublicKey, blind_sig: bytes, inv: int) -> bytes:
    n = public.public_numbers().n
    k = (public.key_size + 7) // 8
    return ((int.from_bytes(blind_sig, "big") * inv) % n).to_bytes(k, "big")


def code_of(prepared: bytes, signature: bytes) -> str:
    return base64.urlsafe_b64encode(prepared + signature).rstrip(b"=").decode()

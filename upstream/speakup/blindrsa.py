"""The server's two steps of RFC 9474 blind RSA, suite RSABSSA-SHA384-PSS-Randomized.

The browser prepares, blinds and finalizes with Cloudflare's `@cloudflare/blindrsa-ts`; the server
only signs the blinded message (section 4.3, BlindSign) and later verifies the finished token
(section 4.5, Verify), which is ordinary RSASSA-PSS verification done by `cryptography`.

BlindSign is one modular exponentiation that `cryptography` does not expose (it would pad the
input), so it is written here, step by step as the RFC gives it:

    1. m = bytes_to_int(blind_msg)
    2. s = RSASP1(sk, m)            (RSASP1 refuses m outside [0, n-1]; we also refuse m = 0)
    3. m' = RSAVP1(pk, s)
    4. If m != m', raise "signing failure"
    5. blind_sig = int_to_bytes(s, modulus_len)

Python's `pow()` is not constant-time, so the private exponentiation is blinded twice: the base by
a fresh random r (compute (m * r^e)^d * r^-1 mod n, so timing depends on a random number, not on
the message someone sent), and the exponents by random multiples of p-1 and q-1 (the same result,
a different exponent each time). It runs by the Chinese remainder theorem.
Decision record: docs/decisions/0004-blind-tokens.md.
"""

from __future__ import annotations

import math
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

# RSABSSA-SHA384-PSS-Randomized: SHA-384, MGF1 with SHA-384, salt of 48 bytes, 32-byte random prefix.
SALT_LENGTH = 48
PREFIX_LENGTH = 32
MIN_MODULUS_BITS = 2048  # RFC 9474 section 5: keys of at least 2048 bits
EXPONENT_BLINDING_BITS = 64


class BlindSignError(ValueError):
    """The blinded message cannot be signed (wrong length, out of range) or signing failed."""


def modulus_length(key: rsa.RSAPublicKey | rsa.RSAPrivateKey) -> int:
    """modulus_len in the RFC: the length of n in bytes."""
    return (key.key_size + 7) // 8


def blind_sign(private_key: rsa.RSAPrivateKey, blind_msg: bytes) -> bytes:
    """RFC 9474 section 4.3 BlindSign, with the exponentiation blinded against timing."""
    numbers = private_key.private_numbers()
    n, e = numbers.public_numbers.n, numbers.public_numbers.e
    k = modulus_length(private_key)
    if len(blind_msg) != k:
        raise BlindSignError(f"A blinded message must be {k} bytes long (it is {len(blind_msg)}).")
    m = int.from_bytes(blind_msg, "big")
    if not 0 < m < n:
        raise BlindSignError("message representative out of range.")
    s = _rsasp1_blinded(numbers, m)
    if pow(s, e, n) != m:
        raise BlindSignError("signing failure")
    return s.to_bytes(k, "big")


def _rsasp1_blinded(numbers: rsa.RSAPrivateNumbers, m: int) -> int:
    """s = m^d mod n, with the base and the exponents blinded, computed by the Chinese remainder theorem.

    The base: x = m * r^e for a random r, so the exponentiations see a uniformly random value, and
    the result is multiplied by r^-1 afterwards. The exponents: dP + j*(p-1) and dQ + k*(q-1) for
    random j, k, so they differ on every call. CRT (RFC 8017 section 5.2.1, RSASP1 with the second
    form of the key) makes it about three times faster than one exponentiation mod n; a fault in
    either half is caught by the verification in `blind_sign` before anything is returned.
    """
    n, e = numbers.public_numbers.n, numbers.public_numbers.e
    p, q = numbers.p, numbers.q
    while True:
        r = secrets.randbelow(n - 2) + 2
        if math.gcd(r, n) == 1:
            break
    x = (m * pow(r, e, n)) % n
    dp = numbers.dmp1 + secrets.randbits(EXPONENT_BLINDING_BITS) * (p - 1)
    dq = numbers.dmq1 + secrets.randbits(EXPONENT_BLINDING_BITS) * (q - 1)
    sp, sq = pow(x % p, dp, p), pow(x % q, dq, q)
    h = (numbers.iqmp * (sp - sq)) % p
    return ((sq + q * h) * pow(r, -1, n)) % n


def verify(
    public_key: rsa.RSAPublicKey, prepared_msg: bytes, signature: bytes, *, salt_length: int = SALT_LENGTH
) -> bool:
    """RFC 9474 section 4.5 Verify: RSASSA-PSS-VERIFY over the prepared message."""
    if len(signature) != modulus_length(public_key):
        return False
    try:
        public_key.verify(
            signature,
            prepared_msg,
            padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=salt_length),
            hashes.SHA384(),
        )
    except InvalidSignature:
        return False
    return True


def generate_key(bits: int = MIN_MODULUS_BITS) -> rsa.RSAPrivateKey:
    if bits < MIN_MODULUS_BITS:
        raise ValueError(f"RFC 9474 keys need at least {MIN_MODULUS_BITS} bits.")
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)

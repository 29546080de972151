"""Signing keys: made, sealed at rest, rotated with a grace period, and emptied when done.

Private keys are stored in the database sealed with Fernet (AES-128-CBC and HMAC-SHA256, from
`cryptography`) under a key derived with HKDF from UPSTREAM_SPEAKUP_KEY_SECRET (or, if unset, from
UPSTREAM_RECEIPT_KEY). A database dump alone cannot sign tokens. Keys are public per purpose: every
person obtaining tokens for a purpose on a given day gets the same key (one issuing key per purpose,
enforced by a constraint), so a key cannot single anyone out.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.db import IntegrityError, transaction

from upstream.speakup import blindrsa, config
from upstream.speakup.models import SigningKey, SpentToken
from upstream.speakup.purposes import rule_for


def _fernet() -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"upstream speak-up key sealing v1"
    ).derive(config.sealing_secret())
    return Fernet(base64.urlsafe_b64encode(derived))


def _spki(public_key: rsa.RSAPublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_id_of(public_key: rsa.RSAPublicKey) -> str:
    return hashlib.sha256(_spki(public_key)).hexdigest()


def spki_b64(key: SigningKey) -> str:
    """The public key as the browser imports it: SubjectPublicKeyInfo DER, base64url."""
    return base64.urlsafe_b64encode(_spki(public_key(key))).rstrip(b"=").decode()


def _new_key(purpose: str, today: dt.date) -> SigningKey:
    private = blindrsa.generate_key(config.key_bits())
    sealed = _fernet().encrypt(
        private.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return SigningKey(
        key_id=key_id_of(private.public_key()),
        purpose=purpose,
        public_key=pem.decode(),
        sealed_private_key=sealed,
        created_on=today,
    )


def issuing_key(purpose: str, today: dt.date) -> SigningKey:
    """The one key signing for `purpose` now; made on first use, rotated when overdue.

    The daily task rotates keys on time; rotating here too means a deployment without the scheduler
    still never hands out tokens from a key past its rotation period.
    """
    current = SigningKey.objects.filter(purpose=purpose, retired_on=None).first()
    rotate = rule_for(purpose).rotate_days
    if current is not None and rotate is not None and (today - current.created_on).days >= rotate:
        try:
            return rotate_key(purpose, today)
        except IntegrityError:  # someone else rotated it at the same moment
            return SigningKey.objects.get(purpose=purpose, retired_on=None)
    if current is not None:
        return current
    candidate = _new_key(purpose, today)  # slow: generate outside any transaction
    try:
        with transaction.atomic():
            candidate.save(force_insert=True)
    except IntegrityError:
        return SigningKey.objects.get(purpose=purpose, retired_on=None)
    return candidate


def rotate_key(purpose: str, today: dt.date, grace_days: int | None = None) -> SigningKey:
    """Retire the purpose's key (its tokens still count for `grace_days`) and start a new one."""
    grace = config.grace_days() if grace_days is None else grace_days
    replacement = _new_key(purpose, today)
    with transaction.atomic():
        for old in SigningKey.objects.select_for_update().filter(purpose=purpose, retired_on=None):
            old.retired_on = today
            old.accept_until = today + dt.timedelta(days=grace)
            old.save(update_fields=["retired_on", "accept_until"])
        replacement.save(force_insert=True)
    return replacement


def retire_key(purpose: str, today: dt.date, grace_days: int = 0) -> int:
    """Stop signing for a purpose that has ended (a wave closed). Returns how many keys it retired."""
    with transaction.atomic():
        keys = list(SigningKey.objects.select_for_update().filter(purpose=purpose, retired_on=None))
        for old in keys:
            old.retired_on = today
            old.accept_until = today + dt.timedelta(days=grace_days)
            old.save(update_fields=["retired_on", "accept_until"])
    return len(keys)


def rotate_due_keys(today: dt.date) -> list[str]:
    """Rotate every issuing key older than its purpose's rotation period. Idempotent per day."""
    rotated = []
    for key in SigningKey.objects.filter(retired_on=None).order_by("purpose"):
        days = rule_for(key.purpose).rotate_days
        if days is not None and (today - key.created_on).days >= days:
            rotate_key(key.purpose, today)
            rotated.append(key.purpose)
    return rotated


def forget_expired_keys(today: dt.date) -> int:
    """Once a key's tokens are refused, destroy its private half and the hashes of its spent tokens.

    Idempotent. The public half stays, so an old token is told "expired" rather than "not valid".
    """
    expired = SigningKey.objects.filter(accept_until__lt=today)
    with transaction.atomic():
        SpentToken.objects.filter(key__in=expired).delete()
        return expired.exclude(sealed_private_key=None).update(sealed_private_key=None)


def accepts_on(key: SigningKey, today: dt.date) -> bool:
    """Whether the key's tokens count today: until its grace ends, and never past its rotation
    period plus the grace, even if nobody rotated it."""
    if key.accept_until is not None:
        return key.accept_until >= today
    rotate = rule_for(key.purpose).rotate_days
    return rotate is None or today <= key.created_on + dt.timedelta(days=rotate + config.grace_days())


@lru_cache(maxsize=64)
def _private_key(key_id: str, sealed: bytes) -> rsa.RSAPrivateKey:
    loaded = serialization.load_der_private_key(_fernet().decrypt(sealed), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise TypeError("speak-up keys are RSA keys")
    return loaded


def private_key(key: SigningKey) -> rsa.RSAPrivateKey:
    if key.sealed_private_key is None:
        raise ValueError(f"The private half of {key} was destroyed when it expired.")
    return _private_key(key.key_id, bytes(key.sealed_private_key))


@lru_cache(maxsize=256)
def _public_key(pem: str) -> rsa.RSAPublicKey:
    loaded = serialization.load_pem_public_key(pem.encode())
    if not isinstance(loaded, rsa.RSAPublicKey):
        raise TypeError("speak-up keys are RSA keys")
    return loaded


def public_key(key: SigningKey) -> rsa.RSAPublicKey:
    return _public_key(key.public_key)

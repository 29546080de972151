"""Do the keys in use open the data that exists?

A restore into a data directory without the old key files (so with newly generated keys) looked
healthy: `upstream check` and `/healthz` said ok while every earlier receipt code gave 404 and
`upstream release-now` kept every waiting submission ("cannot be opened"). Worse, each submission
made meanwhile was sealed, and each receipt issued, under the wrong keys, to be lost in turn once
the right key files were back.

The database keeps a fingerprint of the receipt key and of the intake key (`ops.KeyFingerprint`):
PBKDF2-HMAC-SHA256 of a constant label under the key, so neither the key nor anything about a
person can be read from it, and even a short key chosen by hand is slow to guess from it. A
fingerprint is recorded when it is missing and nothing in the data contradicts the key (the oldest
waiting intake entry opens, a sealed speak-up signing key opens); afterwards a key whose fingerprint differs
from the stored one, while data that needs it exists, is a mismatch. One read of a two-row table
when all is well (the fingerprints are computed once per process), so `/healthz` runs it too.

The SECRET_KEY is not checked: changing it signs everyone out and nothing more.
"""

from __future__ import annotations

import functools
import hashlib
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RECEIPT = "UPSTREAM_RECEIPT_KEY"
INTAKE = "UPSTREAM_INTAKE_KEY"
LABEL = "upstream key fingerprint v1"
ITERATIONS = 200_000  # once per process and key (cached): about a tenth of a second


class KeysDoNotMatch(Exception):
    """The keys in use do not open the data in the database; the message says what to do."""


@functools.lru_cache(maxsize=8)
def fingerprint(name: str, value: str) -> str:
    """Never the key: a slow keyed hash of a constant label, different for each key's name."""
    return hashlib.pbkdf2_hmac("sha256", value.encode(), f"{LABEL}:{name}".encode(), ITERATIONS).hex()


def _stored() -> dict[str, str] | None:
    """The recorded fingerprints, or None when the table is not there (migration not applied, or a
    backup older than this version just restored)."""
    from upstream.ops.models import KeyFingerprint

    try:
        with transaction.atomic():
            return dict(KeyFingerprint.objects.values_list("name", "fingerprint"))
    except DatabaseError:
        return None


def _oldest_intake_entry_opens() -> bool | None:
    """None when nothing waits; else whether the oldest waiting entry opens (one row, by index)."""
    from cryptography.exceptions import InvalidTag

    from upstream.intake import sealing
    from upstream.intake.models import IntakeEntry

    sealed = IntakeEntry.objects.order_by("release_at").values_list("sealed", flat=True).first()
    if sealed is None:
        return None
    try:
        sealing.unseal(sealed)
    except (InvalidTag, ValueError):
        return False
    return True


def _speakup_key_opens() -> bool | None:
    """None when no private signing key is kept (or its own secret seals it); else whether one opens.
    Sealed under a secret derived from the receipt key unless UPSTREAM_SPEAKUP_KEY_SECRET is set."""
    from cryptography.fernet import InvalidToken

    from upstream.config.env import env_str
    from upstream.speakup import keys
    from upstream.speakup.models import SigningKey

    if env_str("UPSTREAM_SPEAKUP_KEY_SECRET"):
        return None
    sealed = SigningKey.objects.exclude(sealed_private_key=None).values_list("sealed_private_key", flat=True)
    sealed = sealed.order_by("created_on").first()
    if sealed is None:
        return None
    try:
        keys._fernet().decrypt(bytes(sealed))
    except InvalidToken:
        return False
    return True


def _receipts_exist() -> bool:
    from upstream.concerns.models import Receipt

    return Receipt.objects.exists()


def _what_to_do() -> str:
    return _(
        "Copy the key files upstream_receipt_key and upstream_intake_key into UPSTREAM_DATA_DIR "
        "(%(data_dir)s), replacing the ones there, from the same backup or from the server the data "
        "came from (or set UPSTREAM_RECEIPT_KEY and UPSTREAM_INTAKE_KEY to the old values), then run "
        "`upstream check` again; until then stop serving, or new submissions are sealed under the "
        "wrong keys too. Only if the old keys are lost for good: `upstream check --accept-keys` "
        "(docs/operations.md#backups)."
    ) % {"data_dir": settings.DATA_DIR}


def problems(*, record: bool = True) -> list[str]:
    """One sentence per key that does not open the data that exists ([] when all match).

    With `record`, a missing fingerprint is recorded when nothing contradicts the key, and the
    intake key's is moved on during a rotation (UPSTREAM_INTAKE_KEY_PREVIOUS) or when no waiting
    entry needs the old key any more.
    """
    stored = _stored()
    current = {RECEIPT: settings.RECEIPT_KEY, INTAKE: settings.INTAKE_KEY}
    mine = {name: fingerprint(name, value) for name, value in current.items()}
    found: list[str] = []
    to_record: dict[str, str] = {}

    # The intake key: what waits for the next release was sealed with it. A fingerprint that differs
    # after a rotation (UPSTREAM_INTAKE_KEY_PREVIOUS) or with nothing waiting is moved on; the data
    # decides, and the oldest entry (the first sealed) is the one an earlier key would have sealed.
    if (stored or {}).get(INTAKE) != mine[INTAKE]:
        if _oldest_intake_entry_opens() is False:
            found.append(
                _(
                    "%(key)s does not open the submissions waiting in the intake: they were sealed "
                    "under another key."
                )
                % {"key": INTAKE}
            )
            found.extend(_rotation_hint(stored, mine))
        else:
            to_record[INTAKE] = mine[INTAKE]

    # The receipt key: receipts are stored only as its HMAC, so only the fingerprint (and the speak-up
    # signing keys, sealed under a secret derived from it) can tell.
    known = (stored or {}).get(RECEIPT)
    if known != mine[RECEIPT]:
        if _speakup_key_opens() is False:
            found.append(
                _(
                    "%(key)s does not open the speak-up signing keys in this database: they were sealed "
                    "under another key."
                )
                % {"key": RECEIPT}
            )
        # Not "generated by this process while receipts exist": on a fresh install the first
        # process generates the key and then makes the receipts itself (the test run of a fresh
        # clone failed every check). A restore beside a generated key is refused by `restore`.
        elif _receipts_exist() and known is not None:
            found.append(
                _(
                    "%(key)s is not the key the receipts in this database were made with: no earlier "
                    "receipt code opens."
                )
                % {"key": RECEIPT}
            )
        else:
            to_record[RECEIPT] = mine[RECEIPT]

    if found:
        return found
    if record and stored is not None and to_record:
        _record(to_record)
    return []


def _rotation_hint(stored: dict[str, str] | None, mine: dict[str, str]) -> list[str]:
    """The intake key was changed and the receipt key was not: most likely a rotation without
    UPSTREAM_INTAKE_KEY_PREVIOUS (a restore beside other keys changes both). The message only told
    to copy key files back, never how a rotation keeps the old key (an operator's walk)."""
    if settings.INTAKE_KEY_PREVIOUS:
        return [
            _(
                "%(previous)s is set but does not open them either: it must hold the value %(key)s had "
                "before it was changed."
            )
            % {"previous": f"{INTAKE}_PREVIOUS", "key": INTAKE}
        ]
    if not stored or stored.get(RECEIPT) != mine[RECEIPT]:
        return []
    return [
        _(
            "If %(key)s was changed on purpose (a rotation), set %(previous)s to its old value for every "
            "web, worker and scheduler process, restart them and run `upstream release-now` "
            "(docs/operations.md#secrets-and-the-data-directory)."
        )
        % {"previous": f"{INTAKE}_PREVIOUS", "key": INTAKE}
    ]


def _record(fingerprints: dict[str, str]) -> None:
    from upstream.ops.models import KeyFingerprint

    for name, value in fingerprints.items():
        try:
            with transaction.atomic():
                KeyFingerprint.objects.update_or_create(name=name, defaults={"fingerprint": value})
        except (IntegrityError, DatabaseError):  # another process recorded it first, or read-only
            logger.warning("keys: the fingerprint of %s could not be recorded", name)
        else:
            logger.info("keys: the fingerprint of %s is recorded (never the key)", name)


def accept_current_keys() -> None:
    """Record the keys in use as the right ones, whatever the data says (`upstream check --accept-keys`)."""
    _record(
        {
            RECEIPT: fingerprint(RECEIPT, settings.RECEIPT_KEY),
            INTAKE: fingerprint(INTAKE, settings.INTAKE_KEY),
        }
    )


def backup_mismatch(stored: dict[str, str], *, receipts: bool, waiting: bool) -> list[str]:
    """Before a restore: the names of the keys in use that do not open what the backup holds.

    `stored` is the backup's own fingerprints; `receipts` whether it holds receipts or sealed
    speak-up signing keys (made with the receipt key), `waiting` whether it holds intake entries
    (sealed with the intake key, or with UPSTREAM_INTAKE_KEY_PREVIOUS during a rotation). A key
    with nothing in the backup that needs it does not count, as `problems` decides after a restore.
    """
    previous = getattr(settings, "INTAKE_KEY_PREVIOUS", "") or ""
    accepted = {
        RECEIPT: {fingerprint(RECEIPT, settings.RECEIPT_KEY)},
        INTAKE: {fingerprint(INTAKE, settings.INTAKE_KEY)}
        | ({fingerprint(INTAKE, previous)} if previous else set()),
    }
    needed = {RECEIPT: receipts, INTAKE: waiting}
    return [
        name
        for name in (RECEIPT, INTAKE)
        if needed[name] and name in stored and stored[name] not in accepted[name]
    ]


def require_match(*, record: bool = True) -> str:
    """A detail line when the keys match the data; raises KeysDoNotMatch with what to do otherwise."""
    found = problems(record=record)
    if found:
        raise KeysDoNotMatch(" ".join([*found, _what_to_do()]))
    return _("the receipt and intake keys open the data")

"""One-time form keys: a refreshed or resubmitted page never sends the same words twice.

The key is random, signed so that only keys this server issued are accepted, and lives only in
the HTML of one page. Once used, an HMAC of it is kept for a few days; it names no person and
points at no record, and the receipt never enters a URL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.db import connection
from django.utils import timezone

from upstream.intake import kept_answers
from upstream.intake.models import UsedFormKey
from upstream.lib.insert_once import insert_once

SALT = "upstream.intake.formkey"
MAX_AGE = dt.timedelta(days=2)


def new_key() -> str:
    return signing.dumps(secrets.token_urlsafe(18), salt=SALT, compress=False)


def _digest(key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"formkey:{key}".encode(), hashlib.sha256).hexdigest()


def is_valid(key: str) -> bool:
    try:
        signing.loads(key or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def for_idempotency_key(prefix: str, scope: str, key: str | None) -> str | None:
    """The one-time key an API call spends for its `Idempotency-Key`: a keyed hash of who may repeat
    it (`scope`: an account, a receipt code) and the key, or None when the call sent no key.

    spend() stores only a further HMAC of this, so the row names neither scope nor key.
    """
    if not key:
        return None
    mac = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{key}".encode(), hashlib.sha256)
    return prefix + mac.hexdigest()


def for_account(account_id: int, what: str, key: str | None, *, within: object = None) -> str | None:
    """`for_idempotency_key` for a named write (an action, a campaign post, a wave): scoped by the
    account, per kind of call (`what`) and, for a post to one thing, per thing (`within`). Never for
    an anonymous write, whose key is scoped by a secret only the caller holds (api.auth.caller_secret)."""
    scope = f"api-{what}-idempotency:{account_id}" + ("" if within is None else f":{within}")
    return for_idempotency_key(f"api-{what}:", scope, key)


def spend(key: str) -> bool:
    """Mark the key used; False when it was used before (the caller then writes nothing).

    Call inside the transaction that writes the record, before writing it, so both happen or
    neither; `keep` then adds the first answer, for a retry to get back.

    A used key is passed over, never by letting the insert fail: each resent page or retried
    `Idempotency-Key` used to leave a failed statement in the database server's log, dating the
    writer's retry, with the digest that stays in this table until the key expires (lib/insert_once).
    """
    expires = timezone.localdate() + MAX_AGE + dt.timedelta(days=1)
    values = {"digest": _digest(key), "expires_on": connection.ops.adapt_datefield_value(expires)}
    return insert_once(UsedFormKey, "digest", **values)


def keep(key: str, answer: bytes) -> None:
    """Keep the first answer (kept_answers.seal) with a key this transaction has just spent.

    Spending comes first and the answer after the record is written: a repeat is then refused
    before it writes anything, where spending last let it write the record and roll it back, a
    dead row that dated the retry in the table until the next release (anonymity.md M26)."""
    UsedFormKey.objects.filter(digest=_digest(key)).update(answer=answer)


def kept_answer(key: str, asked: str) -> dict | None:
    """The first answer given with this spent key to the same request, or None (not spent, spent
    without an answer kept, or spent for another request)."""
    sealed = UsedFormKey.objects.filter(digest=_digest(key)).values_list("answer", flat=True).first()
    return None if sealed is None else kept_answers.unseal(key, asked, sealed)

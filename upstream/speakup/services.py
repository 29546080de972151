"""Obtaining speak-up tokens (signed in) and spending them (no account, no session).

Issuing signs blinded messages: the server sees numbers that tell it nothing about the tokens they
become, and stores how many tokens the person obtained this period with a hash of each blinded
message, so that the same request sent again (its answer lost) is answered again and not counted
twice. Spending checks the
token's signature, refuses a second use of the same token, and stores a hash of the token with the
key that signed it; no time, no person. See docs/speakup.md and docs/decisions/0004-blind-tokens.md.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upstream.intake import formkeys
from upstream.lib.insert_once import insert_once
from upstream.lib.patterns import described
from upstream.org.models import RoleGroup, Unit, User
from upstream.speakup import blindrsa, config, keys
from upstream.speakup.models import Allowance, SignedBlind, SigningKey, SpentToken
from upstream.speakup.purposes import UnknownPurpose, rule_for  # noqa: F401 - rule_for re-exported

CONCERN = "concern"
MESSAGE_LENGTH = 32  # random bytes the browser signs, after the 32-byte random prefix
PREPARED_LENGTH = blindrsa.PREFIX_LENGTH + MESSAGE_LENGTH
MAX_CODE_LENGTH = 1200  # a 4096-bit key's token is 576 bytes, 768 characters
# The forms the API states for what travels in base64url without padding (blinded messages, blind
# signatures: whole groups of four, and a last group of two or three, as every length but 4n+1
# decodes), for a code as typed or pasted (spaces, tabs and line breaks in it are ignored, but it is
# not only those: the API trims it before the pattern is checked), and for a key id (the SHA-256 of
# the key, hex). Whitespace is spelt out, not `\s`: ECMA-262, Python and pydantic's regex engine
# each read `\s` differently.
BASE64URL = described(
    r"^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$",
    gettext_lazy("Please give this as base64url: letters, digits, - and _ only."),
)
CODE_PATTERN = described(
    r"^[ \t\r\n]*[A-Za-z0-9_-][A-Za-z0-9_ \t\r\n-]*$",
    # Speak-up codes, survey codes and co-sign tokens share this form, so the words name none of them.
    gettext_lazy("A code has only letters, digits, - and _. Check that you copied all of it."),
)
KEY_ID_PATTERN = described(
    r"^[0-9a-f]{64}$",
    gettext_lazy("A key id has 64 characters, 0 to 9 and a to f: send it as the key list gives it."),
)
MAX_TEXT_FIELD = 20000


class TokenError(ValueError):
    """A request about tokens that breaks a rule; the message is written for the person."""

    status = 400


class TokenInvalid(TokenError):
    """The code is the only credential of a write without an account; one that does not verify
    grants nothing (403), whatever its form."""

    status = 403

    def __init__(self) -> None:
        super().__init__(
            _("This speak-up code is not valid. Check that you copied all of it, or use another one.")
        )


class TokenExpired(TokenError):
    status = 403

    def __init__(self) -> None:
        super().__init__(_("This speak-up code has expired. Sign in to get new ones, or write signed in."))


class TokenSpent(TokenError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_("This speak-up code was already used. Each code works once; use another one."))


class LimitReached(TokenError):
    """No tokens left this period; `retry_after` is the number of seconds until the next one starts
    (every 429 says when to come back, RFC 6585 4)."""

    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AlreadyHad(LimitReached):
    """The purpose gives its tokens once (a survey wave, a shared concern) and they were had: waiting
    never brings more, so it is the state that refuses (409), not a rate (429)."""

    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message, retry_after=0)


class TooManyAtOnce(TokenError):
    """More blinded messages in one request than the purpose's whole period allows. It is bad input
    that no wait mends (a 429 said otherwise), so a 400 naming `field`; the allowance is the
    purpose's and configured, which is why the schema's own bound (50) cannot state it."""

    status = 400
    field = "blinded_messages"

    def __init__(self, most: int) -> None:
        super().__init__(_("Ask for between 1 and %(most)d tokens at a time.") % {"most": most})
        self.most = most


class NotEligible(TokenError):
    """The account may not obtain tokens for this purpose (a wave it is not invited to)."""

    status = 403


class NotFound(TokenError):
    """What the request names (the wave or shared concern of a purpose, a unit) does not exist."""

    status = 404


class NotForThisKey(TokenError):
    """A blinded message this key cannot sign: not its modulus length, or out of its range. The
    request is well-formed and the message was blinded for another key, so it is a conflict with
    the key now issuing, as KeyChanged is (a 400 here was a schema-valid request refused)."""

    status = 409


class NotSignedBefore(TokenError):
    """Asked to sign again (`again_only`) a blinded message this person was never given."""

    status = 409

    def __init__(self) -> None:
        super().__init__(_("Nothing was signed for this request before, so there is nothing to send again."))


class KeyChanged(TokenError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_("The signing key changed a moment ago. Reload the page and try again."))


@dataclass(frozen=True)
class Allowed:
    remaining: int
    period_ends: dt.date | None


@dataclass(frozen=True)
class Issued:
    key: SigningKey
    blind_signatures: list[bytes]
    remaining: int
    period_ends: dt.date | None


@dataclass(frozen=True)
class TokenSubmitted:
    receipt: str
    crisis: bool
    ack_due_on: dt.date


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _rule(purpose: str):
    try:
        return rule_for(purpose)
    except UnknownPurpose:
        raise TokenError(_("Unknown purpose %(purpose)r.") % {"purpose": str(purpose)[:80]}) from None


def allowance_left(user: User, purpose: str, today: dt.date | None = None) -> Allowed:
    rule = _rule(purpose)
    period, ends = rule.period(_today(today))
    used = (
        Allowance.objects.filter(user=user, purpose=purpose, period=period)
        .values_list("issued", flat=True)
        .first()
    )
    return Allowed(remaining=max(rule.per_period - (used or 0), 0), period_ends=ends)


def use_by(key: SigningKey) -> dt.date | None:
    """The last day a token from `key` is accepted, if the key keeps to its rotation schedule."""
    if key.accept_until is not None:
        return key.accept_until
    rotate = _rule(key.purpose).rotate_days
    if rotate is None:
        return None
    return key.created_on + dt.timedelta(days=rotate + config.grace_days())


def code_store(user: User) -> str:
    """The name under which `/speak/tokens/` keeps the person's codes in their browser (localStorage).

    One per account, so a colleague who signs in next on the same computer neither sees nor spends
    them; a keyed hash, so the browser's storage names no account. Keyed with the keys' sealing
    secret, like the co-sign tokens' label, so a change of SECRET_KEY does not strand saved codes.
    The writing page, which reads no session, never learns it (docs/speakup.md).
    """
    return config.browser_store(user.pk, "upstream.speakup.code-store", "upstream.speakup.v2.")


def published_key_for(purpose: str, today: dt.date | None = None) -> SigningKey:
    """The issuing key a caller asked for by purpose, made on first use only for a purpose whose
    wave or shared concern exists (a caller could otherwise make keys without end)."""
    if not _rule(purpose).exists(purpose):
        raise NotFound(
            _("No survey wave or shared concern goes with the purpose %(purpose)r.")
            % {"purpose": purpose[:80]}
        )
    return signing_key_for(purpose, today)


def signing_key_for(purpose: str, today: dt.date | None = None) -> SigningKey:
    _rule(purpose)
    return keys.issuing_key(purpose, _today(today))


def blind_digest(key: SigningKey, blinded_message: bytes) -> str:
    """What `SignedBlind` keeps of a blinded message: a hash, bound to the key that signed it."""
    return hashlib.sha256(key.key_id.encode("ascii") + b"\0" + blinded_message).hexdigest()


def issue_tokens(
    user: User,
    purpose: str,
    blinded_messages: list[bytes],
    key_id: str,
    *,
    today: dt.date | None = None,
    again_only: bool = False,
) -> Issued:
    """Sign blinded messages for a signed-in person, within their allowance for the period.

    A blinded message this person was already given a signature for in this period, with this key,
    is signed again and not counted: the browser's first answer was lost (the page was left while
    it waited), and the same message signed again is the same token, so nothing more is given.
    `again_only` signs only such messages and refuses any other (NotSignedBefore): for callers whose
    own record says the person has had theirs (a survey wave's code).
    """
    today = _today(today)
    rule = _rule(purpose)
    if not rule.eligible(user, purpose):
        raise NotEligible(_("Your account cannot obtain tokens for this."))
    if not blinded_messages:
        raise TokenError(_("Ask for between 1 and %(most)d tokens at a time.") % {"most": rule.per_period})
    if len(blinded_messages) > rule.per_period:
        raise TooManyAtOnce(rule.per_period)
    key = keys.issuing_key(purpose, today)
    if key_id != key.key_id:
        raise KeyChanged()
    private = keys.private_key(key)
    size = blindrsa.modulus_length(private)
    if any(len(message) != size for message in blinded_messages):
        raise NotForThisKey(
            _(
                "A blinded message for this key is %(size)s bytes long (its modulus length); fetch the key "
                "again and blind with it."
            )
            % {"size": size}
        )
    period, ends = rule.period(today)
    digests = [blind_digest(key, message) for message in blinded_messages]
    with transaction.atomic():
        Allowance.objects.get_or_create(user=user, purpose=purpose, period=period)
        allowance = Allowance.objects.select_for_update().get(user=user, purpose=purpose, period=period)
        signed = SignedBlind.objects.filter(allowance=allowance, digest__in=digests)
        signed_before = set(signed.values_list("digest", flat=True))
        new = [digest for digest in dict.fromkeys(digests) if digest not in signed_before]
        if again_only and new:
            raise NotSignedBefore()
        left = rule.per_period - allowance.issued
        if len(new) > left:
            if ends is None:
                raise AlreadyHad(_limit_message(left, ends))
            raise LimitReached(_limit_message(left, ends), _seconds_until_after(ends))
        try:
            signatures = [blindrsa.blind_sign(private, message) for message in blinded_messages]
        except blindrsa.BlindSignError:
            raise NotForThisKey(
                _("A blinded message could not be signed with this key. Blind it again with the current key.")
            ) from None
        if new:
            allowance.issued += len(new)
            allowance.save(update_fields=["issued"])
            SignedBlind.objects.bulk_create([SignedBlind(allowance=allowance, digest=d) for d in new])
    return Issued(key=key, blind_signatures=signatures, remaining=left - len(new), period_ends=ends)


def _seconds_until_after(ends: dt.date) -> int:
    """Seconds from now until the local midnight that starts the day after `ends`, at least 1."""
    start = dt.datetime.combine(ends + dt.timedelta(days=1), dt.time.min)
    wait = timezone.make_aware(start) - timezone.now()
    return max(1, int(wait.total_seconds()))


def _limit_message(left: int, ends: dt.date | None) -> str:
    if left <= 0 and ends is None:
        return _("You already have your token for this.")
    if left <= 0:
        return _("You have had all your tokens for now. You can get more from %(day)s.") % {
            "day": (ends + dt.timedelta(days=1)).isoformat()
        }
    return _("You can get only %(left)d more tokens for now.") % {"left": left}


def decode_code(code: str) -> tuple[bytes, bytes]:
    """A code as typed or pasted (base64url, spaces and line breaks ignored) into message and signature."""
    if not isinstance(code, str) or len(code) > MAX_CODE_LENGTH * 2:
        raise TokenInvalid()
    compact = re.sub(r"\s+", "", code)
    if not compact or len(compact) > MAX_CODE_LENGTH or not re.fullmatch(r"[A-Za-z0-9_-]+", compact):
        raise TokenInvalid()
    try:
        raw = base64.urlsafe_b64decode(compact + "=" * (-len(compact) % 4))
    except (binascii.Error, ValueError):
        raise TokenInvalid() from None
    if len(raw) <= PREPARED_LENGTH:
        raise TokenInvalid()
    return raw[:PREPARED_LENGTH], raw[PREPARED_LENGTH:]


def check_token(purpose: str, code: str, *, today: dt.date | None = None) -> tuple[SigningKey, str]:
    """The key that signed a valid, unexpired, unspent token, and the token's digest. Writes nothing."""
    today = _today(today)
    _rule(purpose)
    prepared, signature = decode_code(code)
    candidates = sorted(
        SigningKey.objects.filter(purpose=purpose),
        key=lambda k: (not keys.accepts_on(k, today), -k.created_on.toordinal()),
    )
    for key in candidates:
        if blindrsa.verify(keys.public_key(key), prepared, signature):
            if not keys.accepts_on(key, today):
                raise TokenExpired()
            digest = hashlib.sha256(prepared).hexdigest()
            if SpentToken.objects.filter(digest=digest).exists():
                raise TokenSpent()
            return key, digest
    raise TokenInvalid()


def redeem_token(purpose: str, code: str, *, today: dt.date | None = None) -> None:
    """Spend a token, inside the caller's transaction, so the write it pays for and the spend go together.

    Stores the SHA-256 of the prepared message and the signing key: nothing about when or who.
    """
    key, digest = check_token(purpose, code, today=today)
    # The same code spent twice at once (a double tap) is passed over, not a failed insert: the
    # database server would log a failed statement with its time and the token's digest.
    if not insert_once(SpentToken, "digest", digest=digest, key_id=key.pk):
        raise TokenSpent()


def clean_field(text: str, *, limit: int = MAX_TEXT_FIELD) -> str:
    """Refuse what a database or a reader cannot take: NUL bytes, lone surrogates, huge input."""
    if not isinstance(text, str):
        raise TokenError(_("Text is required."))
    if len(text) > limit:
        raise TokenError(_("That is too long."))
    if "\x00" in text:
        raise TokenError(_("The text contains a NUL character; remove it and try again."))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise TokenError(_("The text contains characters that cannot be stored; retype it.")) from None
    return text


def unit_choice(unit_id: object) -> Unit | None:
    """Any unit of the organisation (the token says nothing about whose units they are)."""
    if unit_id in (None, ""):
        return None
    try:
        return Unit.objects.get(pk=int(str(unit_id)))
    except ValueError:
        raise TokenError(_("Choose a unit from the list, or leave it out.")) from None
    except Unit.DoesNotExist:
        raise NotFound(_("Choose a unit from the list, or leave it out.")) from None


def role_choice(role_group: object) -> str:
    if role_group in (None, ""):
        return ""
    if role_group not in RoleGroup.values:
        raise TokenError(_("Choose a role group from the list, or leave it out."))
    return str(role_group)


def submit_concern_with_token(
    *, code: str, text: str, unit: Unit | None, role_group: str, today: dt.date | None = None
) -> TokenSubmitted:
    """File a concern paid for with a token: both happen, or neither (a refused text keeps the token).

    Its answer is kept, sealed under the code, for a retry with the same code whose answer was lost
    (`earlier_concern`)."""
    from upstream.concerns.services import submit_concern

    clean_field(text)
    check_token(CONCERN, code, today=today)  # fail fast, before the text model runs
    with transaction.atomic():
        redeem_token(CONCERN, code, today=today)
        submitted = submit_concern(
            text=text, unit=unit, role_group=role_group, form_key=_concern_key(code), keep_answer=True
        )
    return TokenSubmitted(receipt=submitted.receipt, crisis=submitted.crisis, ack_due_on=submitted.ack_due_on)


def _concern_key(code: str) -> str | None:
    """The one-time key a concern paid for with `code` spends beside the token. It is made from the
    whole code, signature included, which the server never stores (a spent token keeps only a hash
    of its message): no dump can open the answer kept under it."""
    prepared, signature = decode_code(code)
    return formkeys.for_idempotency_key("speakup:", "speakup-concern", (prepared + signature).hex())


def earlier_concern(*, code: str, text: str, unit_id: object, role_group: object) -> TokenSubmitted | None:
    """The first answer to this concern, when this spent code paid for it; None otherwise."""
    from upstream.concerns.services import earlier_submission

    try:
        unit, role = unit_choice(unit_id), role_choice(role_group)
        kept = earlier_submission(_concern_key(code), text=clean_field(text), unit=unit, role_group=role)
    except TokenError:
        return None
    if kept is None:
        return None
    return TokenSubmitted(receipt=kept.receipt, crisis=kept.crisis, ack_due_on=kept.ack_due_on)

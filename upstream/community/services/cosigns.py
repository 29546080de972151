"""Co-signs: offering a concern, a leader's redacted copy, blind-token co-signing, escalation.

How "once each, with no list of who" works (docs/anonymity.md, "Co-signs"): each shared concern has
its own speak-up token purpose (`cosign:<id>`, one token per person, ever). When the person presses
"Get my co-signs for this browser" on the shared-concerns page (never as the page opens, which
gave every token to whichever browser first showed it, nor at one co-sign button, whose issuance
and spend would be tied by their timing), their browser obtains a blind-signed token for *every*
shared concern they can see and have none for, in one request, so the issuance record says "got
their co-signs", never "meant to co-sign this". Co-signing spends the token without a session;
the spend and the visible co-sign row are written only at the intake's batch release, in shuffled
order, so neither time nor row order ties them to the issuance.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import difflib
import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from upstream.community.access import NotFound, is_office, scopes_seen_by
from upstream.community.models import Cosign, SharedConcern
from upstream.community.services.common import (
    CommunityError,
    Conflict,
    Missing,
    NotAllowed,
    NotYet,
    clean_text,
    setting_int,
)
from upstream.concerns.models import Concern
from upstream.lib.mail import in_site_language, send_mail
from upstream.lib.site_url import site_url
from upstream.org.access import leads_unit, led_subtree_q, member_units
from upstream.org.models import LeaderAssignment, Unit, User

OFFER_KIND = "community.offer"
COSIGN_KIND = "community.cosign"
MIN_TEXT, MAX_TEXT = 10, 5000

# The longest co-sign token the API and the page's endpoint take, as sent (spaces and line breaks
# included); its form is a speak-up code's (`speakup.services.CODE_PATTERN`).
COSIGN_CODE_MAX = 2400
MAX_ROW_ID = 2**63 - 1  # the largest id a database integer column holds (the page's endpoint sends any)


def threshold() -> int:
    return setting_int("UPSTREAM_COSIGN_THRESHOLD", 10, minimum=2)


def spread_units() -> int:
    return setting_int("UPSTREAM_COSIGN_SPREAD_UNITS", 3, minimum=2)


# --- The reporter, through the receipt -------------------------------------------------------


class ReceiptUnknown(Missing):
    """No concern, released or waiting, opens this code: counts against the guessing limit (404)."""


def _concern_by_receipt(code: str) -> Concern:
    from upstream.concerns import services as concerns

    try:
        found = concerns.open_receipt(code)
    except concerns.ConcernError as error:
        raise ReceiptUnknown(str(error)) from None
    if isinstance(found, concerns.PendingReceipt):
        raise Conflict(
            _("Your concern reaches leaders with the next batch; offer it for co-signing after that.")
        )
    return found


def _lookup(code: str) -> str:
    """Where the receipt holder finds their waiting offer or withdrawal in the intake.

    Never the receipt digest: that is the primary key of `concerns_receipt`, so a dump taken
    before the release would tie the offer's transaction id and position (the moment the reporter
    was at work on it) to their released concern. Nor the concern's own intake lookup, so an offer
    is not joined with the replies the same receipt holder has waiting. A label of its own over
    the intake lookup (itself keyed with the intake key) gives neither.
    """
    from upstream.concerns import receipts

    base = receipts.intake_lookup(code or "")
    return hashlib.sha256(f"{OFFER_KIND}:{base}".encode()).hexdigest() if base else ""


def offer_for_cosigning(code: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """The reporter offers their concern; it reaches leaders with the next batch. Returns when."""
    from upstream.intake.services import enqueue

    concern = _concern_by_receipt(code)
    shared = SharedConcern.objects.filter(concern=concern).first()
    if shared is not None and shared.status in (SharedConcern.Status.OFFERED, SharedConcern.Status.PUBLISHED):
        raise Conflict(_("This concern is already offered for co-signing."))
    with transaction.atomic():
        return enqueue(
            OFFER_KIND, {"concern": str(concern.pk), "action": "offer"}, lookup=_lookup(code), now=now
        )


def withdraw_offer(code: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """The reporter takes the offer back (staff stop seeing it at the next batch)."""
    from upstream.intake.services import enqueue

    concern = _concern_by_receipt(code)
    if (
        not SharedConcern.objects.filter(concern=concern)
        .exclude(status=SharedConcern.Status.WITHDRAWN)
        .exists()
    ):
        raise Conflict(_("This concern is not offered for co-signing."))
    with transaction.atomic():
        return enqueue(
            OFFER_KIND, {"concern": str(concern.pk), "action": "withdraw"}, lookup=_lookup(code), now=now
        )


@dataclass(frozen=True)
class ReporterView:
    concern: Concern
    shared: SharedConcern | None
    pending: list[str]  # actions waiting for the next batch ("offer", "withdraw")
    diff: SafeString  # the reporter's words with the leader's changes marked


def shared_for_receipt(code: str) -> ReporterView:
    from upstream.intake.services import pending_for

    concern = _concern_by_receipt(code)
    own = getattr(concern, "merged_from", None) or concern
    shared = SharedConcern.objects.filter(concern=concern).select_related("escalated_to").first()
    pending = [p.payload.get("action", "") for p in pending_for(_lookup(code), OFFER_KIND)]
    diff = word_diff(own.text, shared.text) if shared and shared.text else mark_safe("")  # noqa: S308
    return ReporterView(concern=concern, shared=shared, pending=pending, diff=diff)


def word_diff(before: str, after: str) -> SafeString:
    """HTML of `after` with removed words in <del> and added words in <ins>, everything escaped."""
    a, b = re.findall(r"\S+|\s+", before), re.findall(r"\S+|\s+", after)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


# --- Leaders ------------------------------------------------------------------------------------


def suggest_redaction(text: str) -> str:
    """The concern with names (after a title, or in the staff directory) replaced by [name], and
    email addresses and phone numbers by [email] and [phone], as a listening transcript's are: a
    colleague's address in a shared copy led straight to one person."""
    from upstream.concerns.safety import named_people
    from upstream.listening.contacts import remove_contacts

    text = remove_contacts(text)
    for name in sorted(named_people(text), key=len, reverse=True):
        text = text.replace(name, _("[name]"))
    return text


def offers_for_leader(leader: User) -> QuerySet[SharedConcern]:
    return (
        SharedConcern.objects.filter(led_subtree_q(leader, "scope__"), status=SharedConcern.Status.OFFERED)
        .select_related("concern", "scope")
        .order_by("offered_on", "id")
    )


def shared_for_leader(leader: User, shared_id: uuid.UUID | str) -> SharedConcern:
    shared = SharedConcern.objects.select_related("concern", "scope").filter(pk=_uuid(shared_id)).first()
    if shared is None or not leads_unit(leader, shared.scope):
        raise NotFound()
    return shared


def approve_shared(
    leader: User, shared: SharedConcern, text: str, *, now: dt.datetime | None = None
) -> SharedConcern:
    """Publish the redacted copy to staff in the concern's scope; the reporter sees the changes."""
    now = now or timezone.now()
    cleaned = clean_text(text, field=_("Redacted copy"), minimum=MIN_TEXT, maximum=MAX_TEXT, name="text")
    with transaction.atomic():
        locked = SharedConcern.objects.select_for_update().get(pk=shared.pk)
        if locked.status != SharedConcern.Status.OFFERED:
            raise Conflict(_("Only an offered concern can be approved."))
        locked.text, locked.status = cleaned, SharedConcern.Status.PUBLISHED
        locked.decided_by, locked.decided_at = leader, now
        locked.save(update_fields=["text", "status", "decided_by", "decided_at"])
    return locked


def decline_shared(
    leader: User, shared: SharedConcern, reason: str, *, now: dt.datetime | None = None
) -> SharedConcern:
    now = now or timezone.now()
    cleaned = clean_text(reason, field=_("Reason"), minimum=5, maximum=1000, name="reason")
    with transaction.atomic():
        locked = SharedConcern.objects.select_for_update().get(pk=shared.pk)
        if locked.status != SharedConcern.Status.OFFERED:
            raise Conflict(_("Only an offered concern can be declined."))
        locked.status, locked.decline_reason = SharedConcern.Status.DECLINED, cleaned
        locked.decided_by, locked.decided_at = leader, now
        locked.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    return locked


# --- Staff: seeing, obtaining tokens, co-signing ------------------------------------------------


def _published() -> QuerySet[SharedConcern]:
    return SharedConcern.objects.filter(status=SharedConcern.Status.PUBLISHED).select_related(
        "scope", "escalated_to"
    )


def cosignable_shared(user: User) -> QuerySet[SharedConcern]:
    """Published shared concerns whose scope covers one of the person's own units: theirs to co-sign."""
    return _published().filter(scope__in=scopes_seen_by(user))


def visible_shared(user: User) -> QuerySet[SharedConcern]:
    """What the person may read: their own scope's, those in subtrees they lead, or all (the office)."""
    if is_office(user):
        return _published()
    return _published().filter(Q(scope__in=scopes_seen_by(user)) | led_subtree_q(user, "scope__"))


def _uuid(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound() from None


def shared_for(user: User, shared_id: uuid.UUID | str) -> SharedConcern:
    shared = visible_shared(user).filter(pk=_uuid(shared_id)).first()
    if shared is None:
        raise NotFound()
    return shared


def branch_of(user: User, scope: Unit) -> Unit:
    """The unit directly below the scope on the way to the person's unit (the scope itself if none)."""
    for unit in sorted(member_units(user), key=lambda u: u.path):
        if unit.path.startswith(scope.path) and unit.path != scope.path:
            return Unit.objects.get(path=unit.path[: len(scope.path) + Unit.steplen])
    return scope


@dataclass(frozen=True)
class TokenOffer:
    shared: SharedConcern
    purpose: str
    key_id: str
    public_key: str  # SubjectPublicKeyInfo DER, base64url, as the browser imports it
    branch: Unit


def token_offers(user: User, *, today: dt.date | None = None) -> list[TokenOffer]:
    """Every visible shared concern the person can still obtain a co-sign token for."""
    from upstream.speakup import keys
    from upstream.speakup.services import allowance_left, signing_key_for

    offers = []
    for shared in cosignable_shared(user):
        if allowance_left(user, shared.purpose, today).remaining <= 0:
            continue
        key = signing_key_for(shared.purpose, today)
        offers.append(
            TokenOffer(shared, shared.purpose, key.key_id, keys.spki_b64(key), branch_of(user, shared.scope))
        )
    return offers


def token_store(user: User) -> str:
    """The name under which the person's browser keeps their co-sign tokens (localStorage).

    One per account, so colleagues who sign in on one computer neither spend nor overwrite each
    other's tokens; a keyed hash, so the browser's storage names no account. Keyed with the
    speak-up keys' sealing secret, which outlives a change of SECRET_KEY: a new label would strand
    tokens already saved, and a person gets one token per concern, ever.
    """
    from upstream.speakup.config import browser_store

    return browser_store(user.pk, "upstream.community.cosign-store", "upstream.cosign.v2.")


def _refusal(error: Exception) -> CommunityError:
    """A speak-up token refusal as the community's own, keeping what it means for the caller: a code
    or account that grants nothing (403), a key that changed or a code already used (409)."""
    status = getattr(error, "status", 400)
    if status == 403:
        return NotAllowed(str(error))
    if status == 409:
        return Conflict(str(error))
    return CommunityError(str(error))


def _cosign_refusal(error: Exception) -> CommunityError:
    """A refused co-sign token, with the same status, in words about the co-sign: the token service's
    own sentences are about a speak-up code, which the co-signer never had."""
    from upstream.speakup.services import TokenExpired, TokenInvalid, TokenSpent

    if isinstance(error, TokenSpent):  # each person's token is theirs alone: spent means counted
        return Conflict(_("You have already co-signed this concern."))
    if isinstance(error, TokenExpired):
        return NotAllowed(_("This co-sign token has expired, so it cannot co-sign this concern."))
    if isinstance(error, TokenInvalid):
        return NotAllowed(_("This co-sign token is not valid for this concern."))
    return _refusal(error)


def _b64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise CommunityError(_("A blinded message is not valid base64url.")) from None


def issue_cosign_tokens(
    user: User, requests: dict[str, tuple[str, str]], *, today: dt.date | None = None
) -> dict[str, str]:
    """Blind-sign one token for every shared concern still open to the person, all at once.

    `requests` maps purpose to (key_id, blinded message, base64url). Asking for only some of them
    is refused, so the record of who obtained tokens never singles out the concerns someone
    meant to co-sign. A concern the person already had a token for may be asked for again only
    with the very blinded message signed before (the page lost the answer): it gets the same
    signature, hence the same token. Returns purpose -> blind signature (base64url).
    """
    from upstream.speakup.services import NotSignedBefore, TokenError, issue_tokens

    wanted = {offer.purpose for offer in token_offers(user, today=today)}
    if not wanted <= set(requests):
        raise Conflict(
            _("Ask for tokens for every shared concern you can see at once (the page does this for you).")
        )
    signatures: dict[str, str] = {}
    try:
        with transaction.atomic():
            for purpose in sorted(requests):
                key_id, blinded = requests[purpose]
                again = purpose not in wanted
                issued = issue_tokens(user, purpose, [_b64(blinded)], key_id, today=today, again_only=again)
                signatures[purpose] = (
                    base64.urlsafe_b64encode(issued.blind_signatures[0]).rstrip(b"=").decode()
                )
    except NotSignedBefore:
        raise Conflict(_("You already have your token for this.")) from None
    except TokenError as error:
        raise _refusal(error) from None
    return signatures


def submit_cosign(
    shared_id: str, code: str, branch_id: int | None, *, now: dt.datetime | None = None
) -> dt.datetime:
    """Queue a co-sign paid for with a token. Needs no account: the token is the right to co-sign.

    Only checks the token here (writes nothing but the sealed intake entry); it is spent, and the
    co-sign written, at the next batch release.
    """
    from upstream.intake.services import enqueue
    from upstream.speakup.services import TokenError, check_token

    shared = SharedConcern.objects.filter(pk=_uuid(shared_id), status=SharedConcern.Status.PUBLISHED).first()
    if shared is None:
        raise NotFound()
    try:
        check_token(shared.purpose, code)
    except TokenError as error:
        raise _cosign_refusal(error) from None
    from upstream.intake.services import pending_for

    # A token already waiting to be counted is refused now, as the docs promise, rather than taken
    # and silently dropped at the release (the page said "Co-signed" every time).
    lookup = _token_lookup(code)
    if pending_for(lookup, COSIGN_KIND):
        raise Conflict(_("You have already co-signed this concern."))
    branch = _branch_in_scope(shared, branch_id)
    if _holders(shared) < min_holders():
        # Refused, not kept: a co-sign waiting in the intake while fewer than the minimum hold the
        # concern's token was one of theirs, and `speakup_allowance` names them (an independent
        # audit read a lone holder's co-sign off a dump, taken while it waited).
        raise NotYet(
            _(
                "Co-signing this concern opens once at least %(n)d colleagues have got their co-signs, "
                "so that no co-sign can point to who gave it. Yours was not used: try again in a few days."
            )
            % {"n": min_holders()}
        )
    payload = {"shared": str(shared.pk), "code": code, "branch": branch.pk if branch else None}
    with transaction.atomic():
        return enqueue(COSIGN_KIND, payload, lookup=lookup, now=now)


def min_holders() -> int:
    return setting_int("UPSTREAM_COSIGN_MIN_HOLDERS", 5, minimum=1)


def open_for_cosigning(shared: list[SharedConcern]) -> set:
    """The ids of those among `shared` that enough people hold a co-sign for to take one (cosign
    refuses the others): the page says so beside them, before a colleague co-signs into a refusal."""
    from upstream.speakup.models import Allowance

    by_purpose = {item.purpose: item.pk for item in shared}
    counts = (
        Allowance.objects.filter(purpose__in=by_purpose)
        .values("purpose")
        .annotate(holders=Count("pk"))
        .filter(holders__gte=min_holders())
    )
    return {by_purpose[row["purpose"]] for row in counts}


def _holders(shared: SharedConcern) -> int:
    """How many people hold a co-sign token for the concern (every one got it with all the concerns
    they could see at once, so holding one says nothing of meaning to co-sign)."""
    from upstream.speakup.models import Allowance

    return Allowance.objects.filter(purpose=shared.purpose).count()


def _branch_in_scope(shared: SharedConcern, branch_id: int | None) -> Unit | None:
    """The unit a co-sign counts for: the concern's scope or a unit within it, or none given. Any
    other was taken, the token queued, and the unit dropped at the release without a word (a fuzzer
    sent 99999): it is refused now, before anything is queued, as a speak-up concern's unknown unit
    is (404, the same sentence), and the token stays unspent. Checked after the token, so a request
    without a valid one learns nothing about units."""
    if not branch_id:
        return None
    found = Unit.objects.filter(pk=branch_id).first() if 0 < branch_id <= MAX_ROW_ID else None
    if found is None or not found.path.startswith(shared.scope.path):
        raise Missing(_("Choose a unit from the list, or leave it out."), field="branch_unit_id")
    return found


def _token_lookup(code: str) -> str:
    """Where a co-sign token's waiting entry is found in the intake: a keyed hash of the token under
    a label of its own (the intake stores only salted slots of it, `intake.services._slots`); the
    key is not in the database, and the spent token's own record (`SpentToken`) is a hash of
    another thing, the prepared message."""
    key = f"cosign-lookup:{settings.INTAKE_KEY}".encode()
    return hmac.new(key, "".join(code.split()).encode(), hashlib.sha256).hexdigest()


# --- Release (called by handlers.py inside the intake's release transaction) --------------------


def release_offers(payloads: list[dict], day: dt.date) -> None:
    for payload in payloads:
        concern = Concern.objects.filter(pk=payload.get("concern")).first()
        if concern is None:
            continue
        shared = SharedConcern.objects.filter(concern=concern).first()
        if payload.get("action") == "withdraw":
            if shared is not None:
                shared.status = SharedConcern.Status.WITHDRAWN
                shared.save(update_fields=["status"])
            continue
        if shared is None:
            SharedConcern.objects.create(concern=concern, scope=concern.unit, offered_on=day)
        elif shared.status in (SharedConcern.Status.WITHDRAWN, SharedConcern.Status.DECLINED):
            shared.status, shared.offered_on, shared.text = SharedConcern.Status.OFFERED, day, ""
            shared.save(update_fields=["status", "offered_on", "text"])


def release_cosigns(payloads: list[dict], day: dt.date, released_at: dt.datetime | None = None) -> int:
    """Spend each token and write its co-sign; returns how many wait for a later batch.

    A co-sign is taken only once UPSTREAM_COSIGN_MIN_HOLDERS people hold the concern's token
    (`submit_cosign`); should fewer hold it by its release, it waits for a later batch: when one
    person alone had taken tokens for a newly shared concern, the co-sign that appeared at the next
    release was theirs (an independent audit with `speakup_allowance`)."""
    from upstream.intake.services import enqueue
    from upstream.speakup.services import TokenError, redeem_token

    rows: list[Cosign] = []
    touched: dict[uuid.UUID, SharedConcern] = {}
    holders: dict[str, int] = {}
    held = 0
    for payload in payloads:
        shared = SharedConcern.objects.filter(
            pk=payload.get("shared"), status=SharedConcern.Status.PUBLISHED
        ).first()
        if shared is None:
            continue
        if shared.purpose not in holders:
            holders[shared.purpose] = _holders(shared)
        if holders[shared.purpose] < min_holders():
            # Sealed back for the next daily batch, in the release transaction, which rewrites the
            # whole intake table; found again by the same token.
            enqueue(COSIGN_KIND, payload, lookup=_token_lookup(payload.get("code", "")), now=released_at)
            held += 1
            continue
        try:
            redeem_token(shared.purpose, payload.get("code", ""), today=day)  # a second spend fails here
        except TokenError:
            continue
        branch = Unit.objects.filter(pk=payload.get("branch") or 0).first()
        if branch is None or not branch.path.startswith(shared.scope.path):
            branch = None
        rows.append(Cosign(shared=shared, branch=branch, day=day))
        touched[shared.pk] = shared
    Cosign.objects.bulk_create(rows)
    for shared in touched.values():
        recount_and_escalate(shared, day)
    return held


def recount_and_escalate(shared: SharedConcern, day: dt.date) -> None:
    rows = Cosign.objects.filter(shared=shared)
    shared.cosigns = rows.count()
    shared.branches = (
        rows.exclude(branch=None)
        .exclude(branch=shared.scope)
        .aggregate(n=Count("branch", distinct=True))["n"]
    )
    fields = ["cosigns", "branches"]
    wanted = shared.cosigns // threshold()
    if shared.branches >= spread_units():
        wanted = max(wanted, 1)
    if wanted > shared.escalation_level:
        target = _leader_level_above(shared.escalated_to or shared.scope)
        if target is not None:
            shared.escalation_level += 1
            shared.escalated_to, shared.escalated_on = target, day
            fields += ["escalation_level", "escalated_to", "escalated_on"]
            transaction.on_commit(lambda: _tell_leaders(shared.pk))
    shared.save(update_fields=fields)


def _leader_level_above(unit: Unit) -> Unit | None:
    """The nearest unit above with leaders of its own: the next leader level."""
    for ancestor in reversed(unit.ancestors()):
        if LeaderAssignment.objects.filter(unit=ancestor).exists():
            return ancestor
    return None


@in_site_language
def _tell_leaders(shared_id: uuid.UUID) -> None:
    shared = SharedConcern.objects.select_related("escalated_to").get(pk=shared_id)
    leaders = User.objects.filter(leader_assignments__unit=shared.escalated_to).exclude(email="")
    subject = _("A shared concern was escalated to you")
    body = _(
        "%(count)d colleagues co-signed a shared concern, so it now comes to %(unit)s leadership. "
        "Everyone who can see it sees that it was escalated. Read it under Shared concerns."
    ) % {"count": shared.cosigns, "unit": shared.escalated_to.name}
    link = site_url(reverse("community:shared"))
    send_mail(
        subject,
        f"{body}\n\n{link}\n",
        settings.DEFAULT_FROM_EMAIL,
        [u.email for u in leaders],
        kind="shared-concern-escalated",
        fail_silently=True,
    )

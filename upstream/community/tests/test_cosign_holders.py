"""A co-sign is counted only once enough colleagues hold the concern's token, and a token waiting to
be counted is refused at once when sent again.

Found by an independent audit with a dump: `speakup_allowance` showed one resident alone had taken
tokens for a newly shared concern, and the next release added one co-sign to it, so the co-sign
was hers. And a token sent twice was answered "Co-signed" both times (202), then dropped at the
release, where the API documents 409."""

from __future__ import annotations

import pytest

from upstream.community.models import Cosign
from upstream.community.services import cosigns
from upstream.community.services.common import Conflict, NotYet
from upstream.community.tests.cosign_helpers import obtain_all
from upstream.community.tests.test_cosigns import nurse, release, shared_concern
from upstream.intake.tests.placeholders import real_entries


@pytest.fixture
def default_holders(settings):
    settings.UPSTREAM_COSIGN_MIN_HOLDERS = 5  # the default (UPSTREAM_MIN_GROUP_SIZE)


def test_a_co_sign_is_refused_until_five_colleagues_hold_the_concern_s_token(org, default_holders, client):
    """Held in the intake, the lone holder's co-sign was still there in a dump taken while it waited
    (a second audit): it is now refused, nothing is stored, and the token stays good for later."""
    shared, _ = shared_concern(org, org.ward_a)
    code = obtain_all(nurse(0))[shared.purpose]
    for holders in range(1, 5):
        with pytest.raises(NotYet, match="at least 5 colleagues"):
            cosigns.submit_cosign(str(shared.pk), code, org.ward_a.pk)
        answer = client.post(
            f"/api/v1/community/shared/{shared.pk}/cosign", {"code": code}, content_type="application/json"
        )
        assert answer.status_code == 423 and "Yours was not used" in answer.json()["detail"]
        assert not real_entries()  # nothing waits to be read off a dump
        obtain_all(nurse(holders))
    cosigns.submit_cosign(str(shared.pk), code, org.ward_a.pk)  # five hold it now: taken
    assert len(real_entries()) == 1
    release()
    shared.refresh_from_db()
    assert shared.cosigns == 1 and Cosign.objects.count() == 1 and not real_entries()
    with pytest.raises(Conflict, match="already co-signed"):  # spent now
        cosigns.submit_cosign(str(shared.pk), code, None)


NOT_OPEN_YET = "Co-signing opens once at least 5 colleagues have got their co-signs"


def test_a_token_sent_again_before_the_release_is_refused_at_once(org, client):
    shared, _ = shared_concern(org, org.ward_a)
    code = obtain_all(nurse(0))[shared.purpose]
    cosigns.submit_cosign(str(shared.pk), code, org.ward_a.pk)
    with pytest.raises(Conflict, match="already co-signed"):
        cosigns.submit_cosign(str(shared.pk), " ".join([code[:10], code[10:]]), org.ward_a.pk)
    answer = client.post(
        f"/api/v1/community/shared/{shared.pk}/cosign", {"code": code}, content_type="application/json"
    )
    assert answer.status_code == 409 and "already co-signed" in answer.json()["detail"]
    assert len(real_entries()) == 1
    release()
    assert Cosign.objects.count() == 1


def test_a_co_sign_refused_for_now_leaves_the_whole_database_as_it_was(org, default_holders):
    """The refusal is the anonymity fix: a full dump taken before and after it is the same, so
    nothing (no intake row, no spent token, no counter) can point to the person who tried."""
    from io import StringIO

    from django.core.management import call_command

    shared, _ = shared_concern(org, org.ward_a)
    code = obtain_all(nurse(0))[shared.purpose]

    def dump() -> str:
        out = StringIO()
        call_command("dumpdata", "--natural-foreign", stdout=out)
        return out.getvalue()

    before = dump()
    with pytest.raises(NotYet):
        cosigns.submit_cosign(str(shared.pk), code, org.ward_a.pk)
    assert dump() == before


def test_the_list_says_beforehand_which_concerns_are_not_open_for_co_signing_yet(
    org, default_holders, client
):
    # A colleague co-signed a concern the page offered and was refused: no sign before the button (a walk).
    shared, _ = shared_concern(org, org.ward_a)
    person = nurse(0)
    obtain_all(person)
    client.force_login(person)
    assert NOT_OPEN_YET in client.get("/community/shared/").content.decode()
    for n in range(1, 5):
        obtain_all(nurse(n))
    assert NOT_OPEN_YET not in client.get("/community/shared/").content.decode()
    assert cosigns.open_for_cosigning([shared]) == {shared.pk}

"""A database administrator's view: nothing stored links an issuance to a spend.

Two colleagues each obtain tokens (the server sees their blinded messages); one of them writes with
a token. The dump after issuing and the dump after spending share no value that ties the spend to
either person: the blinded messages and blind signatures are not stored at all, the allowance rows
hold only person, purpose, period and count, with a hash of each blinded message (so a lost answer
can be asked for again), and the spent row holds a hash of the token and the key, no time, no
person, no concern.
"""

from __future__ import annotations

import base64

from upstream.privacy.tests.test_anonymity import dump, user_fk_columns, written
from upstream.speakup import keys, services
from upstream.speakup.models import Allowance, SignedBlind, SpentToken
from upstream.speakup.tests import client as browser

TEXT = "Staffing on weekends leaves one nurse for twelve patients and it is not safe."


def test_nothing_stored_links_an_issuance_to_a_spend(client, org):
    key = services.signing_key_for("concern")
    public = keys.public_key(key)
    seen_at_issuance: list[bytes] = []
    codes = {}
    before_issuing = dump()
    for person in (org.reporter, org.leader):
        prepared = browser.prepare()
        blinded, inv = browser.blind(public, prepared)
        issued = services.issue_tokens(person, "concern", [blinded], key.key_id)
        seen_at_issuance += [blinded, issued.blind_signatures[0]]
        codes[person.pk] = browser.code_of(
            prepared, browser.finalize(public, issued.blind_signatures[0], inv)
        )
    after_issuing = dump()
    issuing_rows = written(before_issuing, after_issuing)
    assert set(issuing_rows) == {"speakup_allowance", "speakup_signedblind"}

    response = client.post(
        "/api/v1/speakup/concerns",
        {"token": codes[org.reporter.pk], "text": TEXT},
        content_type="application/json",
    )
    assert response.status_code == 201
    spend_rows = written(after_issuing, dump())
    assert "speakup_spenttoken" in spend_rows and "speakup_allowance" not in spend_rows
    # The answer kept for a retry (the receipt in it) opens with the whole code only. The server
    # stores a hash of the token's message, never its signature, and a code with the same message
    # but another signature does not open it.
    code = codes[org.reporter.pk]
    earlier = services.earlier_concern(code=code, text=TEXT, unit_id=None, role_group="")
    assert earlier is not None and earlier.receipt == response.json()["receipt"]
    prepared, signature = services.decode_code(code)
    forged = base64.urlsafe_b64encode(prepared + bytes(len(signature))).rstrip(b"=").decode()
    assert services.earlier_concern(code=forged, text=TEXT, unit_id=None, role_group="") is None
    assert response.json()["receipt"] not in " ".join(" ".join(r) for rows in dump().values() for r in rows)

    everything = " ".join(" ".join(row) for rows in dump().values() for row in rows)
    for value in seen_at_issuance:
        for form in (
            value.hex(),
            base64.urlsafe_b64encode(value).rstrip(b"=").decode(),
            str(int.from_bytes(value)),
        ):
            assert form not in everything, "an issuance value is stored"
    # The spent row: the digest and the key, nothing about time, person or concern.
    assert [f.name for f in SpentToken._meta.concrete_fields] == ["digest", "key"]
    for table, rows in spend_rows.items():
        for row in rows:
            assert str(org.reporter.pk) not in [row[i] for i in user_fk_columns().get(table, [])]
            for identifier in (org.reporter.username, org.reporter.email):
                assert identifier not in " ".join(row)
    # Both allowance rows look alike: same purpose, same period, same count. The spend fits either.
    assert len(issuing_rows["speakup_allowance"]) == 2
    allowances = list(Allowance.objects.values("purpose", "period", "issued"))
    assert allowances[0] == allowances[1]


def test_the_hash_kept_of_a_blinded_message_depends_on_the_browser_s_secret_not_the_token(org):
    """The same token blinded twice gives two unrelated hashes, and neither is the spent row's: the
    hash `SignedBlind` keeps can be matched to a spend only by someone holding the browser's secret."""
    key = services.signing_key_for("concern")
    public = keys.public_key(key)
    prepared = browser.prepare()
    first, _ = browser.blind(public, prepared)
    again, inv = browser.blind(public, prepared)
    assert services.blind_digest(key, first) != services.blind_digest(key, again)
    issued = services.issue_tokens(org.reporter, "concern", [again], key.key_id)
    code = browser.code_of(prepared, browser.finalize(public, issued.blind_signatures[0], inv))
    services.redeem_token("concern", code)
    kept = set(SignedBlind.objects.values_list("digest", flat=True))
    assert kept == {services.blind_digest(key, again)}
    assert not kept & set(SpentToken.objects.values_list("digest", flat=True))

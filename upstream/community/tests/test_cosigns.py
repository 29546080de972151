from __future__ import annotations

import json
import re
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.html import escape

from upstream.community.models import Cosign, SharedConcern
from upstream.community.services import cosigns
from upstream.community.services.common import CommunityError
from upstream.community.tests.cosign_helpers import blind_requests, finish, obtain_all
from upstream.community.tests.page_boxes import area_text, error_at
from upstream.concerns.services import submit_concern
from upstream.intake.tests.placeholders import real_entries
from upstream.org.models import LeaderAssignment, Membership, User

release_due = pytest.importorskip("upstream.intake.services").release_due

TEXT = "Nurse Okafor keeps us past shift end on 4 West every week; nobody gets their break."


def release() -> None:
    release_due(everything=True)


def shared_concern(org, unit, text=TEXT) -> tuple[SharedConcern, str]:
    code = submit_concern(text=text, unit=unit).receipt
    release()
    cosigns.offer_for_cosigning(code)
    release()
    shared = SharedConcern.objects.get(concern__receipts__isnull=False, scope=unit)
    leader = {org.ward_a.pk: org.leader, org.medicine.pk: org.chair}[unit.pk]
    cosigns.approve_shared(leader, shared, cosigns.suggest_redaction(shared.concern.text))
    shared.refresh_from_db()
    return shared, code


def nurse(index: int) -> User:
    return User.objects.get(username=f"nurse{index}")


def cosign(user, shared) -> None:
    code = obtain_all(user)[shared.purpose]
    cosigns.submit_cosign(str(shared.pk), code, cosigns.branch_of(user, shared.scope).pk)


def test_an_offer_reaches_the_leader_at_release_and_the_reporter_sees_the_redaction(org):
    code = submit_concern(text=TEXT, unit=org.ward_a).receipt
    release()
    cosigns.offer_for_cosigning(code)
    view = cosigns.shared_for_receipt(code)
    assert view.shared is None and view.pending == ["offer"]
    assert not cosigns.offers_for_leader(org.leader).exists()  # not before the batch
    release()
    offered = cosigns.offers_for_leader(org.leader).get()
    assert not cosigns.offers_for_leader(org.other_leader).exists()
    suggestion = cosigns.suggest_redaction(offered.concern.text)
    assert "Okafor" not in suggestion and "[name]" in suggestion
    cosigns.approve_shared(org.leader, offered, suggestion)
    view = cosigns.shared_for_receipt(code)
    assert view.shared.status == "published"
    assert "<del>Nurse Okafor</del>" in view.diff and "<ins>[name]</ins>" in view.diff
    with pytest.raises(CommunityError):
        cosigns.offer_for_cosigning(code)


def test_the_suggested_copy_leaves_out_email_addresses_and_phone_numbers(db):
    text = (
        "Since Bob changed the rota, write to bob.smith@example.org or call 617-555-0134 and nobody "
        "answers. We covered 14 shifts in 3 weeks."
    )
    suggestion = cosigns.suggest_redaction(text)
    assert "bob.smith@example.org" not in suggestion and "617-555-0134" not in suggestion
    assert "[email]" in suggestion and "[phone]" in suggestion
    assert "14 shifts in 3 weeks" in suggestion  # ordinary numbers stay


def test_staff_in_scope_see_a_shared_concern_and_outsiders_do_not(org):
    shared, _ = shared_concern(org, org.ward_a)
    assert list(cosigns.visible_shared(nurse(0))) == [shared]
    assert not cosigns.visible_shared(org.outsider).exists()
    assert not cosigns.visible_shared(org.other_leader).exists()
    with pytest.raises(cosigns.NotFound):
        cosigns.shared_for(org.outsider, shared.pk)


def test_leaders_read_shared_concerns_they_lead_but_get_no_token_for_them(org, client):
    shared, _ = shared_concern(org, org.ward_a)
    assert list(cosigns.visible_shared(org.chair)) == [shared]
    assert cosigns.token_offers(org.chair) == []
    client.force_login(org.chair)
    page = client.get("/community/shared/review").content.decode()
    assert "Shared from the units you lead" in page and "nobody gets their break" in page
    listing = client.get("/community/shared/").content.decode()
    assert "staff there co-sign it" in listing and "data-cosign=" not in listing


def test_the_leaders_review_page_is_not_found_for_staff(org, client):
    """Staff were shown the leaders' instructions over an empty list; other leader pages are 404."""
    shared_concern(org, org.ward_a)
    client.force_login(nurse(1))
    assert client.get("/community/shared/review").status_code == 404
    client.force_login(org.chair)
    assert client.get("/community/shared/review").status_code == 200


def test_each_colleague_s_browser_keeps_their_tokens_under_a_label_that_names_nobody(org, client):
    """Colleagues who sign in on one computer keep their co-sign tokens apart (the page tells the
    script where), and the label is a keyed hash: neither the username nor the account id."""
    shared_concern(org, org.ward_a)
    labels = []
    for person in (nurse(0), nurse(1), nurse(0)):
        client.force_login(person)
        page = client.get("/community/shared/").content.decode()
        labels.append(re.search(r'data-store="([^"]+)"', page).group(1))
    assert labels[0] == labels[2] != labels[1]
    for label in labels:
        assert re.fullmatch(r"upstream\.cosign\.v2\.[0-9a-f]{32}", label)


def test_the_reporter_can_withdraw_and_staff_stop_seeing_it(org):
    shared, code = shared_concern(org, org.ward_a)
    cosigns.withdraw_offer(code)
    release()
    assert not cosigns.visible_shared(nurse(0)).exists()


def test_a_token_counts_once_and_a_person_gets_one_token_per_concern(org):
    shared, _ = shared_concern(org, org.ward_a)
    codes = obtain_all(nurse(0))
    cosigns.submit_cosign(str(shared.pk), codes[shared.purpose], org.ward_a.pk)
    with pytest.raises(CommunityError, match="already co-signed"):  # the same token again, waiting
        cosigns.submit_cosign(str(shared.pk), codes[shared.purpose], org.ward_a.pk)
    release()
    shared.refresh_from_db()
    assert shared.cosigns == 1 and Cosign.objects.count() == 1
    assert cosigns.token_offers(nurse(0)) == []  # nothing more to obtain
    with pytest.raises(CommunityError):
        cosigns.issue_cosign_tokens(nurse(0), {shared.purpose: ("x", "AAAA")})
    with pytest.raises(CommunityError):  # spent: refused at once
        cosigns.submit_cosign(str(shared.pk), codes[shared.purpose], None)


def test_tokens_are_issued_for_every_visible_concern_at_once_or_not_at_all(org):
    first, _ = shared_concern(org, org.ward_a)
    second, _ = shared_concern(org, org.medicine, text="Charting from home every night after 12-hour shifts.")
    requests, _ = blind_requests(nurse(1))
    assert set(requests) == {first.purpose, second.purpose}
    only_one = {first.purpose: requests[first.purpose]}
    with pytest.raises(CommunityError, match="every shared concern"):
        cosigns.issue_cosign_tokens(nurse(1), only_one)


def test_enough_co_signs_escalate_to_the_next_leader_level_for_all_to_see(org, settings, mailoutbox):
    settings.UPSTREAM_COSIGN_THRESHOLD = 3
    shared, code = shared_concern(org, org.ward_a)
    for index in range(3):
        cosign(nurse(index), shared)
    with transaction.atomic():  # the release commits: run on-commit mail inside a block we control
        release()
    shared.refresh_from_db()
    assert (shared.cosigns, shared.escalation_level, shared.escalated_to) == (3, 1, org.medicine)
    assert cosigns.shared_for(nurse(5), shared.pk).escalated_to == org.medicine
    assert cosigns.shared_for_receipt(code).shared.escalated_to == org.medicine


def test_a_spread_across_units_escalates_too(org, settings):
    settings.UPSTREAM_COSIGN_SPREAD_UNITS = 2
    LeaderAssignment.objects.create(user=org.outsider, unit=org.hospital, title="CNO")
    shared, _ = shared_concern(org, org.medicine, text="Charting from home every night after 12-hour shifts.")
    cosign(nurse(0), shared)  # 4 West
    assert cosigns.branch_of(org.reporter, org.medicine) == org.ward_a
    east = User.objects.create_user(username="east1", password="x")
    Membership.objects.create(user=east, unit=org.ward_b, role_group="nurse")
    cosign(east, shared)
    release()
    shared.refresh_from_db()
    assert shared.branches == 2 and shared.escalated_to == org.hospital


def _dump() -> str:
    """Everything a database administrator could take, with random values made comparable."""
    out = []
    for label in ("community", "speakup", "intake", "concerns", "org"):
        from io import StringIO

        buffer = StringIO()
        call_command("dumpdata", label, stdout=buffer, format="json")
        out.extend(json.loads(buffer.getvalue()))
    text = json.dumps(
        sorted(out, key=lambda o: (o["model"], json.dumps(o["fields"], sort_keys=True))), sort_keys=True
    )
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", text)
    # Sealed payloads (placeholders of entries released early) are random bytes in each world.
    text = re.sub(r'"sealed": "[^"]*"', '"sealed": "SEALED"', text)
    return re.sub(r"\b[0-9a-f]{64}\b", "DIGEST", text)


def test_a_dump_with_the_keys_cannot_tell_which_of_two_colleagues_co_signed(org):
    shared, _ = shared_concern(org, org.ward_a)
    alice, bob = nurse(0), nurse(1)
    codes = {alice.pk: obtain_all(alice)[shared.purpose], bob.pk: obtain_all(bob)[shared.purpose]}
    dumps = []
    for who in (alice, bob):
        sid = transaction.savepoint()
        cosigns.submit_cosign(str(shared.pk), codes[who.pk], org.ward_a.pk)
        release()
        dumps.append(_dump())
        transaction.savepoint_rollback(sid)
    assert '"cosigns": 1' in dumps[0]
    assert dumps[0] == dumps[1]  # the world where Alice co-signed looks exactly like Bob's
    fields = {f.name for f in Cosign._meta.get_fields()}
    assert fields == {"id", "shared", "branch", "day"}


@pytest.mark.django_db(transaction=True)
def test_one_co_sign_per_person_under_concurrency(org_tx):
    org = org_tx
    shared, _ = shared_concern(org, org.ward_a)
    person = nurse(2)
    # Four requests at once, each with its own blinded message (four tabs): one is signed. The same
    # request sent again is answered again (a lost answer), so only different messages compete.
    blinded = [blind_requests(person) for _ in range(4)]
    results: dict[int, object] = {}
    barrier = threading.Barrier(4)

    def obtain(index: int) -> None:
        try:
            barrier.wait()
            results[index] = cosigns.issue_cosign_tokens(person, blinded[index][0])
        except Exception as error:  # noqa: BLE001 - each thread reports what happened
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=obtain, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    signed = [i for i, r in results.items() if isinstance(r, dict)]
    assert len(signed) == 1, results
    code = finish(blinded[signed[0]][1], results[signed[0]])[shared.purpose]

    def spend() -> None:
        try:
            barrier.wait()
            cosigns.submit_cosign(str(shared.pk), code, org.ward_a.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=spend) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    release()
    shared.refresh_from_db()
    assert shared.cosigns == 1


def test_a_dump_before_release_cannot_tie_an_offer_to_the_released_concern(org):
    """The offer's intake row (its transaction id and position say when the reporter was at work)
    must carry nothing that the receipts table, or the same receipt holder's waiting reply, also
    holds: otherwise a dump before the batch names the concern whose reporter was active then."""
    from upstream.concerns.models import Receipt
    from upstream.concerns.services import reply_as_reporter

    code = submit_concern(text=TEXT, unit=org.ward_a).receipt
    release()
    from upstream.concerns.services import find_by_receipt

    reply_as_reporter(find_by_receipt(code), "And the float nurse never comes on weekends either.")
    cosigns.offer_for_cosigning(code)
    entries = {e.kind: e for e in real_entries()}
    assert set(entries) == {cosigns.OFFER_KIND, "concerns.reply"}
    offer = entries[cosigns.OFFER_KIND].lookup
    assert offer, "the reporter must still see the waiting offer"
    digests = set(Receipt.objects.values_list("digest", flat=True))
    assert offer not in digests
    assert offer != entries["concerns.reply"].lookup
    assert cosigns.shared_for_receipt(code).pending == ["offer"]


def _offered(org) -> SharedConcern:
    code = submit_concern(text=TEXT, unit=org.ward_a).receipt
    release()
    cosigns.offer_for_cosigning(code)
    release()
    return cosigns.offers_for_leader(org.leader).get()


@pytest.mark.parametrize("reason", ["No.", "Names\x00 the ward", "Too long. " * 101])
def test_a_leader_s_refused_reason_for_not_sharing_stays_in_its_box(org, client, reason):
    """Too short, a NUL or over 1,000 characters was a flash message after a redirect: the reason and
    the redacted copy were gone."""
    offered = _offered(org)
    client.force_login(org.leader)
    copy = "Someone keeps us past shift end every week."
    page = client.post(
        f"/community/shared/review/{offered.pk}", {"decision": "decline", "reason": reason, "text": copy}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert error_at(html, f"reason-{offered.pk}").strip()
    assert area_text(html, "reason") == escape(reason.strip())  # as it would be stored: ends trimmed
    assert f">\n{copy}</textarea>" in html
    offered.refresh_from_db()
    assert offered.status == SharedConcern.Status.OFFERED and not offered.decline_reason


def test_a_leader_still_declines_with_a_reason_from_the_page(org, client):
    offered = _offered(org)
    client.force_login(org.leader)
    done = client.post(
        f"/community/shared/review/{offered.pk}", {"decision": "decline", "reason": "It names a colleague."}
    )
    assert done.status_code == 302 and done["Location"] == "/community/shared/review"
    assert "The reporter sees your reason." in client.get(done["Location"]).content.decode()
    offered.refresh_from_db()
    assert offered.status == SharedConcern.Status.DECLINED
    assert offered.decline_reason == "It names a colleague."
    client.force_login(org.other_leader)
    assert client.post(f"/community/shared/review/{offered.pk}", {"reason": "x" * 2000}).status_code == 404


def test_a_leader_s_refused_redacted_copy_stays_in_its_box(org, client):
    offered = _offered(org)
    client.force_login(org.leader)
    page = client.post(f"/community/shared/review/{offered.pk}", {"decision": "approve", "text": "Too short"})
    assert page.status_code == 400
    html = page.content.decode()
    assert error_at(html, f"text-{offered.pk}").strip()
    assert ">\nToo short</textarea>" in html
    offered.refresh_from_db()
    assert offered.status == SharedConcern.Status.OFFERED


def test_a_token_whose_answer_was_lost_is_given_again_for_the_same_blinded_message(org):
    """The page left while the token request ran: the concern is no longer offered, but the browser
    still holds its blinded message and gets the same token back; any other message is refused."""
    shared, _ = shared_concern(org, org.ward_a)
    requests, pending = blind_requests(nurse(0))
    first = cosigns.issue_cosign_tokens(nurse(0), requests)
    assert cosigns.token_offers(nurse(0)) == []
    again = cosigns.issue_cosign_tokens(nurse(0), requests)
    assert again == first
    other, _ = blind_requests(nurse(1))
    with pytest.raises(CommunityError, match="already have your token"):
        cosigns.issue_cosign_tokens(nurse(0), other)
    code = finish(pending, again)[shared.purpose]
    cosigns.submit_cosign(str(shared.pk), code, org.ward_a.pk)
    release()
    shared.refresh_from_db()
    assert shared.cosigns == 1

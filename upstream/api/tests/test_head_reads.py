"""A HEAD request records no read in the audit log: its answer has no body, so nobody read anything.

Found by fuzzing: `HEAD /api/v1/inbox?limit=5` recorded five reads, because HEAD is answered by the
GET's view (upstream/ops/middleware.py) and the view records what it lists.
"""

from __future__ import annotations

from upstream.api.tokens import create_token
from upstream.concerns.models import ReadRecord
from upstream.concerns.tests.helpers import released
from upstream.lib.head_requests import body_withheld

TEXTS = [f"Night shift {n} on 4 West has one nurse for twelve patients and no cover." for n in range(6)]


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


def test_it_handles_head_of_the_inbox_without_recording_reads(client, org):
    for text in TEXTS:
        released(text, unit=org.ward_a)
    headers = auth(org.leader)
    head = client.head("/api/v1/inbox?limit=5", **headers)
    assert head.status_code == 200 and head.content == b""
    assert not ReadRecord.objects.exists()
    listed = client.get("/api/v1/inbox?limit=5", **headers)
    assert len(listed.json()["items"]) == 5
    assert ReadRecord.objects.filter(leader=org.leader, via="api").count() == 5


def test_it_handles_head_of_a_concern_without_recording_a_read(client, org):
    done = released(TEXTS[0], unit=org.ward_a)
    headers = auth(org.leader)
    assert client.head(f"/api/v1/concerns/{done.concern.pk}", **headers).status_code == 200
    assert not ReadRecord.objects.exists()
    assert client.get(f"/api/v1/concerns/{done.concern.pk}", **headers).status_code == 200
    assert ReadRecord.objects.filter(concern=done.concern, leader=org.leader).count() == 1


def test_head_of_the_inbox_page_records_no_read_either(client, org):
    released(TEXTS[0], unit=org.ward_a)
    client.force_login(org.leader)
    assert client.head("/inbox/").status_code == 200
    assert not ReadRecord.objects.exists()
    assert client.get("/inbox/").status_code == 200
    assert ReadRecord.objects.filter(leader=org.leader, via="inbox").count() == 1


def test_outside_a_request_nothing_is_a_head():
    assert body_withheld() is False

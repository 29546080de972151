"""After a merge each reporter reads the answers written to them, and not those written to another.

A unit manager answered one reporter ("the near-miss you mentioned on Saturday"), then merged a
colleague's similar concern into it: the colleague's receipt showed that answer, and the first
reporter's showed what had been written to the colleague (a new-user walk). Answers written to the
shared thread after the merge reach every reporter; before it, each keeps their own.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from upstream.api.tests.test_api import post
from upstream.concerns.models import Message
from upstream.concerns.services import merge_concerns, reply_as_reporter, write_to_reporter
from upstream.concerns.tests.helpers import released
from upstream.intake.services import release_due

NIGHTS = "Nights on 4 West have been one nurse short for three weeks and breaks are skipped."
AGAIN = "We are short on nights again; nobody covers breaks and it is not safe."


def _read(client, receipt: str) -> str:
    thread = post(client, "/api/v1/receipts/lookup", {"receipt": receipt}).json()["thread"]
    return "\n".join(entry["text"] for entry in thread)


def _page(client, receipt: str) -> str:
    return client.post(reverse("receipt:lookup"), {"receipt": receipt}).content.decode()


def test_each_reporter_keeps_the_answers_written_to_them_before_the_merge(client, org):
    first, second = released(NIGHTS, unit=org.ward_a), released(AGAIN, unit=org.ward_a)
    write_to_reporter(first.concern, org.leader, "About the near-miss you mentioned on Saturday: I am on it.")
    write_to_reporter(second.concern, org.leader, "Thank you, your break rota idea is good.")

    merge_concerns(first.concern, [second.concern], org.leader)
    write_to_reporter(first.concern, org.leader, "To all of you: a float nurse starts Monday.")

    for read in (_read, _page):
        mine, theirs = read(client, first.receipt), read(client, second.receipt)
        assert "near-miss you mentioned" in mine and "near-miss" not in theirs
        assert "break rota idea" in theirs and "break rota" not in mine
        assert "float nurse starts Monday" in mine and "float nurse starts Monday" in theirs
    # The leader's page holds all three.
    assert Message.objects.filter(concern=first.concern, author="leader").count() == 3


def test_a_concern_merged_twice_reads_what_was_written_to_each_thread_it_was_in(client, org):
    a, b = released(NIGHTS, unit=org.ward_a), released(AGAIN, unit=org.ward_a)
    c = released("Night shifts short again, third week running.", unit=org.ward_a)
    start = timezone.now()
    write_to_reporter(c.concern, org.leader, "Only for C: thank you.", now=start)
    merge_concerns(b.concern, [a.concern], org.leader, now=start + dt.timedelta(minutes=1))
    write_to_reporter(b.concern, org.leader, "For A and B together.", now=start + dt.timedelta(minutes=2))
    merge_concerns(c.concern, [b.concern], org.leader, now=start + dt.timedelta(minutes=3))
    write_to_reporter(c.concern, org.leader, "For A, B and C.", now=start + dt.timedelta(minutes=4))

    for receipt in (a.receipt, b.receipt):
        read = _read(client, receipt)
        assert "For A and B together." in read and "For A, B and C." in read and "Only for C" not in read
    read = _read(client, c.receipt)
    assert "Only for C: thank you." in read and "For A, B and C." in read
    assert "For A and B together." not in read


def test_a_reporter_message_keeps_its_day_alone_and_a_leader_s_its_time(org):
    done = released(NIGHTS, unit=org.ward_a)
    write_to_reporter(done.concern, org.leader, "Thank you for telling us.")
    reply_as_reporter(done.concern, "It happened again last night.")
    release_due(timezone.now() + dt.timedelta(days=2))
    merge_concerns(done.concern, [released(AGAIN, unit=org.ward_a).concern], org.leader)
    leader = Message.objects.get(author="leader")
    assert leader.written_at is not None and leader.origin_id == done.concern.pk
    # The anonymous side gains nothing to the second: a reporter's reply is dated by its day.
    assert Message.objects.filter(author="reporter").count() == 1
    assert not Message.objects.filter(author="reporter").exclude(written_at=None).exists()

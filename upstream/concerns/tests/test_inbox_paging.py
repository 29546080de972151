"""The inbox read a page at a time: keyset order, capped totals, the API's cursor, bounded similar search."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.concerns import access
from upstream.concerns.access import Cursor, InboxFilters, inbox_page, similar_pool
from upstream.concerns.models import Concern, Status
from upstream.org.models import LeaderAssignment, User
from upstream.themes.models import ConcernTheme, Theme

TODAY = dt.date(2026, 3, 20)
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)


def make(unit, *, days_ago: int, status=Status.NEW, urgent=False, acknowledged=False, awaiting=False):
    received = TODAY - dt.timedelta(days=days_ago)
    return Concern.objects.create(
        text=f"Concern received {days_ago} days ago, long enough to read.",
        unit=unit,
        status=status,
        urgent=urgent,
        received_on=received,
        visible_from=dt.datetime.combine(received + dt.timedelta(days=1), dt.time(7), tzinfo=dt.UTC),
        ack_due_on=received + dt.timedelta(days=4),
        acknowledged_at=NOW - dt.timedelta(days=1) if acknowledged or status != Status.NEW else None,
        awaiting_leader=awaiting,
        retain_until=received + dt.timedelta(days=900),
    )


@pytest.fixture
def mixed(org):
    """Eleven concerns covering every place in the order, in the order a leader should see them."""
    return [
        make(org.ward_a, days_ago=3, urgent=True),  # urgent, open
        make(org.ward_a, days_ago=30),  # overdue for 25 days
        make(org.ward_a, days_ago=10),  # overdue for 5 days
        make(org.ward_a, days_ago=2),  # due in 2 days
        make(org.ward_a, days_ago=1),  # due in 3 days
        make(org.ward_a, days_ago=20, status=Status.ACKNOWLEDGED, awaiting=True),  # reporter replied
        make(org.ward_a, days_ago=4, status=Status.IN_PROGRESS),  # newest acknowledged
        make(org.ward_a, days_ago=9, status=Status.ACKNOWLEDGED),
        make(org.ward_a, days_ago=15, status=Status.ACKNOWLEDGED),
        make(org.ward_a, days_ago=5, status=Status.CLOSED, urgent=True),
        make(org.ward_a, days_ago=6, status=Status.CLOSED),
    ]


def walk(user, filters=None, size=3):
    seen, after = [], None
    while True:
        page = inbox_page(user, filters, after=after, size=size, now=NOW)
        seen += page.concerns
        if page.next_cursor is None:
            return seen, page
        after = Cursor.decode(page.next_cursor)


def test_it_pages_through_every_concern_once_in_answer_first_order(org, mixed):
    seen, _ = walk(org.leader)
    assert [c.pk for c in seen] == [c.pk for c in mixed]


def test_it_marks_only_unacknowledged_past_deadline_concerns_overdue(org, mixed):
    page = inbox_page(org.leader, size=20, now=NOW)
    assert page.overdue_ids == {mixed[1].pk, mixed[2].pk}


def test_it_pages_within_one_batch_by_the_random_ids(org):
    same_day = [make(org.ward_a, days_ago=7, status=Status.ACKNOWLEDGED) for _ in range(7)]
    seen, _ = walk(org.leader, size=2)
    assert [c.pk for c in seen] == sorted((c.pk for c in same_day), reverse=True)


def test_filters_skip_tiers_that_cannot_match(org, mixed):
    seen, page = walk(org.leader, InboxFilters(status="open"))
    assert [c.pk for c in seen] == [c.pk for c in mixed[:9]]
    assert (page.total, page.total_is_capped) == (9, False)
    seen, _ = walk(org.leader, InboxFilters(urgent=True))
    assert [c.pk for c in seen] == [mixed[0].pk, mixed[9].pk]
    seen, _ = walk(org.leader, InboxFilters(status=Status.CLOSED))
    assert [c.pk for c in seen] == [mixed[9].pk, mixed[10].pk]


def test_the_theme_filter_keeps_only_concerns_with_that_theme(org, mixed):
    theme = Theme.objects.create(key="t1", name="T1", description="d", factor="f")
    for concern in (mixed[2], mixed[7]):
        ConcernTheme.objects.create(concern=concern, theme=theme, score=0.9, primary=True)
    seen, _ = walk(org.leader, InboxFilters(theme_id=theme.pk))
    assert [c.pk for c in seen] == [mixed[2].pk, mixed[7].pk]


def test_the_total_is_counted_only_up_to_the_cap(org, mixed, monkeypatch):
    monkeypatch.setattr(access, "COUNT_CAP", 5)
    page = inbox_page(org.leader, now=NOW)
    assert (page.total, page.total_is_capped) == (5, True)


def test_a_leader_pages_only_their_subtree(org, mixed):
    theirs = make(org.ward_b, days_ago=3)
    assert theirs.pk not in {c.pk for c in walk(org.leader)[0]}
    assert theirs.pk in {c.pk for c in walk(org.chair)[0]}
    assert walk(org.outsider)[0] == []


def test_a_forged_cursor_is_refused():
    for text in ("nonsense", "eyJ4IjoxfQ", Cursor(9, TODAY, NOW, uuid.uuid4()).encode()):
        with pytest.raises(access.BadCursor):
            Cursor.decode(text)


def test_the_api_pages_with_a_next_cursor_and_a_total(client, org, mixed):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    ids, cursor = [], ""
    while True:
        query = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/v1/inbox", query, **headers).json()
        assert body["total"] == 11 and body["total_is_capped"] is False
        ids += [item["id"] for item in body["items"]]
        if not (cursor := body["next"]):
            break
    assert ids == [str(c.pk) for c in mixed]


@pytest.mark.parametrize("query", [{"cursor": "garbage"}, {"status": "sleeping"}])
def test_the_api_refuses_a_malformed_cursor_or_status_with_a_400(client, org, query):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    response = client.get("/api/v1/inbox", query, **headers)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_the_api_states_the_cursor_format_and_says_what_to_do_with_one_that_misses_it(client, org):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    schema = client.get("/api/openapi.json").json()
    cursor = next(p for p in schema["paths"]["/api/v1/inbox"]["get"]["parameters"] if p["name"] == "cursor")
    pattern = cursor["schema"]["pattern"]
    assert pattern == access.CURSOR_PATTERN
    # A cursor of the right form always reads back: at worst it starts after every concern.
    fitting = "3.9999999.99999999999999999." + "f" * 32
    assert re.fullmatch(pattern, fitting)
    assert client.get("/api/v1/inbox", {"cursor": fitting}, **headers).json()["items"] == []
    body = client.get("/api/v1/inbox", {"cursor": "0" * 400}, **headers).json()
    assert body["errors"][0]["type"] == "string_too_long"
    body = client.get("/api/v1/inbox", {"cursor": "0" * 40}, **headers).json()
    assert body["errors"][0]["msg"] == "That page link is not valid; start again from the first page."


@pytest.mark.parametrize("query", [{"theme": "no-such-theme"}, {"unit_id": 999999}])
def test_the_api_answers_an_unknown_theme_or_unit_filter_with_a_404(client, org, query):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    response = client.get("/api/v1/inbox", query, **headers)
    assert response.status_code == 404
    assert response.json()["detail"] in (
        "Unknown theme 'no-such-theme'; see GET /api/v1/themes.",
        "Choose one of the units you lead.",
    )


def test_the_api_answers_a_unit_outside_the_leaders_subtree_with_a_404(client, org):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    response = client.get("/api/v1/inbox", {"unit_id": org.ward_b.pk}, **headers)
    assert (response.status_code, response.json()["detail"]) == (404, "Choose one of the units you lead.")


def test_the_inbox_page_links_to_the_next_page_and_back_to_the_first(client, org, mixed, monkeypatch):
    monkeypatch.setattr(access, "PAGE_SIZE", 4)
    client.login(username="leader_a", password=PASSWORD)
    first = client.get(reverse("concerns:inbox"), {"status": "open"}).content.decode()
    assert "9 concerns" in first and 'rel="next"' in first
    cursor = first.split("after=")[1].split('"')[0]
    second = client.get(reverse("concerns:inbox"), {"status": "open", "after": cursor}).content.decode()
    assert "First page" in second
    shown = [str(c.pk) for c in mixed[4:8]]
    assert all(pk in second for pk in shown)
    assert str(mixed[0].pk) not in second
    # A forged cursor starts again from the first page, with a message rather than an error.
    forged = client.get(reverse("concerns:inbox"), {"after": "garbage"})
    assert forged.status_code == 200 and "not valid" in forged.content.decode()


def test_the_similar_search_loads_a_bounded_pool_sharing_the_main_theme(org):
    theme = Theme.objects.create(key="t1", name="T1", description="d", factor="f")
    other = Theme.objects.create(key="t2", name="T2", description="d", factor="f")

    def themed(concern: Concern, main: Theme) -> Concern:
        ConcernTheme.objects.create(concern=concern, theme=main, score=0.8, primary=True)
        Concern.objects.filter(pk=concern.pk).update(main_theme=main)  # as themes.services keeps it
        concern.refresh_from_db()
        return concern

    target = themed(make(org.ward_a, days_ago=1), theme)
    same = [themed(make(org.ward_b, days_ago=d), theme) for d in range(2, 8)]
    themed(make(org.ward_b, days_ago=2), other)
    themed(make(org.ward_b, days_ago=2, status=Status.CLOSED), theme)
    merged = themed(make(org.ward_b, days_ago=1), theme)
    Concern.objects.filter(pk=merged.pk).update(merged_into=target)
    pool = similar_pool(org.chair, target, cap=4, now=NOW)
    assert [c.pk for c in pool] == [c.pk for c in same[:4]]
    # A unit leader's pool holds only what they may read.
    assert list(similar_pool(org.leader, target, now=NOW)) == []
    # A hospital's concern, for whoever leads the whole system: both hospitals' concerns are near.
    head = themed(make(org.hospital, days_ago=1), theme)
    north = themed(make(org.other_hospital, days_ago=3), theme)
    ceo = User.objects.create_user(username="ceo", password=PASSWORD)
    LeaderAssignment.objects.create(user=ceo, unit=org.system, title="Chief executive")
    pool = [c.pk for c in similar_pool(ceo, head, now=NOW)]
    assert set(pool) == {target.pk, north.pk, *(c.pk for c in same)}
    assert pool[0] == target.pk  # newest first
    assert timezone.is_aware(NOW)


def test_a_concerns_page_costs_the_same_queries_however_many_concerns_are_near(client, org):
    """The page's work must not grow with its neighbourhood (no query per similar concern or unit)."""
    import numpy as np
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from upstream.themes.models import ConcernEmbedding

    theme = Theme.objects.create(key="t1", name="T1", description="d", factor="f")
    vector = np.full(8, 1 / np.sqrt(8), dtype=np.float32)  # unit length: every pair scores 1.0

    def near(unit, days_ago: int) -> Concern:
        concern = make(unit, days_ago=days_ago)
        Concern.objects.filter(pk=concern.pk).update(
            main_theme=theme, visible_from=NOW - dt.timedelta(days=1)
        )
        ConcernTheme.objects.create(concern=concern, theme=theme, score=0.8, primary=True)
        ConcernEmbedding.objects.create(concern=concern, backend="test", vector=vector.tobytes())
        return concern

    target = near(org.ward_a, 1)
    neighbours = [near(org.ward_b, 2)]
    client.login(username="chair", password=PASSWORD)
    page = reverse("concerns:detail", args=[target.pk])

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page)
        assert response.status_code == 200
        return len(captured.captured_queries), response.content.decode()

    few, shown = queries()
    assert str(neighbours[0].pk) in shown
    neighbours += [near(org.ward_b, d) for d in range(3, 15)]
    many, shown = queries()
    assert many == few
    # It still shows the neighbours it found, five at most.
    assert sum(str(other.pk) in shown for other in neighbours) == 5

"""The inbox's Previous link: keyset pages read backwards give back exactly the pages walked forward."""

from __future__ import annotations

import html
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.concerns import access
from upstream.concerns.access import Cursor, InboxFilters, inbox_page
from upstream.concerns.models import Concern, Status
from upstream.concerns.tests.test_inbox_paging import NOW, make
from upstream.themes.models import ConcernTheme, Theme

ROW = re.compile(r'<a class="row" href="/inbox/([0-9a-f-]{36})/"')
CURSOR = Cursor(1, NOW.date(), NOW, uuid.UUID(int=1)).encode()
PREV = re.compile(r'rel="prev" href="\?([^"]*)"')
NEXT = re.compile(r'rel="next" href="\?([^"]*)"')


@pytest.fixture
def crowded(org):
    """Seventeen concerns over every tier, with runs of equal deadlines (made in no inbox order)."""
    concerns = [
        make(org.ward_a, days_ago=3, urgent=True),
        make(org.ward_a, days_ago=5, urgent=True),
        *(make(org.ward_a, days_ago=10) for _ in range(4)),  # one deadline and one batch: ids decide
        make(org.ward_a, days_ago=2),
        make(org.ward_a, days_ago=1),
        make(org.ward_a, days_ago=20, status=Status.ACKNOWLEDGED, awaiting=True),
        make(org.ward_a, days_ago=4, status=Status.IN_PROGRESS),
        make(org.ward_a, days_ago=9, status=Status.ACKNOWLEDGED),
        make(org.ward_a, days_ago=15, status=Status.ACKNOWLEDGED),
        make(org.ward_a, days_ago=5, status=Status.CLOSED, urgent=True),
        make(org.ward_a, days_ago=8, status=Status.CLOSED, urgent=True),
        *(make(org.ward_a, days_ago=6, status=Status.CLOSED) for _ in range(2)),
        make(org.ward_a, days_ago=7, status=Status.CLOSED),
    ]
    themed = Theme.objects.create(key="t1", name="T1", description="d", factor="f")
    for index, concern in enumerate(concerns):
        if index % 3 != 2:  # twelve of them, in every tier
            ConcernTheme.objects.create(concern=concern, theme=themed, score=0.9, primary=True)
    return concerns


def ids(page) -> list:
    return [c.pk for c in page.concerns]


def forward(user, filters, size):
    """Every page from the first, with the page object of each."""
    pages, after = [], None
    while True:
        page = inbox_page(user, filters, after=after, size=size, now=NOW)
        pages.append(page)
        if page.next_cursor is None:
            return pages
        assert len(pages) <= Concern.objects.count(), "Next goes round in circles"
        after = Cursor.decode(page.next_cursor)


def backward(user, filters, page, size):
    """The pages before `page`, nearest first, following Previous until there is none."""
    pages = []
    while page.prev_cursor is not None:
        page = inbox_page(user, filters, before=Cursor.decode(page.prev_cursor), size=size, now=NOW)
        pages.append(page)
        assert len(pages) <= Concern.objects.count(), "Previous goes round in circles"
    return pages


FILTERS = {
    "everything": lambda theme: None,
    "open": lambda theme: InboxFilters(status="open"),
    "closed": lambda theme: InboxFilters(status=Status.CLOSED),
    "acknowledged": lambda theme: InboxFilters(status=Status.ACKNOWLEDGED),
    "theme": lambda theme: InboxFilters(theme_id=theme.pk),
    "open with a theme": lambda theme: InboxFilters(status="open", theme_id=theme.pk),
}


@pytest.mark.parametrize("size", [1, 2, 3, 4])
@pytest.mark.parametrize("chosen", FILTERS, ids=list(FILTERS))
def test_it_handles_paging_back_from_the_last_page_to_the_first_through_the_same_pages(
    org, crowded, chosen, size
):
    filters = FILTERS[chosen](Theme.objects.get(key="t1"))
    walked = forward(org.leader, filters, size)
    everything = [pk for page in walked for pk in ids(page)]
    assert len(everything) == len(set(everything))
    assert everything == list(
        access.inbox(org.leader, now=NOW)
        .filter(inbox_tier__in=(filters or InboxFilters()).tiers())
        .filter(pk__in=everything)
        .values_list("pk", flat=True)
    )
    back = backward(org.leader, filters, walked[-1], size)
    assert [ids(page) for page in back] == [ids(page) for page in walked[-2::-1]]
    # Each page read backwards links on as the page read forwards does.
    assert [page.next_cursor for page in back] == [page.next_cursor for page in walked[-2::-1]]
    assert [page.prev_cursor for page in back] == [page.prev_cursor for page in walked[-2::-1]]


def test_three_pages_forward_then_back_across_tiers_and_equal_deadlines(org, crowded):
    walked = forward(org.leader, None, 3)[:4]
    order = [pk for page in walked for pk in ids(page)]
    # The first page ends inside the run of four equal deadlines, past the urgent tier.
    tiers = list(Concern.objects.filter(pk__in=order[:6]).values_list("pk", "inbox_tier", "inbox_due"))
    by_pk = {pk: (tier, due) for pk, tier, due in tiers}
    assert [by_pk[pk][0] for pk in order[:3]] == [0, 0, 1]
    assert by_pk[order[2]] == by_pk[order[3]] == by_pk[order[5]]
    assert walked[0].prev_cursor is None
    back = backward(org.leader, None, walked[3], 3)
    assert [ids(page) for page in back] == [ids(walked[2]), ids(walked[1]), ids(walked[0])]
    assert back[-1].prev_cursor is None


def test_a_page_before_with_too_few_rows_left_before_it_is_the_first_page(org, crowded):
    walked = forward(org.leader, None, 3)
    # The leader answers the first page's concerns in another tab: they move to the closed tiers.
    Concern.objects.filter(pk__in=ids(walked[0])[:2]).update(status=Status.CLOSED, acknowledged_at=NOW)
    page = inbox_page(org.leader, before=Cursor.decode(walked[1].prev_cursor), size=3, now=NOW)
    first = inbox_page(org.leader, size=3, now=NOW)
    assert ids(page) == ids(first) and len(ids(page)) == 3
    assert page.prev_cursor is None and page.next_cursor == first.next_cursor
    # A page read forwards from a cursor with nothing left before it has no Previous either.
    Concern.objects.filter(pk=ids(walked[0])[2]).update(status=Status.CLOSED, acknowledged_at=NOW)
    after_moved = inbox_page(org.leader, after=Cursor.decode(walked[0].next_cursor), size=3, now=NOW)
    assert ids(after_moved) == ids(walked[1]) == ids(inbox_page(org.leader, size=3, now=NOW))
    assert after_moved.prev_cursor is None


def test_a_page_before_reads_at_most_a_page_and_one_row_without_offset_or_full_count(org, crowded):
    walked = forward(org.leader, None, 3)
    with CaptureQueriesContext(connection) as captured:
        inbox_page(org.leader, before=Cursor.decode(walked[3].prev_cursor), size=3, now=NOW)
    reads = [q["sql"] for q in captured.captured_queries if "concerns_concern" in q["sql"]]
    assert not any("OFFSET" in sql.upper() for sql in reads)
    counts = [sql for sql in reads if "COUNT(" in sql.upper()]
    assert len(counts) == 1 and f"LIMIT {access.COUNT_CAP + 1}" in counts[0]
    # Each range scan asks only for the rows still missing: a page and one in all.
    limits = [int(re.search(r"LIMIT (\d+)", sql)[1]) for sql in reads if sql not in counts]
    assert limits and limits[0] == 4 and all(n <= 4 for n in limits), limits


def page_of(client, query: dict) -> tuple[list[str], str]:
    response = client.get(reverse("concerns:inbox"), query)
    assert response.status_code == 200
    return ROW.findall(response.content.decode()), response.content.decode()


def link(pattern: re.Pattern, content: str) -> dict[str, str]:
    found = pattern.search(content)
    assert found, "no such link"
    return dict(pair.split("=", 1) for pair in html.unescape(found.group(1)).split("&"))


@pytest.mark.parametrize("query", [{}, {"status": "all"}, {"status": "all", "theme": "t1"}])
def test_the_inbox_page_goes_back_with_previous_through_the_pages_it_went_forward(
    client, org, crowded, monkeypatch, query
):
    monkeypatch.setattr(access, "PAGE_SIZE", 3)
    client.login(username="leader_a", password=PASSWORD)
    rows, content = page_of(client, query)
    assert 'rel="prev"' not in content and "First page" not in content
    walked = [rows]
    for _ in range(3):
        rows, content = page_of(client, link(NEXT, content))
        walked.append(rows)
        assert "First page" in content and ">Previous</a>" in content
    assert all(len(rows) == 3 for rows in walked) and len({pk for rows in walked for pk in rows}) == 12
    for expected in walked[-2::-1]:
        following = link(PREV, content)
        assert {key: following[key] for key in query} == query  # the filters stay chosen
        rows, content = page_of(client, following)
        assert rows == expected
    assert 'rel="prev"' not in content and "First page" not in content


@pytest.mark.parametrize(
    "query",
    [
        {"before": "garbage"},
        {"before": "0" * 40},
        {"before": CURSOR, "after": CURSOR},
    ],
    ids=["garbage", "wrong form", "both"],
)
def test_the_inbox_page_answers_a_bad_previous_link_with_the_first_page_and_a_message(
    client, org, crowded, monkeypatch, query
):
    monkeypatch.setattr(access, "PAGE_SIZE", 3)
    client.login(username="leader_a", password=PASSWORD)
    first, _ = page_of(client, {})
    rows, content = page_of(client, query)
    assert rows == first
    assert "That page link is not valid; start again from the first page." in content
    assert 'rel="prev"' not in content


def test_the_api_pages_back_with_prev_through_the_pages_it_went_forward(client, org, crowded):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}

    def get(query: dict) -> dict:
        response = client.get("/api/v1/inbox", {"limit": 3, "status": "open", **query}, **headers)
        assert response.status_code == 200, response.content
        return response.json()

    body = get({})
    assert body["prev"] is None
    walked = [body]
    while body["next"]:
        body = get({"cursor": body["next"]})
        assert body["prev"].endswith(body["items"][0]["id"].replace("-", ""))  # the first row's place
        walked.append(body)
    back = []
    while body["prev"] and len(back) < len(walked):
        body = get({"before": body["prev"]})
        back.append(body)
    assert [[i["id"] for i in b["items"]] for b in back] == [
        [i["id"] for i in b["items"]] for b in walked[-2::-1]
    ]
    assert [(b["next"], b["prev"]) for b in back] == [(b["next"], b["prev"]) for b in walked[-2::-1]]


def test_the_api_refuses_a_malformed_before_or_both_cursors_with_a_400(client, org, crowded):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    body = client.get("/api/v1/inbox", {"before": "0" * 40}, **headers).json()
    assert body["errors"][0]["msg"] == "That page link is not valid; start again from the first page."
    assert body["errors"][0]["loc"] == ["query", "before"]
    cursor = client.get("/api/v1/inbox", {"limit": 3}, **headers).json()["next"]
    response = client.get("/api/v1/inbox", {"cursor": cursor, "before": cursor}, **headers)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Send either `cursor` (the next page) or `before` (the page before), not both."
    )
    schema = client.get("/api/openapi.json").json()
    before = next(p for p in schema["paths"]["/api/v1/inbox"]["get"]["parameters"] if p["name"] == "before")
    assert before["schema"]["pattern"] == access.CURSOR_PATTERN

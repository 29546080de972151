"""The directory's list holds only list items, edit links included, and the office's form pages are
titled as their headings (an accessibility probe: axe "list" on the office's view of the directory,
whose "Edit …" links were <p> children of the <ul>; both form pages were titled "Resource")."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from upstream.community.models import Category, Resource
from upstream.community.tests.factories import crisis_line, make_office

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}


class ListChildren(HTMLParser):
    """The tags directly inside <ul aria-label="Resources">, and the edit links inside its items."""

    def __init__(self) -> None:
        super().__init__()
        self.children: list[str] = []
        self.edit_links_in_items = 0
        self._stack: list[str] = []
        self._list_depth: int | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attributes = dict(attrs)
        if tag == "ul" and attributes.get("aria-label") == "Resources":
            self._list_depth = len(self._stack) + 1
        elif self._list_depth is not None and len(self._stack) == self._list_depth:
            self.children.append(tag)
        elif self._list_depth is not None and tag == "a" and "/edit" in (attributes.get("href") or ""):
            self.edit_links_in_items += "li" in self._stack[self._list_depth :]
        if tag not in VOID:
            self._stack.append(tag)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag in VOID:
            return
        if self._list_depth is not None and tag == "ul" and len(self._stack) == self._list_depth:
            self._list_depth = None
        while self._stack and self._stack.pop() != tag:
            pass


@pytest.fixture
def resources(db):
    crisis_line()
    Resource.objects.create(name="Chaplaincy", category=Category.OTHER, description="Day and night.")
    return Resource.objects.create(
        name="Backup child care",
        category=Category.DEPENDENT_CARE,
        description="Up to ten days a year of emergency child or elder care.",
    )


def test_it_handles_the_offices_edit_links_inside_the_list_items(org, client, resources):
    client.force_login(make_office(org.reporter))
    page = client.get("/community/resources/").content.decode()
    parsed = ListChildren()
    parsed.feed(page)
    assert parsed.children and set(parsed.children) == {"li"}
    assert parsed.edit_links_in_items == len(parsed.children) >= 2
    assert f'href="/community/resources/{resources.pk}/edit"' in page


def test_it_handles_a_colleague_seeing_the_same_items_without_edit_links(org, client, resources):
    client.force_login(org.reporter)
    parsed = ListChildren()
    parsed.feed(client.get("/community/resources/").content.decode())
    assert set(parsed.children) == {"li"} and parsed.edit_links_in_items == 0


def test_it_handles_the_add_and_edit_pages_titled_as_their_headings(org, client, resources):
    client.force_login(make_office(org.reporter))
    new = client.get("/community/resources/new").content.decode()
    assert TITLE.search(new).group(1) == "Add a resource · Upstream"
    edit = client.get(f"/community/resources/{resources.pk}/edit").content.decode()
    assert TITLE.search(edit).group(1) == "Edit Backup child care · Upstream"

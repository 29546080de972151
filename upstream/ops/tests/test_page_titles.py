"""The browser tab names the page once: the home page read "Upstream · Upstream" where the site has
no organisation name of its own (UPSTREAM_ORG_NAME left at its default), then only "Upstream", which
named no page (an accessibility probe): now its heading comes first, as on every other page."""

from __future__ import annotations

import re

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


HOME = "Speak up about what wears you down at work"


def test_the_home_page_names_itself_then_upstream_once_without_an_organisation_name(client, db, settings):
    settings.UPSTREAM_ORG_NAME = "Upstream"
    assert TITLE.search(client.get("/").content.decode()).group(1) == f"{HOME} · Upstream"


def test_the_home_page_names_itself_then_the_organisation_then_upstream(client, db, settings):
    settings.UPSTREAM_ORG_NAME = "Riverbend Health"
    assert TITLE.search(client.get("/").content.decode()).group(1) == f"{HOME} · Riverbend Health · Upstream"


def test_another_page_keeps_its_own_name_then_upstream(client, db, settings):
    settings.UPSTREAM_ORG_NAME = "Upstream"
    title = TITLE.search(client.get("/receipt/").content.decode()).group(1)
    assert title.endswith(" · Upstream") and title != "Upstream · Upstream"

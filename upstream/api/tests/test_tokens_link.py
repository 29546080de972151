"""Where the API tokens page is linked from: the footer, for anyone signed in, not the main menu,
which a nurse between patients reads on a phone."""

from __future__ import annotations

import re

from django.urls import reverse

from conftest import PASSWORD

MAIN_NAV = re.compile(r'<nav aria-label="Main">(.*?)</nav>', re.S)
FOOTER = re.compile(r'<footer class="foot">(.*?)</footer>', re.S)


def parts(client) -> tuple[str, str]:
    page = client.get(reverse("receipt:lookup")).content.decode()
    nav, footer = MAIN_NAV.search(page), FOOTER.search(page)
    assert nav is not None and footer is not None
    return nav.group(1), footer.group(1)


def test_it_links_the_tokens_page_from_the_footer_not_the_main_menu(client, org) -> None:
    tokens = f'href="{reverse("api_tokens:list")}"'
    assert client.login(username=org.reporter.username, password=PASSWORD)  # a nurse on 4 West
    nav, footer = parts(client)
    assert "Speak up" in nav
    assert tokens not in nav and "API tokens" not in nav
    assert tokens in footer and "API tokens" in footer
    assert client.get(reverse("api_tokens:list")).status_code == 200


def test_it_links_the_tokens_page_for_a_leader_too(client, org) -> None:
    assert client.login(username=org.leader.username, password=PASSWORD)
    nav, footer = parts(client)
    assert "API tokens" not in nav and "API tokens" in footer


def test_it_shows_no_tokens_link_to_someone_signed_out(client, db) -> None:
    nav, footer = parts(client)
    assert "API tokens" not in nav and "API tokens" not in footer

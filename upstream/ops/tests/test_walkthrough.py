"""A new user's walk through every page: each demo role follows every link it is shown.

On the demo health system, every page reachable by links from the home page, signed out and as
each demo role, must answer without a server error, and no link the product shows may lead to a
page that is not there. Bounded per role so the walk stays quick.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlparse

from django.test import Client
from django.urls import reverse

from upstream.org import demo

LINK = re.compile(r'href="([^"#]+)"')
ROLES = ["wellbeing", "cno", "chair", "manager", "staff", "resident", "pharmacist", "admin"]
# Links that change state or leave the product; everything else is followed.
SKIP = ("/accounts/logout", "/static/", "/admin/logout", "mailto:", "tel:", "sms:", "http://", "https://")
PAGES_PER_ROLE = 120
TOKENS = "/api-tokens/"


def walk(client: Client) -> tuple[dict[str, int], list[tuple[str, str]]]:
    seen: dict[str, int] = {}
    broken: list[tuple[str, str]] = []
    queue = deque([("/", "(start)")])
    while queue and len(seen) < PAGES_PER_ROLE:
        path, source = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code == 404:
            broken.append((path, source))
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or "text/html" not in content_type:
            continue
        for href in LINK.findall(response.content.decode()):
            href = href.replace("&amp;", "&")
            if href.startswith(SKIP) or href.startswith("//"):
                continue
            target = urlparse(urljoin(path, href))
            queue.append((target.path + (f"?{target.query}" if target.query else ""), path))
    return seen, broken


def test_every_page_each_role_can_reach_answers_without_error(db, settings):
    """One test for all roles, so the demo loads once, inside the test's transaction."""
    demo.load_demo()
    settings.UPSTREAM_DEMO_SIGN_IN = True  # as `make run` serves it
    sign_in = Client().get(reverse("account_login")).content.decode()
    assert "Demo accounts" in sign_in and all(f"<code>{role}</code>" in sign_in for role in ROLES)
    problems = {}
    for role in [None, *ROLES]:
        client = Client()
        if role is not None:
            assert client.login(username=role, password=demo.DEMO_PASSWORD)
        seen, broken = walk(client)
        errors = {path: status for path, status in seen.items() if status >= 500}
        # Out of the main menu, the tokens page is still found: the footer links it for everyone signed in.
        lost = [] if role is None or TOKENS in seen else [TOKENS]
        if errors or broken or lost or len(seen) <= 3:
            problems[role or "signed out"] = {
                "errors": errors,
                "broken": broken[:10],
                "not found": lost,
                "pages": len(seen),
            }
    assert not problems, problems

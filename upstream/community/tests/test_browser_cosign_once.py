"""After a co-sign, "Co-signed. It is counted with the next batch" is said once: beside the button
pressed, in its live region, with the focus there. A new-user walk by keyboard read it twice, in
the status box at the top and again in the card."""

from __future__ import annotations

import os
import re

import pytest

from upstream.community.tests.test_browser import community  # noqa: F401 - the fixture
from upstream.ops.tests.browser import phone_page

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DONE = "Co-signed. It is counted with the next batch (by tomorrow morning)."


def test_it_handles_a_co_sign_by_saying_so_once_beside_the_button(
    browser,
    live_server,
    community,  # noqa: F811 - the fixture
):
    _, shared, _, _ = community
    page, errors = phone_page(browser, live_server, "nurse0")
    page.goto(f"{live_server.url}/community/shared/")
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    page.get_by_role("button", name="Get my co-signs for this browser").click()
    page.get_by_role("button", name=re.compile("This affects me too")).click()
    card = page.locator(f"#shared-{shared.pk}")
    card.get_by_role("status").filter(has_text=DONE).wait_for()
    assert page.evaluate("document.body.innerText").count(DONE) == 1
    assert page.evaluate("document.activeElement.textContent") == DONE
    assert errors == []


def test_a_co_sign_refused_for_now_keeps_its_token_and_button(
    browser,
    live_server,
    settings,
    community,  # noqa: F811 - the fixture
):
    """Too few colleagues hold the concern's token: the server stores nothing and answers 423. The
    page kept treating every refusal but 409 as the end of the token, so the person could never
    co-sign that concern; it now keeps the token and the button, and a later press counts."""
    _, shared, _, _ = community
    settings.UPSTREAM_COSIGN_MIN_HOLDERS = 5
    page, errors = phone_page(browser, live_server, "nurse0")
    page.goto(f"{live_server.url}/community/shared/")
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    page.get_by_role("button", name="Get my co-signs for this browser").click()
    button = page.get_by_role("button", name=re.compile("This affects me too"))
    button.click()
    card = page.locator(f"#shared-{shared.pk}")
    card.get_by_role("status").filter(has_text="opens once at least 5 colleagues").wait_for()
    assert button.is_visible() and button.is_enabled()
    settings.UPSTREAM_COSIGN_MIN_HOLDERS = 1
    button.click()
    card.get_by_role("status").filter(has_text=DONE).wait_for()
    assert errors == []

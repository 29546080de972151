"""In Chromium: a person who chose Spanish in Upstream, on a phone whose language is English, is told
in Spanish that a co-sign was refused, although the co-sign is sent without cookies."""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from upstream.community.tests.test_browser import community  # noqa: F401 - the fixture
from upstream.ops.tests.browser import PHONE, phone_page, require_chromium

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
release_due = pytest.importorskip("upstream.intake.services").release_due

SPENT_ES = "Usted ya respaldó esta inquietud."


def test_a_refused_co_sign_is_explained_in_the_language_chosen_not_the_phone_s(
    browser,
    live_server,
    community,  # noqa: F811 - the fixture
):
    require_chromium()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page, errors = phone_page(context, live_server, "nurse0")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": base}])

    page.goto(f"{base}/community/shared/")
    root = page.locator("[data-cosign-root][data-cosign-ready]")
    root.wait_for()
    page.locator("[data-cosign-obtain]").click()  # the explained step that gets the tokens
    page.locator("[data-cosign]:enabled").wait_for()
    store = root.get_attribute("data-store")
    saved = page.evaluate("(store) => localStorage.getItem(store)", store)
    with page.expect_response("**/community/shared/cosign") as answered:
        page.locator("[data-cosign]").click()
    assert answered.value.status == 202
    headers = answered.value.request.all_headers()
    release_due(everything=True)

    # The same token again, as from a second tab opened before the first co-sign: refused, spent.
    page.evaluate("([store, saved]) => localStorage.setItem(store, saved)", [store, saved])
    page.reload()
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    page.locator("[data-cosign]").click()
    note = page.locator("[data-cosign-answer]")  # the server's answer, beside the button
    note.filter(has_text=SPENT_ES).wait_for(timeout=10000)
    assert note.inner_text() == SPENT_ES
    # Still without the cookie: the page's language is all that goes with the token.
    assert headers.get("accept-language") == "es" and "cookie" not in headers
    assert errors == []
    context.close()

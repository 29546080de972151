"""In a real browser, the Content-Security-Policy blocks nothing Upstream itself needs: the speak-up
form's live warning (HTMX), the copy buttons' script, the admin, and Swagger UI at /api/docs."""

from __future__ import annotations

import os

import pytest

from conftest import Org
from upstream.ops.tests.browser import ARGS, require_chromium

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture
def page(transactional_db):
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    Org()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        context = browser.new_context()
        context.add_init_script(WATCH_VIOLATIONS)
        page = context.new_page()
        page.console_messages = []
        page.on("console", lambda message: page.console_messages.append(message.text))
        yield page
        browser.close()


def violations(page) -> list[str]:
    reported = page.evaluate("window.__violations")
    logged = [m for m in page.console_messages if "Content Security Policy" in m]
    return reported + logged


def test_swagger_ui_renders_under_the_policy(page, live_server):
    page.goto(f"{live_server.url}/api/docs")
    page.locator(".swagger-ui .info .title").wait_for(timeout=15000)
    assert "Upstream API" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock").first.wait_for(timeout=15000)
    assert violations(page) == []


def test_pages_and_htmx_run_under_the_policy(page, live_server):
    for path in ("/", "/privacy/", "/receipt/", "/accounts/login/", "/admin/login/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
    assert "/accounts/login/" in page.url  # the admin signs in through the same page
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof htmx") == "object"
    assert violations(page) == []
    # The watcher itself works: an inline style set from the page is refused and reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\\'color:red\\'>x</p>')")
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in violations(page))

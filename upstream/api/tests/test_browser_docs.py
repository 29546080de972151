"""The API docs page in a real browser: Swagger UI's icon-only buttons get names, and every control
the keyboard reaches shows a focus ring. The browser walk found both once the schema came fast
enough for Swagger UI to draw its operations before the walk looked."""

from __future__ import annotations

import os

import pytest

from upstream.ops.tests.browser import PHONE

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_each_operation_button_is_named_and_every_control_shows_a_ring(
    browser, live_server, transactional_db
):
    page = browser.new_page(viewport=PHONE)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + "/api/docs")
    page.locator(".opblock").first.wait_for()
    buttons = page.locator("button.expand-operation")
    assert buttons.count() >= 10
    names = buttons.evaluate_all("(all) => all.map((b) => b.getAttribute('aria-label'))")
    assert "Show or hide: concerns" in names and None not in names
    accordion = page.locator("button.json-schema-2020-12-accordion").first
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    accordion.focus()
    assert accordion.evaluate("(b) => getComputedStyle(b).outlineStyle") == "solid"
    assert errors == []  # the Content-Security-Policy let the script run


def test_no_control_sits_inside_another_and_the_method_badges_are_legible(
    browser, live_server, transactional_db
):
    """An axe audit of the page: each operation's button held a link (nested-interactive, 122 of
    them), the page had no <main>, and white on Swagger UI's light method badges read at 2:1."""
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/api/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator("main #swagger-ui").count() == 1
    assert page.locator(".opblock-summary-control a[href]").count() == 0
    assert page.locator(".opblock-summary-control").count() >= 10
    post = page.locator(".opblock-post .opblock-summary-method").first
    assert post.evaluate("(b) => getComputedStyle(b).backgroundColor") == "rgb(30, 122, 79)"  # 5.3:1
    # The operation still opens from its button.
    summary = page.locator(".opblock-summary-control").first
    summary.click()
    page.locator(".opblock.is-open").first.wait_for()

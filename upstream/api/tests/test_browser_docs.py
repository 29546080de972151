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

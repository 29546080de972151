"""A review that cannot be opened sends the leader back to the upload page with the problem above
the form, outside it, and the keyboard there, in a real browser (upstream.js focused only refusals
inside a form; found while fixing the survey pages' focus after an accessibility probe)."""

from __future__ import annotations

import os

import pytest

from upstream.ops.tests.browser import sign_in
from upstream.ops.tests.test_browser_loop import live_org  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_it_handles_a_spoilt_review_with_the_focus_on_the_problem(browser, live_server, live_org):  # noqa: F811
    page = browser.new_page()
    sign_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/listening/new/")
    # The review step's form, with its signed payload spoilt (a stale or tampered page).
    page.evaluate(
        """() => {
            const form = document.querySelector("main form");
            form.action = "/listening/new/confirm";
            form.enctype = "application/x-www-form-urlencoded";
            const payload = document.createElement("input");
            Object.assign(payload, {type: "hidden", name: "payload", value: "spoilt"});
            form.append(payload);
            form.submit();
        }"""
    )
    page.wait_for_url(f"{live_server.url}/listening/new/confirm")
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.matches('main > .danger[role=alert]')")

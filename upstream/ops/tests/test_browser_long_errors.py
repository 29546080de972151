"""An error that repeats a long value back stays inside a 375 px screen.

The survey scheduling page answers a role group or questionnaire it does not know (a page left open
across an upgrade, a hand-made post) by naming it. A long unbroken value pushed the whole page
about 4,000 px sideways at phone width, hiding the form behind a sideways scroll.
"""

from __future__ import annotations

import os

import pytest

from conftest import Org
from upstream.ops.tests.test_browser_loop import sign_in
from upstream.surveys.tests.helpers import office_of

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SMALL_PHONE = {"width": 375, "height": 740}


def test_a_long_unknown_value_named_in_an_error_does_not_push_the_page_sideways(
    browser, live_server, transactional_db
):
    org = Org()
    office_of(org)
    page = browser.new_page(viewport=SMALL_PHONE)
    sign_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/surveys/manage/")
    page.fill("input[name=title]", "Night shift pulse")
    page.fill("input[name=opens_on]", "2030-01-10")
    page.fill("input[name=closes_on]", "2030-01-20")
    with page.expect_navigation():
        page.evaluate(
            """() => {
                const form = document.querySelector('input[name=title]').form;
                form.querySelectorAll('[name=role_groups]').forEach(box => box.remove());
                const stale = document.createElement('input');
                stale.type = 'hidden'; stale.name = 'role_groups'; stale.value = 'x'.repeat(300);
                form.appendChild(stale);
                form.requestSubmit();
            }"""
        )
    alert = page.get_by_role("alert")
    assert "xxxxxxxxxx" in alert.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    assert page.input_value("input[name=title]") == "Night shift pulse"

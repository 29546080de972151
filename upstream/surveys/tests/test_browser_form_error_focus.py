"""After a refused survey form the keyboard is at the refusal, in a real browser.

The survey pages say why a form was refused in a box above it, outside the <form> ("Answer at least
one question."), and upstream.js only looked for refusals inside a form: the focus stayed on <body>,
so a screen reader started at the top of the page, far from the message (an accessibility probe).
"""

from __future__ import annotations

import os

import pytest

from conftest import Org
from upstream.ops.tests.browser import sign_in
from upstream.surveys.tests.helpers import office_of, open_wave

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def live_wave(transactional_db):
    org = Org()
    return org, open_wave(org, office_of(org), units=[org.medicine])


def focused(page) -> str:
    # After "load": upstream.js moves the focus then.
    page.wait_for_load_state("load")
    return page.evaluate("document.activeElement.id || document.activeElement.tagName")


def test_it_handles_an_empty_answer_with_the_focus_on_the_refusal(browser, live_server, live_wave):
    _org, wave = live_wave
    page = browser.new_page()
    sign_in(page, live_server.url, "nurse3")
    page.goto(f"{live_server.url}/surveys/{wave.pk}/")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Answer at least one question.").wait_for()
    assert focused(page) == "form-error"
    page.keyboard.press("Tab")  # on into the form, not back through the menu
    assert page.evaluate("document.querySelector('form.pulse').contains(document.activeElement)")


def test_it_handles_a_refused_new_wave_with_the_focus_on_its_problems(browser, live_server, live_wave):
    _org, _wave = live_wave
    page = browser.new_page()
    sign_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/surveys/manage/")
    page.get_by_role("button", name="Schedule").click()
    page.locator("#form-error").wait_for()
    assert focused(page) == "form-error"


def test_it_handles_a_code_refused_with_the_focus_on_the_refusal(browser, live_server, live_wave):
    _org, wave = live_wave
    page = browser.new_page()  # not signed in: the code is the only credential
    page.goto(f"{live_server.url}/surveys/{wave.pk}/with-code/")
    page.get_by_label("Your code").fill("not-a-code-anyone-was-given")
    page.get_by_label("Your unit").select_option(index=1)
    page.get_by_label("Your role").select_option(index=1)
    page.get_by_role("group", name="My work feels meaningful to me.").get_by_label("Strongly agree").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state("load")
    if page.get_by_role("button", name="Send anyway").count():  # a small group asks first
        page.get_by_role("button", name="Send anyway").click()
    page.locator("#form-error").wait_for()
    assert focused(page) == "form-error"

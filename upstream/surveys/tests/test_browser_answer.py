"""Answering a pulse survey in a real browser at phone width: by touch, by keyboard, without JavaScript."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
import time_machine

from conftest import Org
from upstream.intake.models import IntakeEntry
from upstream.ops.tests.browser import PHONE, open_menu, phone_page, shoot, sign_in
from upstream.surveys.models import Invitation
from upstream.surveys.results import results_from
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_results import add_responses

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def live_wave(transactional_db):
    org = Org()
    return org, open_wave(
        org, office_of(org), units=[org.medicine], instruments=["upstream-pulse", "loneliness-3"]
    )


def test_answering_at_phone_width_by_touch_and_keyboard(browser, live_server, live_wave):
    org, wave = live_wave
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    sign_in(page, base, "nurse3")
    open_menu(page)
    page.get_by_role("link", name="Surveys").first.click()
    page.get_by_role("link", name=re.compile("Autumn pulse")).click()
    # Every question is a group named by its legend; every choice a labelled radio at least 44px tall.
    group = page.get_by_role("group", name="My work feels meaningful to me.")
    choice = group.get_by_label("Strongly agree")
    box = group.locator("label", has_text="Strongly agree").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # full width on a phone
    shoot(page, "survey-answer")
    choice.check()
    # Keyboard: tab into the division question, arrow keys move the choice.
    division = page.get_by_role("group", name=re.compile("divided from colleagues"))
    division.get_by_label("Strongly disagree").focus()
    page.keyboard.press("ArrowRight")
    assert division.get_by_label("Disagree", exact=True).is_checked()
    page.get_by_role("group", name=re.compile("left out")).get_by_label("Hardly ever").check()
    page.get_by_label(re.compile("Anything you want leaders to know")).fill("Huddles help.")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Your answers were received").wait_for()
    # The keyboard starts at the thanks, not at the menu above it (a new-user walk).
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.hasAttribute('data-confirmation')")
    shoot(page, "survey-thanks")
    assert IntakeEntry.objects.count() == 1
    assert Invitation.objects.get(wave=wave, user__username="nurse3").answered_on is not None


def test_answering_works_without_javascript(browser, live_server, live_wave):
    _org, wave = live_wave
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "nurse4")
    page.goto(f"{live_server.url}/surveys/{wave.pk}/")
    page.get_by_role("group", name=re.compile("isolated from others")).get_by_label("Often").check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Your answers were received").wait_for()
    assert IntakeEntry.objects.count() == 1
    context.close()


def test_results_read_at_phone_width(browser, live_server, live_wave):
    org, wave = live_wave
    add_responses(wave, org.ward_a, "nurse", 7, division=2, comment="Huddles help us feel like a team.")
    add_responses(wave, org.ward_b, "nurse", 3, division=5, comment="Nights feel cut off from days.")
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1), tick=True):
        page = browser.new_page(viewport=PHONE)
        sign_in(page, live_server.url, "chair")
        page.goto(f"{live_server.url}/surveys/results/")
        page.get_by_role("link", name=re.compile("Autumn pulse")).click()
        page.get_by_role("heading", name="Scores by unit and role group").wait_for()
        row = page.get_by_role("row", name=re.compile("5 East"))
        assert "hidden" in row.first.inner_text()
        # Nobody in this wave answered the loneliness items: shown as none, not as hidden.
        assert "no answers" in page.get_by_role("row", name=re.compile("Whole organisation")).inner_text()
        assert page.get_by_text("Huddles help us feel like a team.").count() == 7
        shoot(page, "survey-results")


def test_the_office_opens_a_unit_of_its_results_by_keyboard_at_phone_width(browser, live_server, live_wave):
    org, wave = live_wave
    add_responses(wave, org.ward_a, "nurse", 7, division=2)
    add_responses(wave, org.ward_b, "nurse", 6, division=5)
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1), tick=True):
        page = browser.new_page(viewport=PHONE)
        sign_in(page, live_server.url, "office")
        page.goto(f"{live_server.url}/surveys/results/{wave.pk}/")
        page.get_by_role("heading", name="Scores by unit and role group").wait_for()
        assert page.get_by_role("row", name=re.compile("4 West")).count() == 0  # three levels down
        page.get_by_role("link", name="Open the units below Medicine").focus()
        page.keyboard.press("Enter")
        page.get_by_text("Showing Medicine and two levels of units below it.").wait_for()
        scores = page.locator("table.results").last  # the first table is the response rates
        assert "\t7\t" in scores.get_by_role("row", name=re.compile("4 West")).inner_text()
        page.get_by_role("link", name="Back to all your units").wait_for()


def test_a_code_taken_signed_in_answers_from_a_fresh_browser_without_signing_in(
    browser, live_server, live_wave
):
    org, wave = live_wave
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page, errors = phone_page(context, live_server, "nurse5")
    page.goto(f"{base}/surveys/{wave.pk}/")
    page.get_by_role("link", name=re.compile("take a code now")).click()
    page.get_by_role("button", name="Get my code").click()
    page.get_by_text("Done: your code is saved in this browser.").wait_for()
    code = page.locator(".token-code").first.inner_text().strip()
    assert len(code) > 400 and errors == []
    shoot(page, "survey-code")
    assert Invitation.objects.get(wave=wave, user__username="nurse5").answered_on is not None

    fresh = browser.new_context(viewport=PHONE)  # another device: no cookies, no account
    other = fresh.new_page()
    other.goto(f"{base}/surveys/{wave.pk}/with-code/")
    assert fresh.cookies() == [], "the answering page set a cookie"
    other.get_by_label("Your code").fill(code)
    other.get_by_label("Your unit").select_option(str(org.ward_a.pk))
    other.get_by_label("Your role").select_option("nurse")
    other.get_by_role("group", name=re.compile("left out")).get_by_label("Often").check()
    other.get_by_role("button", name="Send my answers").click()
    other.get_by_text("Your answers were received").wait_for()
    assert IntakeEntry.objects.count() == 1 and fresh.cookies() == []
    context.close()
    fresh.close()


def test_the_code_page_warns_a_small_group_as_it_is_chosen_and_sends_only_when_confirmed(
    browser, live_server, live_wave
):
    from upstream.org.models import User
    from upstream.surveys.tests.test_codes import take

    org, wave = live_wave
    code = take(User.objects.get(username="nurse3"), wave)
    context = browser.new_context(viewport=PHONE)  # another device: no cookies, no account
    page = context.new_page()
    page.goto(f"{live_server.url}/surveys/{wave.pk}/with-code/")
    page.get_by_label("Your code").fill(code)
    page.get_by_label("Your unit").select_option(str(org.ward_b.pk))  # no other nurse on 5 East
    page.get_by_label("Your role").select_option("nurse")
    page.get_by_role("alert").get_by_text("Few people share this unit and role.").wait_for()
    page.get_by_role("group", name=re.compile("left out")).get_by_label("Often").check()
    page.get_by_label(re.compile("Anything you want leaders to know")).fill("Nights are lonely.")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("button", name="Send anyway").wait_for()
    assert not IntakeEntry.objects.exists(), "sent before the writer confirmed"
    assert (
        page.get_by_label(re.compile("Anything you want leaders to know")).input_value()
        == "Nights are lonely."
    )
    shoot(page, "survey-code-small-group")
    page.get_by_role("button", name="Send anyway").click()
    page.get_by_text("Your answers were received").wait_for()
    assert IntakeEntry.objects.count() == 1 and context.cookies() == []
    context.close()


def test_colleagues_take_survey_codes_one_after_the_other_on_a_shared_computer(
    browser, live_server, live_wave
):
    """On a computer colleagues share, each sees only their own survey code on its page (before, one
    store served the whole browser: the next colleague saw every code in it, other people's old
    concern codes too). A code used in that browser leaves its owner's list."""
    org, wave = live_wave
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page, errors = phone_page(context, live_server)
    code_page = f"{base}/surveys/{wave.pk}/code/"

    def listed(username: str) -> list[str]:
        context.clear_cookies()
        sign_in(page, base, username)
        page.goto(code_page)
        page.locator("[data-speakup-issue] [data-token-empty]").wait_for(state="attached")
        return [code.strip() for code in page.locator(".token-code").all_inner_texts()]

    def take(username: str) -> list[str]:
        assert listed(username) == []
        page.get_by_role("button", name="Get my code").click()
        page.get_by_text("Done: your code is saved in this browser.").wait_for()
        return [code.strip() for code in page.locator(".token-code").all_inner_texts()]

    # A colleague's concern code, kept by the browser before codes were kept per person.
    page.goto(base + "/")
    page.evaluate(
        """localStorage.setItem("upstream.speakup.v1",
            JSON.stringify([{code: "an-old-concern-code", purpose: "concern"}]))"""
    )
    first = take("nurse5")
    second = take("nurse6")
    assert len(first) == len(second) == 1 and first != second
    assert listed("nurse5") == first  # after the code is taken, the page still lists it, and only it
    page.get_by_text("You have already answered this survey, or taken your code for it.").wait_for()
    assert listed("nurse6") == second
    assert not page.get_by_text("also holds survey codes saved before").is_visible()

    # Signed out, in the same browser: the answering page offers no saved code; a pasted one works.
    context.clear_cookies()
    page.goto(f"{base}/surveys/{wave.pk}/with-code/")
    assert page.locator(".token-code").count() == 0
    page.get_by_label("Your code").fill(first[0])
    page.get_by_label("Your unit").select_option(str(org.ward_a.pk))
    page.get_by_label("Your role").select_option("nurse")
    page.get_by_role("group", name=re.compile("left out")).get_by_label("Often").check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Your answers were received").wait_for()
    page.wait_for_load_state("load")
    assert IntakeEntry.objects.count() == 1
    assert listed("nurse5") == [], "the used code is still offered to copy"
    assert listed("nurse6") == second
    # Nor are survey codes among the speak-up codes, or the other way round.
    page.goto(base + "/speak/tokens/")
    page.get_by_text("No codes are saved in this browser yet.").wait_for()
    assert "an-old-concern-code" in page.evaluate("localStorage.getItem('upstream.speakup.v1')")
    assert errors == []
    context.close()


def test_survey_codes_saved_before_they_were_kept_per_person_are_said_and_removed_not_listed(
    browser, live_server, live_wave
):
    """Survey codes a browser kept in the one shared store cannot be told to be anyone's: a survey's
    code page does not list them, says they are there, and "Remove all" removes them (saying so),
    leaving the old concern codes to /speak/tokens/."""
    _org, wave = live_wave
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, base, "nurse5")
    page.evaluate(
        """(purpose) => localStorage.setItem("upstream.speakup.v1", JSON.stringify([
            {code: "an-old-survey-code", purpose: purpose},
            {code: "an-old-concern-code", purpose: "concern"},
        ]))""",
        f"wave:{wave.pk}",
    )
    page.goto(f"{base}/surveys/{wave.pk}/code/")
    page.get_by_text("This browser also holds survey codes saved before").wait_for()
    assert page.locator(".token-code").count() == 0
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Remove all codes from this browser").click()
    page.get_by_text("This browser also holds survey codes saved before").wait_for(state="hidden")
    assert "Nobody can tell whose those are" in asked[0]
    kept = page.evaluate("JSON.parse(localStorage.getItem('upstream.speakup.v1'))")
    assert [t["code"] for t in kept] == ["an-old-concern-code"]
    context.close()

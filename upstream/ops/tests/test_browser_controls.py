"""Controls drawn by the site's stylesheet as a thumb on a phone meets them. Each test adds controls
to a public page's <main>, as the project's pages draw them, and reads how the browser drew them."""

from __future__ import annotations

import os

import pytest

from upstream.ops.tests.browser import PHONE

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Two buttons as the co-sign list draws them, one ready and one waiting for its anonymous token.
BUTTONS = """() => {
  const looks = {};
  for (const [name, disabled] of [["ready", false], ["waiting", true]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "This affects me too: co-sign";
    button.disabled = disabled;
    document.querySelector("main").append(button);
    const style = getComputedStyle(button);
    looks[name] = [style.backgroundColor, style.color, style.cursor];
  }
  return looks;
}"""
# A box of each kind inside its label, as Django's choice lists (a survey's answers) draw them.
BOXES = """() => {
  const sizes = {};
  for (const kind of ["checkbox", "radio"]) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = kind;
    label.append(box, " Most days");
    document.querySelector("main").append(label);
    const drawn = box.getBoundingClientRect();
    sizes[kind] = [drawn.width, drawn.height];
  }
  return sizes;
}"""


def drawn(browser, live_server, script: str) -> dict:
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/community/resources/")
    found = page.evaluate(script)
    page.close()
    return found


def test_a_disabled_button_does_not_look_pressable(browser, live_server, db):
    """It was drawn like every other, and a tap on it did nothing."""
    looks = drawn(browser, live_server, BUTTONS)
    assert looks["waiting"][0] != looks["ready"][0], looks
    assert looks["waiting"][2] == "not-allowed", looks


def test_a_tick_box_is_big_enough_for_a_thumb(browser, live_server, db):
    """The browser's own boxes are 13 px square, beside 44 px buttons."""
    sizes = drawn(browser, live_server, BOXES)
    for kind, (width, height) in sizes.items():
        assert width >= 18 and height >= 18, (kind, sizes)

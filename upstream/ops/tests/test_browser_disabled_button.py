"""A button that cannot be pressed looks it: the co-sign buttons wait disabled until their anonymous
token is ready (or stay so once used), and drawn like any other a tap on them did nothing."""

from __future__ import annotations

import os

import pytest

from upstream.ops.tests.browser import PHONE

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Two buttons as the co-sign list draws them, one ready and one waiting, under the site's stylesheet.
LOOKS = """() => {
  const main = document.querySelector("main");
  const looks = {};
  for (const [name, disabled] of [["ready", false], ["waiting", true]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "This affects me too: co-sign";
    button.disabled = disabled;
    main.append(button);
    const style = getComputedStyle(button);
    looks[name] = [style.backgroundColor, style.color, style.cursor];
  }
  return looks;
}"""


def test_a_disabled_button_does_not_look_pressable(browser, live_server, db):
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/community/resources/")
    looks = page.evaluate(LOOKS)
    assert looks["waiting"][0] != looks["ready"][0], looks
    assert looks["waiting"][2] == "not-allowed", looks
    page.close()

"""Tick boxes and round choices (a survey's answers, a form's confirmations) are big enough to hit
with a thumb: the browser draws them 13 px square, beside 44 px buttons."""

from __future__ import annotations

import os

import pytest

from upstream.ops.tests.browser import PHONE

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# A box of each kind inside its label, as Django's choice lists draw them, under the site's stylesheet.
SIZES = """() => {
  const main = document.querySelector("main");
  const sizes = {};
  for (const kind of ["checkbox", "radio"]) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = kind;
    label.append(box, " Most days");
    main.append(label);
    const drawn = box.getBoundingClientRect();
    sizes[kind] = [drawn.width, drawn.height];
  }
  return sizes;
}"""


def test_a_tick_box_is_big_enough_for_a_thumb(browser, live_server, db):
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/community/resources/")
    sizes = page.evaluate(SIZES)
    for kind, (width, height) in sizes.items():
        assert width >= 18 and height >= 18, (kind, sizes)
    page.close()

"""Playwright on Debian's chromium: launching, skipping or failing, screenshots, and a signed-in page
at phone width."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = os.environ.get("UPSTREAM_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def require_chromium() -> str:
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if path:
        return path
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("UPSTREAM_REQUIRE_BROWSER") == "1":
        pytest.fail(message + "; UPSTREAM_REQUIRE_BROWSER=1 makes this a failure")
    pytest.skip(message)


def shoot(page, name: str) -> None:
    """Save the page at phone and desktop width when UPSTREAM_SCREENSHOTS=1."""
    if os.environ.get("UPSTREAM_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(original)


def open_menu(page) -> None:
    """Unfold the header's links where a phone folds them under Menu, as a person would tap it."""
    # The menu folds and unfolds on a media-query event, which comes after a resize (shoot() takes
    # a desktop screenshot and narrows the window again): look once it has caught up.
    page.wait_for_function(
        """() => {
            const button = document.querySelector(".top .menu-toggle");
            const many = document.querySelectorAll("#main-menu > li").length > 4;
            return !button || button.hidden === !(many && matchMedia("(max-width: 40rem)").matches);
        }"""
    )
    button = page.get_by_role("button", name="Menu")
    if button.is_visible() and button.get_attribute("aria-expanded") == "false":
        button.click()


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("Username|Email|Login", re.I)).first.fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(f"{base}/")


def phone_page(
    opener: Browser | BrowserContext, live_server, user: str | None = None, *, viewport: dict = PHONE
) -> tuple[Page, list[str]]:
    """A new page at phone width, the list its uncaught JavaScript errors go to, and, when `user` is
    given, that person signed in. `opener` is a Browser, which makes the page at `viewport`, or a
    BrowserContext (for its cookies, init scripts or options), whose page has the context's viewport.
    """
    from playwright.sync_api import Browser

    page = opener.new_page(viewport=viewport) if isinstance(opener, Browser) else opener.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if user is not None:
        sign_in(page, live_server.url, user)
    return page, errors

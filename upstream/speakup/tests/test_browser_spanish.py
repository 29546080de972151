"""In Chromium, in Spanish: the copy button of a code the page's script made answers in Spanish.

The script (tools/blindrsa) makes those buttons itself, so they carry no messages of their own;
upstream.js takes them from the page (base.html's <body>), not from its English fallbacks.
"""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings

from upstream.ops.tests.browser import PHONE, require_chromium
from upstream.ops.tests.test_browser_loop import live_org, sign_in  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_copying_a_code_the_script_made_says_so_in_spanish(browser, live_server, live_org):  # noqa: F811
    require_chromium()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "reporter")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}])
    page.goto(live_server.url + "/speak/tokens/")
    page.get_by_role("button", name="Obtener códigos").click()
    page.get_by_role("button", name="Copiar código").first.wait_for()
    # The use-by day in Spanish ("usar antes del 2 de febrero de 2027"), not "2027-02-02".
    label = page.locator(".token-list [id^='speakup-label-']").first.inner_text()
    assert re.fullmatch(r"Código 1 · usar antes del \d{1,2} de [a-z]+ de \d{4}", label), label
    copy = page.locator(".token-list [data-copy]").first  # by place: its name changes on the click
    copy.click()
    # Copied to the clipboard, or (where the browser refuses the clipboard) selected for Ctrl+C.
    page.wait_for_function(
        "(button) => button.textContent !== 'Copiar código'", arg=copy.element_handle(), timeout=5000
    )
    assert copy.inner_text() in ("Copiado", "Seleccionado: oprima Ctrl+C")
    context.close()

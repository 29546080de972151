"""A new user's walk, in a real browser, on a small phone, in Spanish: what a reviewer walking every
page would catch.

On the demo health system, signed out and as several demo roles, chromium at 375 x 740 with the
Spanish language cookie (Spanish words run longest) follows the links each page shows, breadth
first, and checks on every page that the page does not scroll sideways (a wide table may scroll
inside its own container), that every visible field and button has an accessible name, that no
script fails and the Content-Security-Policy blocks nothing, that the page says it is in Spanish, and
that every image has alternative text. test_walkthrough.py walks every page with the test client for
server errors; this walk is bounded per role, and visits at most two pages of one shape (the same
path up to numbers, with the same query keys), so that it reaches many kinds of page quickly.
"""

from __future__ import annotations

import gc
import os
import re
from collections import Counter, deque
from urllib.parse import parse_qsl, urljoin, urlparse

import pytest
from django.conf import settings
from django.test import Client

from upstream.ops.tests.browser import phone_page
from upstream.org import demo
from upstream.org.models import User

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SMALL_PHONE = {"width": 375, "height": 740}
ROLES = [None, "staff", "manager", "wellbeing", "cno", "resident", "chair", "pharmacist", "admin"] if os.environ.get("WALK_ALL") else [None, "staff", "manager", "wellbeing", "cno", "resident"]
PAGES_PER_ROLE = int(os.environ.get("WALK_PAGES", "45"))
PAGES_PER_SHAPE = 2
# Links that change state, leave the product, or lead to the admin (its own pages, Django's).
SKIP = ("/accounts/logout", "/static/", "/admin/", "/i18n/", "mailto:", "tel:", "sms:", "//")
DOWNLOAD = re.compile(r"\.(csv|pdf|json|txt|ics)$|/(csv|pdf|export|download)/?$")

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""

# One pass over the rendered page: everything the walk asserts, and the links to follow.
INSPECT = """
() => {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const text = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    else if (el.name) d += '[name=' + el.name + ']';
    else if (el.className && typeof el.className === 'string') d += '.' + el.className.trim().split(/\\s+/).join('.');
    if (el.type && el.tagName === 'INPUT') d += '[type=' + el.type + ']';
    return d;
  };
  const named = (el) => {
    if (text(el.getAttribute('aria-label'))) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some((id) => text(document.getElementById(id)?.textContent))) return true;
    if (el.labels && [...el.labels].some((l) => text(l.innerText || l.textContent))) return true;
    if (el.tagName === 'BUTTON') return !!text(el.innerText || el.textContent);
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) return !!text(el.value);
    if (el.tagName === 'INPUT' && el.type === 'image') return !!text(el.alt);
    return false;
  };
  const fields = document.querySelectorAll('input:not([type=hidden]), select, textarea, button');
  const unnamed = [...fields].filter((el) => visible(el) && !named(el)).map(describe);
  // What sticks out past the right edge without a scrolling container of its own around it.
  const width = window.innerWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')]
    .filter((el) => visible(el) && el.getBoundingClientRect().right > width + 0.5 && !scrolls(el))
    .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 0.5
                    || el.parentElement === document.body)
    .slice(0, 4).map((el) => describe(el) + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
  return {
    overflow: document.scrollingElement.scrollWidth - window.innerWidth,
    wide,
    unnamed,
    lang: document.documentElement.lang,
    noAlt: [...document.images].filter((img) => !img.hasAttribute('alt')).map((img) => img.src),
    violations: window.__violations || [],
    links: [...document.querySelectorAll('a[href]')]
      .filter((a) => !a.hasAttribute('download'))
      .map((a) => a.getAttribute('href')),
  };
}
"""


@pytest.fixture
def live_demo(transactional_db, at_noon):
    """The demo health system at noon today, so that yesterday's batch is out whatever the hour."""
    demo.load_demo()
    gc.collect()  # see conftest's _collect_live_server_connections


def shape(path: str) -> str:
    target = urlparse(path)
    keys = sorted({key for key, _ in parse_qsl(target.query, keep_blank_values=True)})
    return re.sub(r"[0-9a-f]*\d[0-9a-f-]*", "N", target.path) + "?" + "&".join(keys)


def follow(href: str, base: str) -> str | None:
    if href.startswith(SKIP) or href.startswith(("http:", "https:", "javascript:")) or href.startswith("#"):
        return None
    target = urlparse(urljoin(base, href))
    if DOWNLOAD.search(target.path) or target.path.startswith(SKIP):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def walk(page, errors: list[str], url: str) -> tuple[list[str], dict[str, list[str]]]:
    seen: list[str] = []
    shapes: Counter[str] = Counter()
    problems: dict[str, list[str]] = {}
    queue = deque(["/"])
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen or shapes[shape(path)] >= PAGES_PER_SHAPE:
            continue
        seen.append(path)
        shapes[shape(path)] += 1
        del errors[:]
        try:
            response = page.goto(url + path)
        except Exception as error:  # noqa: BLE001 - a download is not a page; anything else is reported
            if "Download is starting" not in str(error):
                problems[path] = [f"did not load: {error}"]
            continue
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        found = page.evaluate(INSPECT)
        if os.environ.get("WALK_SHOTS"):
            name = re.sub(r"[^a-z0-9]+", "_", (os.environ.get("WALK_ROLE","") + path).lower())[:80]
            page.screenshot(path=f"/tmp/walk/shots/{name}.png", full_page=True)
        here = []
        if found["overflow"] > 0:
            here.append(f"scrolls sideways by {found['overflow']} px: {', '.join(found['wide'])}")
        if found["unnamed"]:
            here.append(f"no accessible name: {', '.join(found['unnamed'])}")
        if found["lang"] != "es":
            here.append(f'html lang is "{found["lang"]}"')
        if found["noAlt"]:
            here.append(f"img without alt: {', '.join(found['noAlt'])}")
        if errors or found["violations"]:
            here.append(f"script errors: {errors + found['violations']}")
        if here:
            problems[path] = here
        current = urlparse(page.url)
        for href in found["links"]:
            target = follow(href, current.path + (f"?{current.query}" if current.query else ""))
            if target and target not in seen:
                queue.append(target)
    return seen, problems


def test_every_page_a_role_reaches_fits_a_small_phone_in_spanish_and_names_its_fields(
    browser, live_server, live_demo
):
    problems: dict[str, list[str]] = {}
    visited = {}
    for role in ROLES:
        context = browser.new_context(viewport=SMALL_PHONE)
        context.add_init_script(WATCH_VIOLATIONS)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
        if role is not None:
            client = Client()
            client.force_login(User.objects.get(username=role))
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
        context.add_cookies(cookies)
        page, errors = phone_page(context, live_server)
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        os.environ["WALK_ROLE"] = role or "out"
        seen, found = walk(page, errors, live_server.url)
        visited[role or "signed out"] = seen
        for path, what in found.items():
            for problem in what:
                problems.setdefault(f"{role or 'signed out'} {path}", []).append(problem)
        context.close()
    print("VISITED", {k: len(v) for k, v in visited.items()}, problems)
    import json; open("/tmp/walk.json", "w").write(json.dumps(visited))
    assert all(count > 5 for count in visited.values()), visited
    report = "\n".join(f"{where}: {'; '.join(what)}" for where, what in sorted(problems.items()))
    assert not problems, f"{len(problems)} pages with problems:\n{report}"

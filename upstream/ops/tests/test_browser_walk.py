"""A new user's walk, in a real browser, on a small phone, in Spanish: what a reviewer walking every
page would catch.

On the demo health system, signed out and as several demo roles, chromium at 375 x 740 with the
Spanish language cookie (Spanish words run longest) follows the links each page shows, breadth first,
and checks on every page, with its disclosures (<details>) opened:

- the page does not scroll sideways (a wide table may scroll inside its own container);
- every visible field, button and link has an accessible name, no label points at nothing, and no
  aria-describedby or aria-labelledby names an element the page does not have;
- a box that scrolls a wide table sideways takes the focus (the keyboard scrolls it);
- everything the keyboard can reach shows a focus ring when it has the focus;
- no script fails and the Content-Security-Policy blocks nothing;
- the page says it is in Spanish (<html lang="es">) and every image has alternative text.

test_walkthrough.py follows every link with the test client for server errors; this walk is bounded:
so many pages per role, and at most two pages of one shape (the same path up to numbers, or, for a
link with a query, the same folder and query keys: the dashboard's seventeen NAM dimensions of one
unit are one shape), so that it reaches many kinds of page quickly.
"""

from __future__ import annotations

import gc
import os
import re
from collections import Counter, deque
from functools import partial
from posixpath import dirname
from urllib.parse import parse_qsl, urlparse

import pytest
from django.conf import settings
from django.test import Client

from upstream.ops.tests.browser import phone_page
from upstream.org import demo
from upstream.org.models import User

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SMALL_PHONE = {"width": 375, "height": 740}
# Signed out, a nurse, a resident in two units, a pharmacist in a small group, a unit manager, a
# hospital leader, the well-being office.
ROLES = [None, "staff", "resident", "pharmacist", "manager", "cno", "wellbeing"]
PAGES_PER_ROLE = 45
PAGES_PER_SHAPE = 2
# Links that change state or lead out of the product's own pages (the admin is Django's).
SKIP = ("/accounts/logout", "/static/", "/admin/", "/i18n/")
DOWNLOAD = re.compile(r"\.(csv|pdf|zip|json|ics)$")

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI);
});
"""

# One pass over the rendered page: everything the walk asserts, and the links to follow.
INSPECT = """
() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const visible = (el) => el.checkVisibility({visibilityProperty: true});
  const text = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    else if (el.name) d += '[name=' + el.name + ']';
    else if (el.classList.length) d += '.' + [...el.classList].join('.');
    if (el.tagName === 'INPUT') d += '[type=' + el.type + ']';
    if (el.tagName === 'A') d += '[href=' + el.getAttribute('href') + ']';
    return d;
  };
  const named = (el) => {
    if (text(el.getAttribute('aria-label'))) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some((id) => text(document.getElementById(id)?.textContent))) return true;
    if (el.labels && [...el.labels].some((l) => text(l.textContent))) return true;
    if (el.tagName === 'BUTTON' || el.tagName === 'A') return !!text(el.textContent);
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) return !!text(el.value);
    if (el.tagName === 'INPUT' && el.type === 'image') return !!text(el.alt);
    return false;
  };
  const controls = 'input:not([type=hidden]), select, textarea, button, a[href]';
  const unnamed = [...document.querySelectorAll(controls)]
    .filter((el) => visible(el) && !named(el)).map(describe);
  // A hint or error named by aria-describedby (or a name by aria-labelledby) that is not on the page:
  // the screen reader reads nothing (a reply box pointed at a limit hint the page never drew).
  const dangling = [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')].flatMap((el) =>
    ['aria-describedby', 'aria-labelledby'].flatMap((attr) => (el.getAttribute(attr) || '').split(/\\s+/)
      .filter((id) => id && !document.getElementById(id)).map((id) => describe(el) + ' ' + attr + '=' + id)));
  // A box that scrolls a wide table sideways must take the focus, or the keyboard cannot scroll it.
  const stuck = [...document.querySelectorAll('main *')]
    .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
    .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.tabIndex < 0 && visible(el))
    .filter((el) => !el.querySelector('a[href], button, input, select, textarea, [tabindex]'))
    .map(describe);
  const loose = [...document.querySelectorAll('label[for]')]
    .filter((l) => !l.control).map((l) => 'label[for=' + l.htmlFor + '] ' + text(l.textContent).slice(0, 40));
  // What sticks out past the right edge with no scrolling container of its own: the outermost of each.
  const right = window.innerWidth + 0.5;
  const contained = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > right && visible(el) && !contained(el))
    .filter((el) => el.parentElement === document.body
                    || el.parentElement.getBoundingClientRect().right <= right)
    .slice(0, 4).map((el) => describe(el) + ' to ' + Math.round(el.getBoundingClientRect().right) + ' px');
  const overflow = document.scrollingElement.scrollWidth - window.innerWidth;
  // The walk pressed Tab once, so focus moved by script shows what the keyboard would (:focus-visible).
  const focusable = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const ringless = [];
  for (const el of document.querySelectorAll(focusable)) {
    if (el.tabIndex < 0 || el.disabled || !visible(el)) continue;
    el.focus({preventScroll: true});
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ring = outline || style.boxShadow !== 'none';
    if (document.activeElement === el && !ring) ringless.push(describe(el));
  }
  document.activeElement.blur();
  return {
    overflow,
    wide,
    ringless,
    unnamed,
    loose,
    dangling,
    stuck,
    lang: document.documentElement.lang,
    noAlt: [...document.images].filter((img) => !img.hasAttribute('alt')).map((img) => img.src),
    violations: window.__violations,
    links: [...document.querySelectorAll('a[href]:not([download])')].map((a) => a.href),
  };
}
"""


@pytest.fixture
def live_demo(transactional_db, at_noon):
    """The demo health system at noon today: yesterday's batch is out, whatever the hour."""
    demo.load_demo()
    gc.collect()  # see conftest's _collect_live_server_connections


def shape(path: str) -> str:
    target = urlparse(path)
    keys = sorted({key for key, _ in parse_qsl(target.query, keep_blank_values=True)})
    numbered = re.sub(r"[0-9a-f-]*\d[0-9a-f-]*", "N", target.path)
    return f"{dirname(numbered.rstrip('/'))}/?{'&'.join(keys)}" if keys else numbered


def to_follow(href: str, origin: str) -> str | None:
    """The path and query of a link to one of the product's pages, or None for anything else."""
    target = urlparse(href)
    if f"{target.scheme}://{target.netloc}" != origin or target.path.startswith(SKIP):
        return None
    if DOWNLOAD.search(target.path):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def problems_of(found: dict, errors: list[str]) -> list[str]:
    problems = []
    if found["overflow"] > 0:
        problems.append(f"scrolls sideways by {found['overflow']} px ({', '.join(found['wide'])})")
    if found["unnamed"]:
        problems.append(f"no accessible name: {', '.join(found['unnamed'])}")
    if found["ringless"]:
        problems.append(f"no focus ring: {', '.join(found['ringless'])}")
    if found["loose"]:
        problems.append(f"label for no field: {', '.join(found['loose'])}")
    if found["dangling"]:
        problems.append(f"points at no element: {', '.join(found['dangling'])}")
    if found["stuck"]:
        problems.append(f"scrolls sideways but takes no focus: {', '.join(found['stuck'])}")
    if errors or found["violations"]:
        problems.append(f"script errors: {' | '.join(errors + found['violations'])}")
    if found["lang"] != "es":
        problems.append(f'html lang is "{found["lang"]}"')
    if found["noAlt"]:
        problems.append(f"img without alt: {', '.join(found['noAlt'])}")
    return problems


def log_error(errors: list[str], message) -> None:
    if message.type == "error":
        errors.append(message.text)


def walk(page, errors: list[str], origin: str) -> tuple[int, dict[str, list[str]]]:
    """Breadth first from the home page; returns the pages seen and the problems of each."""
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    problems: dict[str, list[str]] = {}
    queue = deque(["/"])
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen or shapes[shape(path)] >= PAGES_PER_SHAPE:
            continue
        seen.add(path)
        shapes[shape(path)] += 1
        errors.clear()
        response = page.goto(origin + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        page.keyboard.press("Tab")
        found = page.evaluate(INSPECT)
        if here := problems_of(found, errors):
            problems[path] = here
        queue.extend(target for href in found["links"] if (target := to_follow(href, origin)))
    return len(seen), problems


def test_every_page_a_role_reaches_fits_a_small_phone_in_spanish_and_names_its_fields(
    browser, live_server, live_demo
):
    problems: dict[str, list[str]] = {}
    pages = {}
    for role in ROLES:
        who = role or "signed out"
        context = browser.new_context(viewport=SMALL_PHONE)
        context.add_init_script(WATCH_VIOLATIONS)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
        if role is not None:
            # Signed in by its session cookie: the sign-in page itself is walked signed out.
            client = Client()
            client.force_login(User.objects.get(username=role))
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
        context.add_cookies(cookies)
        page, errors = phone_page(context, live_server)
        # What the Content-Security-Policy refused and what failed to load are console errors.
        page.on("console", partial(log_error, errors))
        pages[who], found = walk(page, errors, live_server.url)
        problems.update({f"{who} {path}": what for path, what in found.items()})
        context.close()
    assert min(pages.values()) >= 8, f"pages walked by each role: {pages}"
    report = "\n".join(f"{where}: {'; '.join(what)}" for where, what in sorted(problems.items()))
    assert not problems, f"{len(problems)} pages a new user reaches fail the walk:\n{report}"

"""Security headers: a strict Content-Security-Policy, HSTS over HTTPS, Permissions-Policy, and pages
with no inline script or style for that policy to have to allow."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from upstream.concerns.tests.helpers import released

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
EXTERNAL_ASSET = re.compile(r"<(?:script|link)[^>]+(?:src|href)=\"(?:https?:)?//", re.I)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_it_sends_a_strict_content_security_policy(client, db):
    response = client.get("/")
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    # The page's own script tags carry the nonce the header announces.
    nonce = next(s for s in policy["script-src"] if s.startswith("'nonce-"))[7:-1]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_it_uses_a_new_nonce_for_every_response(client, db):
    first = directives(client.get("/"))["script-src"]
    second = directives(client.get("/"))["script-src"]
    assert first != second


def test_it_sends_permissions_policy(client, db):
    policy = client.get("/")["Permissions-Policy"]
    assert "camera=()" in policy
    assert "microphone=()" in policy
    assert "geolocation=()" in policy
    assert "publickey-credentials-get=(self)" in policy


def test_it_sends_hsts_only_over_https(client, db):
    assert "Strict-Transport-Security" not in client.get("/")
    secure = client.get("/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def test_it_sends_hsts_behind_a_tls_proxy_that_says_so(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response


def test_api_docs_are_served_by_upstream_itself(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not EXTERNAL_ASSET.search(html), "Swagger UI must not come from a CDN"
    assert not INLINE_SCRIPT.search(html)
    for src in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(src), f"{src} is not among Upstream's static files"
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
    assert directives(response)["default-src"] == ["'self'"]


@pytest.fixture
def pages(org, client):
    """The main flows' pages, as a signed-in leader and as an anonymous visitor."""
    concern = released(unit=org.ward_a)
    anonymous = ["/", "/privacy/", "/receipt/", "/accounts/login/", "/admin/login/", "/api/docs"]
    leader = [
        "/speak/",
        "/inbox/",
        f"/inbox/{concern.concern.pk}/",
        "/actions/",
        f"/actions/new?concern={concern.concern.pk}",
        "/listening/",
        "/listening/guide/",
        "/listening/new/",
    ]
    rendered = {}
    for path in anonymous:
        rendered[path] = client.get(path, follow=True)
    client.force_login(org.leader)
    for path in leader:
        rendered[path] = client.get(path, follow=True)
    return rendered


def test_no_main_page_has_inline_script_handlers_or_styles(pages):
    for path, response in pages.items():
        assert response.status_code == 200, path
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), f"inline <script> on {path}"
        assert not EVENT_HANDLER.search(html), f"inline event handler on {path}"
        assert not STYLE_ATTRIBUTE.search(html), f"style attribute on {path}"
        assert "<style" not in html, f"<style> element on {path}"
        assert not EXTERNAL_ASSET.search(html), f"asset from another site on {path}"
        assert "Content-Security-Policy" in response, path


def parameterless_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every page address in the URL configuration that needs no id (admin and API aside)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or route.startswith(("admin/", "api/", "^")):
            continue
        if isinstance(entry, URLResolver):
            found += parameterless_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            found.append("/" + prefix + route)
    return found


def test_no_page_anywhere_has_inline_script_or_style(org, client):
    """A guard for pages added later, by any app: the office sees the most of them."""
    office = org.chair
    office.is_superuser = office.is_staff = True
    office.save(update_fields=["is_superuser", "is_staff"])
    client.force_login(office)
    client.raise_request_exception = False  # a page that fails is its own tests' business, not this one's
    checked = 0
    for path in parameterless_paths():
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), f"inline <script> on {path}"
        assert not EVENT_HANDLER.search(html), f"inline event handler on {path}"
        assert not STYLE_ATTRIBUTE.search(html), f"style attribute on {path}"
        assert "<style" not in html, f"<style> element on {path}"
        checked += 1
    assert checked >= 10

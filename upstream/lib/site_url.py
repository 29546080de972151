"""Absolute links for emails, always on the configured site address (UPSTREAM_BASE_URL).

A link built from the incoming request carries whatever host and scheme the request showed: the
internal address behind a proxy, or plain http where TLS ends at the load balancer. Emails outlive
the request, so they use the address the operator configured."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings


def site_url(path_or_url: str) -> str:
    """``/accounts/...`` or ``http://any-host/accounts/...`` -> ``UPSTREAM_BASE_URL/accounts/...``."""
    parts = urlsplit(path_or_url)
    path = parts.path if parts.path.startswith("/") else f"/{parts.path}"
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{settings.UPSTREAM_BASE_URL.rstrip('/')}{path}{query}{fragment}"


def site_address() -> SimpleNamespace:
    """What allauth's emails call the current site: the organisation's name and configured domain."""
    domain = urlsplit(settings.UPSTREAM_BASE_URL).netloc
    return SimpleNamespace(name=settings.UPSTREAM_ORG_NAME, domain=domain)

"""Errors get pages in the product's layout, with its navigation, and no technical detail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path


def boom(request):
    raise RuntimeError("database password is hunter2")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("bad")


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("suspicious/", suspicious),
    path("", include("upstream.config.urls")),
]

pytestmark = pytest.mark.urls("upstream.ops.tests.test_error_pages")


def assert_in_layout(response, status: int, heading: str) -> None:
    html = response.content.decode()
    assert response.status_code == status
    assert heading in html
    assert 'class="top"' in html and 'aria-label="Main"' in html  # the product's header and navigation
    assert "upstream.css" in html
    assert "Traceback" not in html


def test_it_handles_a_missing_page(client, db):
    assert_in_layout(client.get("/no/such/page/"), 404, "We could not find that page")


def test_it_handles_a_forbidden_page(client, db):
    assert_in_layout(client.get("/forbidden/"), 403, "This page is not open to you")


def test_it_handles_a_bad_request(client, db):
    assert_in_layout(client.get("/suspicious/"), 400, "We could not understand that request")


def test_it_handles_a_server_error_without_leaking_it(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert_in_layout(response, 500, "Something went wrong on our side")
    assert "hunter2" not in response.content.decode()
    # The 500 page is drawn without the context processors: no organisation name, and no empty
    # " · " for it in the footer ("Upstream · · How your anonymity is protected").
    assert "Upstream · <a href" in response.content.decode()


def test_it_handles_an_expired_form(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/receipt/", {"code": "x"})
    assert_in_layout(response, 403, "Please try again")

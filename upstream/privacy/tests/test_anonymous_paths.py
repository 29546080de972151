"""Which requests the request log treats as anonymous (no line at all): every path that writes, or
leads to, an anonymous record, and none of the leaders' ordinary pages."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import resolve

from upstream.lib.request_log import is_anonymous_path

ANONYMOUS = [
    ("GET", "/speak/"),
    ("POST", "/speak/"),
    ("GET", "/speak/write/"),
    ("POST", "/speak/write/"),
    ("POST", "/receipt/"),
    ("POST", "/receipt/reply"),
    ("POST", "/surveys/1/"),
    ("POST", "/community/shared/cosign"),
    ("POST", "/community/stories/"),
    # Reads too: an anonymous story's POST redirects here, so this GET would date it to the second.
    ("GET", "/community/stories/"),
    ("GET", "/community/shared/mine"),
    ("POST", "/community/shared/mine"),
    ("POST", "/api/v1/concerns"),
    ("POST", "/api/v1/receipts/lookup"),
    ("POST", "/api/v1/receipts/reply"),
    ("POST", "/api/v1/speakup/concerns"),
    ("POST", "/api/v1/community/shared/offer"),
    ("POST", "/api/v1/surveys/answer/1"),
]
ORDINARY = [
    ("GET", "/inbox/"),
    ("GET", "/api/v1/inbox"),
    ("GET", "/actions/"),
    ("GET", "/community/"),
    ("GET", "/community/stories/moderate"),
]


def _request(method: str, path: str):
    request = RequestFactory().generic(method, path)
    request.resolver_match = resolve(path)
    return request


@pytest.mark.parametrize(("method", "path"), ANONYMOUS)
def test_anonymous_paths_are_recognised(method, path):
    assert is_anonymous_path(_request(method, path))


@pytest.mark.parametrize(("method", "path"), ORDINARY)
def test_ordinary_pages_are_still_logged(method, path):
    assert not is_anonymous_path(_request(method, path))

"""A request with a Host header Upstream does not serve leaves no log line with its path, host or
client address, on the anonymous paths as anywhere else.

Django logs `django.security.DisallowedHost` at ERROR with a traceback and the request, before the
URL is resolved, so the request log could not tell that it was for /speak/.
"""

from __future__ import annotations

import logging

import pytest

from upstream.config.log_filters import REFUSED_HOST
from upstream.lib.request_log import AnonymousSafeFormatter

BAD_HOST = "10.9.8.7"


def lines(caplog) -> list[str]:
    formatter = AnonymousSafeFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    return [formatter.format(record) for record in caplog.records]


@pytest.mark.parametrize(("method", "path"), [("get", "/speak/"), ("post", "/api/v1/concerns")])
def test_it_handles_a_bad_host_without_logging_the_path_or_an_address(client, db, caplog, method, path):
    caplog.set_level(logging.DEBUG)
    response = getattr(client, method)(path, HTTP_HOST=BAD_HOST, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 400
    refused = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert [r.getMessage() for r in refused] == [REFUSED_HOST]
    assert refused[0].levelno == logging.WARNING and refused[0].exc_info is None
    assert not hasattr(refused[0], "request")
    for line in lines(caplog):
        assert path.strip("/") not in line and BAD_HOST not in line and "192.0.2.44" not in line
        assert "Traceback" not in line
    # Dated to the day only, like every line about a request that may be anonymous.
    [line] = [line for line in lines(caplog) if REFUSED_HOST in line]
    assert line.split(" ")[1] == "WARNING"

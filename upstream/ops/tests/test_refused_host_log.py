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


def test_a_log_line_carries_its_utc_offset_and_an_anonymous_one_only_its_day():
    """Python's lines were in UPSTREAM_TIME_ZONE without an offset, gunicorn's with one, a proxy's in
    UTC: easy to match five hours apart (install probe)."""
    import logging
    import re

    from upstream.lib.request_log import AnonymousSafeFormatter

    formatter = AnonymousSafeFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    line = formatter.format(
        logging.LogRecord("upstream.requests", logging.INFO, "", 0, "GET /inbox/ 200 4ms", None, None)
    )
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [+-]\d{4} INFO upstream.requests GET /inbox/ 200 4ms", line
    )
    quiet = logging.LogRecord("upstream.speak", logging.INFO, "", 0, "sent", None, None)
    quiet.anonymous = True
    assert re.fullmatch(r"\d{4}-\d\d-\d\d INFO upstream.speak sent", formatter.format(quiet))

"""gunicorn settings for Upstream: `--config python:upstream.ops.gunicorn_hooks`.

A worker dies with its master. When the master is killed with SIGKILL, gunicorn's own check (the
worker notices its parent changed) lets the orphans drain for up to the graceful timeout, holding
the listening socket all the while, so the master started in its place cannot bind the port and
gives up; the site is down for half a minute or more. A master killed outright is a crash: its
workers go with it, at once, as they would with the whole machine, and the new master binds.

gunicorn's error log names the client's address when it refuses a malformed request itself
("Invalid request from ip=..."), and the raw path when a request fails outside the app; Upstream
promises logs without addresses (docs/operations.md, Logs), so `AddressFreeLogger` rewrites both lines.

Two more of gunicorn's lines would name what an anonymous writer did, to the second and beside the
worker's other requests: its access log (raw path, client address, user agent), which an operator can
turn on with `--access-logfile` in GUNICORN_CMD_ARGS, and its default `pre_request` hook, which logs
"POST /speak/" for every request at `--log-level debug`. Both are silenced here; Upstream's own
request log (`upstream.requests`) names routes, never paths or addresses.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

from upstream.lib.process import die_with_parent

_INVALID_REQUEST = re.compile(r"^Invalid request from ip=\S*: (?P<error>.*)$", re.DOTALL)
# Any dotted IPv4 address, or a run of hex groups with colons (IPv6), left in an error's text.
_ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,}\b")


def without_address(error: str) -> str:
    """gunicorn's reason for refusing a request, without what the client sent: the text from the
    first quote on quotes the request line, a header or a proxy line, which can hold a path or
    an address (`Invalid HTTP request line: 'GET /speak/...'`)."""
    reason = re.split(r"['\"]", error, maxsplit=1)[0].rstrip(" :")
    return _ADDRESS.sub("(address)", reason)


class AddressFreeLogger(Logger):
    """gunicorn's logger, minus the client address and the raw path it puts in two error lines."""

    def warning(self, msg, *args, **kwargs):
        found = _INVALID_REQUEST.match(msg) if isinstance(msg, str) and not args else None
        if found:
            msg = "Invalid request refused by gunicorn (client address not logged): %s"
            args = (without_address(found["error"]),)
        super().warning(msg, *args, **kwargs)

    def exception(self, msg, *args, **kwargs):
        if isinstance(msg, str) and msg.startswith("Error handling request"):
            msg, args = "Error handling request (path not logged)", ()
        super().exception(msg, *args, **kwargs)

    def access(self, resp, req, environ, request_time):
        """Nothing: an access line is a path, an address and a second (see the module's note)."""
        return None


logger_class = AddressFreeLogger


def pre_request(worker, req) -> None:
    """Nothing logged: gunicorn's own hook logs each request's method and raw path at debug level."""
    return None


def post_fork(server, worker) -> None:
    die_with_parent(server.pid)

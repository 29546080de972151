"""gunicorn settings for Upstream: `--config python:upstream.ops.gunicorn_hooks`.

A worker dies with its master. When the master is killed with SIGKILL, gunicorn's own check (the
worker notices its parent changed) lets the orphans drain for up to the graceful timeout, holding
the listening socket all the while, so the master started in its place cannot bind the port and
gives up; the site is down for half a minute or more. A master killed outright is a crash: its
workers go with it, at once, as they would with the whole machine, and the new master binds.
"""

from __future__ import annotations

from upstream.lib.process import die_with_parent


def post_fork(server, worker) -> None:
    die_with_parent(server.pid)

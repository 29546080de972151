"""Whether the request being answered is a HEAD, whose answer leaves without its body.

`upstream.ops.middleware.EmptyHeadResponses` answers HEAD by running the GET's view, so a view
cannot tell the two apart by `request.method`. What a view records because a person was shown
something (a leader's read of a concern, for the audit log) did not happen on HEAD: nothing was
shown. Outside a request (tasks, commands, tests calling services) it is never a HEAD.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_answering_head: ContextVar[bool] = ContextVar("upstream_answering_head", default=False)


@contextmanager
def answering_head() -> Iterator[None]:
    token = _answering_head.set(True)
    try:
        yield
    finally:
        _answering_head.reset(token)


def body_withheld() -> bool:
    """True while a HEAD request is answered: whatever the view shows, nobody sees it."""
    return _answering_head.get()

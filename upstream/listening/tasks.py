"""Background work for listening sessions. Each task is idempotent: running it twice changes nothing more."""

from __future__ import annotations

from django_tasks import task

from upstream.listening import services
from upstream.ops import priorities


@task(priority=priorities.HEAVY)
def code_session_task(session_id: int) -> bool:
    """Code a long session's participant turns by theme (`services.code_session`)."""
    return services.code_session(session_id)

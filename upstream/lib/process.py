"""Processes that die with their parent, so a parent killed with SIGKILL leaves no orphans behind.

An orphaned gunicorn worker (its master killed) keeps the listening socket open while it drains,
so the master started in its place cannot bind the port; an orphaned master, worker or scheduler
(`upstream serve` killed) keeps the port for good and runs beside the new ones. Linux's
PR_SET_PDEATHSIG has the kernel send a signal when the parent dies; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int, sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to send `sig` to this process when its parent dies; call it in the child.

    If the parent is already gone (it died between the fork and this call), exit at once.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)

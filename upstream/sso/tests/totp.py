"""The authenticator app's code, as the tests type it."""

from __future__ import annotations

import time

import pyotp

PERIOD = 30  # seconds a code lasts (allauth's MFA_TOTP_PERIOD)
MARGIN = 3  # seconds a test may take between reading the code and the server checking it


def fresh_code(secret: str) -> str:
    """The current code, never one about to expire: the server allows no drift (allauth's
    MFA_TOTP_TOLERANCE is 0), so a code read in the last moment of its 30 seconds failed the test
    about one run in thirty. Under a frozen clock (time-machine) nothing expires."""
    left = PERIOD - time.time() % PERIOD
    if left < MARGIN:
        time.sleep(left + 0.1)
    return pyotp.TOTP(secret).now()

"""Demo data for speak-up codes: the concern signing key, so the pages and the key list show it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from upstream.speakup import services


def load(now: dt.datetime) -> dict[str, int]:
    services.signing_key_for(services.CONCERN, today=timezone.localdate(now))
    return {"speak-up signing keys": 1}

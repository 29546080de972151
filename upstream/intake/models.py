"""What the intake stores between a submission and its release.

An entry holds nothing in clear but its kind, the fixed release time of its batch and, where the
writer must find it again before release, a keyed hash (a receipt digest). The payload is sealed
(AES-GCM) and padded to one fixed size, so neither the text nor its length shows in a dump.
"""

from __future__ import annotations

import uuid

from django.db import models


class IntakeEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    # A batch boundary (the top of an hour, or the daily release), never the moment of writing.
    release_at = models.DateTimeField(db_index=True)
    # Lets a receipt holder see what they sent before it is released; an HMAC, not the code.
    lookup = models.CharField(max_length=64, blank=True, db_index=True)
    sealed = models.BinaryField()

    class Meta:
        verbose_name_plural = "intake entries"

    def __str__(self) -> str:
        return f"Sealed {self.kind} for {self.release_at:%Y-%m-%d %H:%M}"


class UsedFormKey(models.Model):
    """A form's one-time key, once used, so a refreshed page cannot send the same words twice.

    Only an HMAC of a random key that lived in one HTML page; it names no person and no record.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    expires_on = models.DateField(db_index=True)

    def __str__(self) -> str:
        return f"Used form key (until {self.expires_on})"

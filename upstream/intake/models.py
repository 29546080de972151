"""What the intake stores between a submission and its release.

An entry holds nothing in clear but its kind, the fixed release time of its batch and, where the
writer must find it again before release, a keyed hash (a receipt digest). The payload is sealed
(AES-GCM) and padded to one fixed size, so neither the text nor its length shows in a dump.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class IntakeEntry(models.Model):
    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(
        _("kind"), max_length=40, help_text=_("What it becomes at release, such as a concern.")
    )
    # A batch boundary (the top of an hour, or the daily release), never the moment of writing.
    release_at = models.DateTimeField(
        _("release time"), db_index=True, help_text=_("The batch it waits for, never the moment of writing.")
    )
    # Lets a receipt holder see what they sent before it is released; an HMAC, not the code.
    lookup = models.CharField(
        _("receipt digest"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("A keyed hash that lets the receipt holder see it before release; never the code."),
    )
    sealed = models.BinaryField(_("sealed content"), help_text=_("Encrypted and padded to one fixed size."))

    class Meta:
        verbose_name = _("intake entry")
        verbose_name_plural = _("intake entries")

    def __str__(self) -> str:
        return f"Sealed {self.kind} for {self.release_at:%Y-%m-%d %H:%M}"


class UsedFormKey(models.Model):
    """A form's one-time key, once used, so a refreshed page cannot send the same words twice.

    Only an HMAC of a random key that lived in one HTML page; it names no person and no record.
    For an API call's Idempotency-Key it may also keep the first answer, sealed under the key
    itself, which is not kept (upstream.intake.kept_answers).
    """

    digest = models.CharField(
        _("digest"), max_length=64, primary_key=True, help_text=_("A keyed hash of the key, never the key.")
    )
    expires_on = models.DateField(_("expires on"), db_index=True)
    answer = models.BinaryField(
        _("kept answer"),
        null=True,
        editable=False,
        help_text=_(
            "The first answer, for a retry with the same key: encrypted under that key, which is not "
            "stored, and padded to one fixed size."
        ),
    )

    class Meta:
        verbose_name = _("used form key")
        verbose_name_plural = _("used form keys")

    def __str__(self) -> str:
        return f"Used form key (until {self.expires_on})"

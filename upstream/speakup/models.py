"""Speak-up tokens: signing keys, how many tokens each person obtained per period, spent tokens.

Nothing here links an issuance to a spend. `Allowance` is about the person (who obtained how many
tokens in which period, dated by the period's first day); `SpentToken` is about the token (a hash of
its prepared message and the key that signed it, with no time and no person). The blinded messages
and blind signatures exchanged at issuance are never stored.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class SigningKey(models.Model):
    """An RSA key that signs tokens for one purpose ("concern", "wave:<id>", "cosign:<period>")."""

    # SHA-256 of the public key's SubjectPublicKeyInfo (DER), in hex, as Privacy Pass names keys.
    key_id = models.CharField(primary_key=True, max_length=64)
    purpose = models.CharField(max_length=80, db_index=True)
    public_key = models.TextField(help_text="SubjectPublicKeyInfo, PEM.")
    # Fernet-sealed PKCS#8 DER; emptied once the key's tokens are no longer accepted.
    sealed_private_key = models.BinaryField(null=True, editable=False)
    created_on = models.DateField()
    retired_on = models.DateField(null=True, blank=True, help_text="Stopped signing on this day.")
    accept_until = models.DateField(
        null=True, blank=True, help_text="Its tokens are refused after this day (retirement + grace)."
    )

    class Meta:
        constraints = [
            # One signing key per purpose at a time: a second one would split people into smaller groups.
            models.UniqueConstraint(
                fields=["purpose"], condition=Q(retired_on__isnull=True), name="speakup_one_issuing_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} key {self.key_id[:16]}"


class Allowance(models.Model):
    """How many tokens of one purpose a person obtained in one period (about the person only)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=80)
    # The period's first day ("2026-11-16"), or "once" for purposes with one token per person.
    period = models.CharField(max_length=10)
    issued = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "purpose", "period"], name="speakup_one_allowance")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} allowance for {self.period}"


class SpentToken(models.Model):
    """A token that was used. No time, no person, no link to the concern it carried."""

    digest = models.CharField(primary_key=True, max_length=64, help_text="SHA-256 of the prepared message.")
    key = models.ForeignKey(SigningKey, on_delete=models.CASCADE, related_name="spent")

    def __str__(self) -> str:
        return f"spent token {self.digest[:16]}"

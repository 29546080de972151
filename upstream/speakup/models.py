"""Speak-up tokens: signing keys, how many tokens each person obtained per period, spent tokens.

Nothing here links an issuance to a spend. `Allowance` is about the person (who obtained how many
tokens in which period, dated by the period's first day); `SpentToken` is about the token (a hash of
its prepared message and the key that signed it, with no time and no person). The blind signatures
exchanged at issuance are never stored; of each blinded message only a hash is kept with the
allowance (`SignedBlind`), so a browser whose answer was lost can ask again for the very same one.
A blinded message is the token multiplied by a random number only the browser knew, so its hash
says nothing about the token spent later (docs/anonymity.md, "Speak-up tokens").
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    """An RSA key that signs tokens for one purpose ("concern", "wave:<id>", "cosign:<period>")."""

    # SHA-256 of the public key's SubjectPublicKeyInfo (DER), in hex, as Privacy Pass names keys.
    key_id = models.CharField(
        _("key id"), primary_key=True, max_length=64, help_text=_("SHA-256 of the public key, in hex.")
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=80,
        db_index=True,
        help_text=_("What its tokens are for: concerns, one survey wave or co-signing in one period."),
    )
    public_key = models.TextField(_("public key"), help_text=_("SubjectPublicKeyInfo, PEM."))
    # Fernet-sealed PKCS#8 DER; emptied once the key's tokens are no longer accepted.
    sealed_private_key = models.BinaryField(_("sealed private key"), null=True, editable=False)
    created_on = models.DateField(_("created on"))
    retired_on = models.DateField(
        _("retired on"), null=True, blank=True, help_text=_("Stopped signing on this day.")
    )
    accept_until = models.DateField(
        _("accepted until"),
        null=True,
        blank=True,
        help_text=_("Its tokens are refused after this day (retirement + grace)."),
    )

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        constraints = [
            # One signing key per purpose at a time: a second one would split people into smaller groups.
            models.UniqueConstraint(
                fields=["purpose"], condition=Q(retired_on__isnull=True), name="speakup_one_issuing_key"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(purpose)s key %(key_id)s") % {"purpose": self.purpose, "key_id": self.key_id[:16]}

    @property
    def purpose_label(self) -> str:
        from upstream.speakup.purposes import purpose_label

        return purpose_label(self.purpose)


class Allowance(models.Model):
    """How many tokens of one purpose a person obtained in one period (about the person only)."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=80)
    # The period's first day ("2026-11-16"), or "once" for purposes with one token per person.
    period = models.CharField(
        _("period"),
        max_length=10,
        help_text=_('First day of the period, or "once" for one token per person.'),
    )
    issued = models.PositiveIntegerField(_("tokens issued"), default=0)

    class Meta:
        verbose_name = _("token allowance")
        verbose_name_plural = _("token allowances")
        constraints = [
            models.UniqueConstraint(fields=["user", "purpose", "period"], name="speakup_one_allowance")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} allowance for {self.period}"


class SignedBlind(models.Model):
    """A blinded message signed under an allowance, by hash, so the same one can be signed again.

    A browser that loses the answer to its request (the page was left, the network dropped) still
    has its blinded message; signing the same message again gives the same blind signature, hence
    the same token, so the person gets back what they were given and nothing more. Without this,
    one-token purposes (a co-sign, a survey wave's code) were lost for good.
    """

    # A random id, as the allowance's: a counter would number issuances in the order they happened.
    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    allowance = models.ForeignKey(
        Allowance, on_delete=models.CASCADE, related_name="signed", verbose_name=_("allowance")
    )
    digest = models.CharField(
        _("digest"), max_length=64, help_text=_("SHA-256 of the signing key's id and the blinded message.")
    )

    class Meta:
        verbose_name = _("signed blinded message")
        verbose_name_plural = _("signed blinded messages")
        constraints = [models.UniqueConstraint(fields=["allowance", "digest"], name="speakup_signed_once")]

    def __str__(self) -> str:
        return f"signed blinded message {self.digest[:16]}"


class SpentToken(models.Model):
    """A token that was used. No time, no person, no link to the concern it carried."""

    digest = models.CharField(
        _("digest"), primary_key=True, max_length=64, help_text=_("SHA-256 of the prepared message.")
    )
    key = models.ForeignKey(
        SigningKey, on_delete=models.CASCADE, related_name="spent", verbose_name=_("signing key")
    )

    class Meta:
        verbose_name = _("spent token")
        verbose_name_plural = _("spent tokens")

    def __str__(self) -> str:
        return f"spent token {self.digest[:16]}"

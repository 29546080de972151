"""API tokens for integrations, stored as SHA-256 digests (a token has 256 random bits)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read: list and open what the owner may see")
    WRITE = "write", _("Write: everything the owner may do on a page, except tokens")
    ADMIN_TOKENS = "admin-tokens", _("Tokens: list, create and revoke the owner's tokens")


# The short name a person reads in the list of their tokens; the API keeps the values ("read").
SCOPE_NAMES = {Scope.READ: _("Read"), Scope.WRITE: _("Write"), Scope.ADMIN_TOKENS: _("Tokens")}


def default_scopes() -> list[str]:
    return [Scope.READ, Scope.WRITE]


class ApiToken(models.Model):
    # No "last used" column, and using a token writes nothing at all: a token used to submit a
    # concern must leave no trace of when (DESIGN.md anonymity rule 2).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("owner"),
        help_text=_("The token can do only what this person may do."),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    digest = models.CharField(
        _("fingerprint"),
        max_length=64,
        unique=True,
        help_text=_("A one-way fingerprint of the token; the token itself is never stored."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    scopes = models.JSONField(
        _("permissions"),
        default=default_scopes,
        help_text=_("What the token may do: any of read, write and admin-tokens."),
    )
    expires_at = models.DateTimeField(
        _("expires at"), null=True, blank=True, help_text=_("Empty: never expires.")
    )
    revoked_at = models.DateTimeField(
        _("revoked at"),
        null=True,
        blank=True,
        help_text=_("Set when the token was revoked; it no longer works."),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return gettext("%(name)s for %(user)s") % {"name": self.name or gettext("token"), "user": self.user}

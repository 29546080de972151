"""API tokens for integrations, stored as SHA-256 digests (a token has 256 random bits)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read: list and open what the owner may see")
    WRITE = "write", _("Write: everything the owner may do on a page, except tokens")
    ADMIN_TOKENS = "admin-tokens", _("Tokens: list, create and revoke the owner's tokens")


def default_scopes() -> list[str]:
    return [Scope.READ, Scope.WRITE]


class ApiToken(models.Model):
    # No "last used" column, and using a token writes nothing at all: a token used to submit a
    # concern must leave no trace of when (DESIGN.md anonymity rule 2).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    scopes = models.JSONField(default=default_scopes)
    expires_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty: never expires."))
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name or 'token'} for {self.user}"

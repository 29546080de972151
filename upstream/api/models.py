"""API tokens for integrations, stored as SHA-256 digests (a token has 256 random bits)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    # No "last used" column: a token used to submit a concern must leave no trace of when.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.name or 'token'} for {self.user}"

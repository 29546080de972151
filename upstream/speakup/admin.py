"""Operators see keys (public half and dates) and counts, never private keys or who spent what."""

from __future__ import annotations

from django.contrib import admin

from upstream.speakup.models import SigningKey


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["purpose", "key_id", "created_on", "retired_on", "accept_until"]
    list_filter = ["purpose"]
    fields = ["purpose", "key_id", "public_key", "created_on", "retired_on", "accept_until"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # made by first use and by `upstream rotate-speakup-key`

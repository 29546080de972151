"""Each organisation may edit the taxonomy: rename, describe, retire (deactivate) or add themes."""

from django.contrib import admin

from upstream.themes.models import Correction, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "factor", "active")
    list_filter = ("active",)
    search_fields = ("name", "key", "description")


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("concern", "previous", "primary", "leader", "at")
    readonly_fields = ("concern", "leader", "primary", "secondary", "previous", "at")

"""Operators can see and delete sessions; turn text is shown read-only (it is already redacted)."""

from django.contrib import admin

from upstream.listening.models import ListeningSession, Turn


class TurnInline(admin.TabularInline):
    model = Turn
    fields = ("position", "speaker_role", "speaker_label", "text", "theme", "score", "crisis")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # turns come only from a reviewed upload
        return False


@admin.register(ListeningSession)
class ListeningSessionAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "held_on", "scope", "guide_used", "created_by")
    list_filter = ("kind", "guide_used")
    search_fields = ("title",)
    readonly_fields = ("created_by", "created_at")
    inlines = [TurnInline]

    def has_add_permission(self, request):  # sessions are created through the review of names
        return False

"""Operators see the shape of concerns, never their text: reading text is a leader's audited act."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from upstream.concerns.models import BatchRelease, Concern, ReadRecord


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ("reference", "unit", "status", "urgent", "received_on", "ack_due_on")
    list_filter = ("status", "urgent")
    fields = (
        "unit",
        "role_group",
        "status",
        "urgent",
        "received_on",
        "visible_from",
        "ack_due_on",
        "retain_until",
    )
    readonly_fields = fields

    def has_add_permission(self, request):  # concerns come only from reporters
        return False

    @admin.display(description=_("reference"))
    def reference(self, concern: Concern) -> str:
        return concern.reference


@admin.register(ReadRecord)
class ReadRecordAdmin(admin.ModelAdmin):
    """Evidence of who read what (DESIGN.md rule 7): listed, never added, changed or deleted here.
    The well-being office reads it filtered at /audit/reads/."""

    list_display = ("leader", "concern", "via", "at")
    list_filter = ("via", "at")
    readonly_fields = ("leader", "concern", "via", "at")
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(BatchRelease)

from django.contrib import admin

from upstream.actions.models import Action, ActionUpdate


class UpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("title", "scope", "state", "progress", "published_at")
    list_filter = ("state",)
    inlines = [UpdateInline]
    raw_id_fields = ("concerns",)

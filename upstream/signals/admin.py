from django.contrib import admin

from upstream.signals.models import Signal


@admin.register(Signal)
class SignalAdmin(admin.ModelAdmin):
    list_display = ("message", "scope", "theme", "raised_on", "state")
    list_filter = ("state", "theme")

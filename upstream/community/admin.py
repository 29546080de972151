"""Operators' admin for the curated parts. Anonymous co-signs and peer-support contacts are not shown."""

from __future__ import annotations

from django.contrib import admin

from upstream.community.models import Campaign, Gathering, PeerSupporter, Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "category",
        "country",
        "phone",
        "sms_number",
        "show_in_distress",
        "active",
        "order",
    )
    list_filter = ("category", "country", "show_in_distress", "active")
    search_fields = ("name", "description", "keywords")


@admin.register(PeerSupporter)
class PeerSupporterAdmin(admin.ModelAdmin):
    list_display = ("user", "active", "available", "trained_on")
    raw_id_fields = ("user",)


@admin.register(Gathering)
class GatheringAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "scope", "starts_at", "capacity", "cancelled")
    list_filter = ("kind", "cancelled")
    raw_id_fields = ("organiser", "scope")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "scope", "status", "created_at")
    list_filter = ("kind", "status")
    raw_id_fields = ("started_by", "scope")

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from upstream.org.models import LeaderAssignment, Membership, Unit, User


@admin.register(User)
class UpstreamUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (_("Upstream"), {"fields": ("display_name",)}))
    list_display = ("username", "email", "display_name", "is_staff", "is_active")


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ("name", "code", "level")
    search_fields = ("name", "code")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role_group")
    list_filter = ("role_group",)
    search_fields = ("user__username", "unit__name")
    autocomplete_fields = ("user", "unit")


@admin.register(LeaderAssignment)
class LeaderAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "title")
    search_fields = ("user__username", "unit__name")
    autocomplete_fields = ("user", "unit")

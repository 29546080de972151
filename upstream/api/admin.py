from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from upstream.api.models import ApiToken, Scope


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "permissions", "created_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    readonly_fields = ("digest", "created_at")

    @admin.display(description=_("permissions"))
    def permissions(self, token: ApiToken) -> str:
        # The stored values are codes ("read"); the operator reads their labels, in their language.
        labels = dict(Scope.choices)
        return "; ".join(str(labels.get(scope, scope)) for scope in token.scopes)

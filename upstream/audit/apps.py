from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The read trail as evidence: the well-being office sees who read which concern, and when."""

    name = "upstream.audit"
    label = "audit"
    verbose_name = _("Audit")

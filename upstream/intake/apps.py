from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "upstream.intake"
    label = "intake"
    verbose_name = _("Anonymous intake")

    def ready(self) -> None:
        from django.db.models import Q
        from django.utils import timezone

        from upstream.intake import registry, signals
        from upstream.intake.models import UsedFormKey

        signals.connect()
        registry.rewrite_at_release(UsedFormKey, drop=lambda now: Q(expires_on__lt=timezone.localdate(now)))

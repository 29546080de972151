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
        from upstream.intake.models import IntakeEpoch, UsedFormKey
        from upstream.intake.vacuum import vacuum_at_release

        signals.connect()
        registry.rewrite_at_release(UsedFormKey, drop=lambda now: Q(expires_on__lt=timezone.localdate(now)))
        # An urgent reply's expedite adds an epoch row in its own transaction; the release deletes
        # the older rows, and its vacuum removes them from the table's file.
        vacuum_at_release(IntakeEpoch)

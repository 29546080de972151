from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "upstream.concerns"
    label = "concerns"
    verbose_name = _("Concerns")

    def ready(self) -> None:
        # Registers the release handlers for concerns and reporter replies with the intake.
        from upstream.concerns import release  # noqa: F401

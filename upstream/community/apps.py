from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "upstream.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # Registers the release handlers for co-signs and anonymous stories with the intake pipeline.
        from upstream.community import handlers  # noqa: F401

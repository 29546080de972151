from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "upstream.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # Registers the release handlers (offers, co-signs, anonymous stories) with the intake
        # pipeline, and the co-sign token rule with the speak-up tokens.
        from upstream.community import handlers, tokens  # noqa: F401

        tokens.register_rules()

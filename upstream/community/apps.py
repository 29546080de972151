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
        from upstream.community.models import ResourceUse
        from upstream.community.services.resources import recent_use_days
        from upstream.intake.registry import refresh_at_release
        from upstream.intake.vacuum import vacuum_at_release

        tokens.register_rules()
        # A crisis-line tap is counted in the writer's own moment (upstream/intake/vacuum.py).
        vacuum_at_release(ResourceUse)
        # Its counter keeps the tap's transaction id until written again: the release writes the
        # last two days' counters again (a tap is counted on its own day).
        refresh_at_release(ResourceUse, recent=recent_use_days)

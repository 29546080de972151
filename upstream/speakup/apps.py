from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpeakupConfig(AppConfig):
    name = "upstream.speakup"
    label = "speakup"
    verbose_name = _("Speak-up tokens")

    def ready(self) -> None:
        from upstream.intake.registry import rewrite_at_release
        from upstream.intake.vacuum import vacuum_at_release
        from upstream.speakup.models import SpentToken

        # Spent in the writer's own transaction: rewritten at each release so its transaction id
        # and row order no longer sit next to the moment of writing.
        rewrite_at_release(SpentToken)
        vacuum_at_release(SpentToken)

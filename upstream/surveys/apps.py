from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "upstream.surveys"
    label = "surveys"
    verbose_name = _("Pulse surveys")

    def ready(self) -> None:
        # Registers the intake release handler for "surveys.answer", and the speak-up code purpose.
        from upstream.intake.vacuum import vacuum_at_release
        from upstream.surveys import codes, release  # noqa: F401
        from upstream.surveys.models import Invitation

        codes.register_purpose()
        # Marked answered in the writer's own transaction (upstream/intake/vacuum.py).
        vacuum_at_release(Invitation)

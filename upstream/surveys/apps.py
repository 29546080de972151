from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "upstream.surveys"
    label = "surveys"
    verbose_name = _("Pulse surveys")

    def ready(self) -> None:
        # Registers the intake release handler for "surveys.answer", and the speak-up code purpose.
        from upstream.surveys import codes, release  # noqa: F401

        codes.register_purpose()

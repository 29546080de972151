from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "upstream.surveys"
    label = "surveys"
    verbose_name = "Pulse surveys"

    def ready(self) -> None:
        # Registers the intake release handler for "surveys.answer".
        from upstream.surveys import release  # noqa: F401

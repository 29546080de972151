from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "upstream.intake"
    label = "intake"
    verbose_name = "Anonymous intake"

    def ready(self) -> None:
        from upstream.intake import signals

        signals.connect()

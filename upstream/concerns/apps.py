from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "upstream.concerns"
    label = "concerns"

    def ready(self) -> None:
        # Registers the release handlers for concerns and reporter replies with the intake.
        from upstream.concerns import release  # noqa: F401

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the product: the server, the worker and the scheduler that releases batches."""

    name = "upstream.ops"
    label = "ops"

    def ready(self) -> None:
        from upstream.lib import choice_labels
        from upstream.ops import checks  # noqa: F401 - registers the deployment checks

        choice_labels.install()

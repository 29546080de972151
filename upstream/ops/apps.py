from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the product: the server, the worker and the scheduler that releases batches."""

    name = "upstream.ops"
    label = "ops"

from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "upstream.concerns"
    label = "concerns"

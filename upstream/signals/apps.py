from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "upstream.signals"
    label = "signals"
    verbose_name = "early-warning signals"

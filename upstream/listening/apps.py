from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "upstream.listening"
    label = "listening"
    verbose_name = "Listening sessions"

from django.apps import AppConfig


class SpeakupConfig(AppConfig):
    name = "upstream.speakup"
    label = "speakup"
    verbose_name = "Speak-up tokens"

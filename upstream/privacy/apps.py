from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "upstream.privacy"
    label = "privacy"

from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "upstream.org"
    label = "org"

from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "upstream.themes"
    label = "themes"

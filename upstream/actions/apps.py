from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "upstream.actions"
    label = "actions"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "upstream.insights"
    label = "insights"
    verbose_name = _("insights")

    def ready(self) -> None:
        from upstream.insights.changes import connect

        connect()

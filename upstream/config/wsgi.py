"""WSGI entry point for gunicorn and other servers."""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
application = get_wsgi_application()


def _load_the_crisis_screen() -> None:
    """Load the crisis screen's model now, so the first writer of each worker does not wait the
    second it takes (the screen runs inside the anonymous submit)."""
    from upstream.themes.textmodel.crisis import screen

    try:
        screen("warm up")
    except Exception:  # noqa: BLE001 - a worker must start even if the model cannot load
        logging.getLogger(__name__).exception("crisis screen could not be loaded at start")


_load_the_crisis_screen()

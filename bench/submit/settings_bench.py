"""Settings for the submit benchmark: the product's own, plus the bare yardstick view's URL."""

from upstream.config.settings import *  # noqa: F403

ROOT_URLCONF = "bare_urls"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405 - a log line per request would measure the terminal

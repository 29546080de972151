"""Deployment checks (`upstream check --deploy`) for settings Django's own checks do not know."""

from __future__ import annotations

import os

from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def base_url_is_configured(app_configs, **kwargs):
    if os.environ.get("UPSTREAM_BASE_URL"):
        return []
    return [
        Warning(
            "UPSTREAM_BASE_URL is not set, so links in emails point to http://127.0.0.1:8000.",
            hint="Set it to the address people use, e.g. https://upstream.example-hospital.org.",
            id="upstream.W001",
        )
    ]

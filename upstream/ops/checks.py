"""System checks (`upstream check`) for settings Django's own checks do not know.

Errors stop `upstream check`, `upstream serve`, the worker and the scheduler at start; `--deploy`
adds the warnings about what a trial may leave at its default but production must not.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from upstream.concerns.timing import holiday_settings_problem

# Email backends that deliver nothing: leaders' digests and urgent escalations would never arrive.
UNDELIVERED_EMAIL_BACKENDS = {
    "upstream.ops.mail.SummaryOnlyBackend": "logs one line per email and sends nothing",
    "django.core.mail.backends.console.EmailBackend": "prints every email to standard output",
    "django.core.mail.backends.locmem.EmailBackend": "keeps every email in memory",
    "django.core.mail.backends.dummy.EmailBackend": "throws every email away",
    "django.core.mail.backends.filebased.EmailBackend": "writes every email to a file",
}


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


@register(deploy=True)
def email_is_delivered(app_configs, **kwargs):
    does = UNDELIVERED_EMAIL_BACKENDS.get(settings.EMAIL_BACKEND)
    if does is None:
        return []
    return [
        Warning(
            f"UPSTREAM_EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which {does}: leaders' digests, "
            "reminders and urgent escalations are never delivered.",
            hint=(
                "Set UPSTREAM_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and "
                "UPSTREAM_EMAIL_HOST (docs/operations.md, Email)."
            ),
            id="upstream.W002",
        )
    ]


@register()
def holidays_are_known(app_configs, **kwargs):
    """Not deploy-only: an unknown calendar fails every release, in a trial too."""
    problem = holiday_settings_problem(
        settings.UPSTREAM_HOLIDAYS_COUNTRY, settings.UPSTREAM_HOLIDAYS_SUBDIVISION
    )
    if problem is None:
        return []
    if not problem.breaks_releases:
        return [Warning(problem.message, hint=problem.hint, id="upstream.W003")]
    check_id = "upstream.E001" if problem.variable == "UPSTREAM_HOLIDAYS_COUNTRY" else "upstream.E002"
    return [Error(problem.message, hint=problem.hint, id=check_id)]

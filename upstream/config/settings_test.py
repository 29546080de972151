"""Settings for the test suite: the real settings, with fast hashing and in-process tasks and mail."""

from upstream.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
UPSTREAM_REQUIRE_MFA = False  # tests sign leaders in directly; upstream/sso/tests turn it on

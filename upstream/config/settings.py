"""Django settings for Upstream, read from the environment (see docs/operations.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from upstream.config import data_dir, env
from upstream.config.env import (
    ConfigError,
    ensure_private_dir,
    env_bool,
    env_class_path,
    env_float,
    env_int,
    env_list,
    env_str,
    env_time_zone,
    env_url,
    previous_secret,
    read_secret,
    without_password,
)
from upstream.sso.config import providers_from_file

BASE_DIR = Path(__file__).resolve().parent.parent
# Never the working directory (upstream/config/data_dir.py); logged at start-up (upstream/ops/apps.py).
_data_dir = data_dir.resolve()
DATA_DIR = _data_dir.path
DATA_DIR_ORIGIN = _data_dir.origin
# It holds the keys and the SQLite database: only its owner may enter it (an existing one is left as is).
ensure_private_dir(DATA_DIR)

DEBUG = env_bool("UPSTREAM_DEBUG", False)
_secret_key = read_secret("UPSTREAM_SECRET_KEY", DATA_DIR)
# Kept apart from SECRET_KEY so rotating session signing never makes receipts unreadable.
_receipt_key = read_secret("UPSTREAM_RECEIPT_KEY", DATA_DIR)
# Seals anonymous submissions while they wait in the intake for their release (upstream/intake).
_intake_key = read_secret("UPSTREAM_INTAKE_KEY", DATA_DIR)
SECRET_KEY, RECEIPT_KEY, INTAKE_KEY = _secret_key.value, _receipt_key.value, _intake_key.value
# While the intake key is changed: entries sealed under the old one still open (and are sealed again
# under the new one when released or held back). Removed once `upstream release-now` says so.
INTAKE_KEY_PREVIOUS = previous_secret("UPSTREAM_INTAKE_KEY_PREVIOUS")
# Where each key came from (never its value), logged once at start-up (upstream/ops/apps.py): a
# mistyped data directory shows as three newly generated keys, before any receipt fails.
UPSTREAM_KEY_ORIGINS = {
    name: (secret.origin, secret.generated)
    for name, secret in [
        ("UPSTREAM_SECRET_KEY", _secret_key),
        ("UPSTREAM_RECEIPT_KEY", _receipt_key),
        ("UPSTREAM_INTAKE_KEY", _intake_key),
    ]
}
ALLOWED_HOSTS = env_list("UPSTREAM_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("UPSTREAM_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's passkey list loads it ("added 3 days ago")
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "django_htmx",
    "ninja",  # serves Swagger UI's files from /static/ninja/, not a CDN
    "django_tasks",
    "django_tasks_db",
    "treebeard",
    "upstream.org",
    "upstream.privacy",
    "upstream.intake",
    "upstream.concerns",
    "upstream.actions",
    "upstream.themes",
    "upstream.signals",
    "upstream.insights",
    "upstream.listening",
    "upstream.surveys",
    "upstream.community",
    "upstream.api",
    "upstream.ops",
    "upstream.audit",
    "upstream.speakup",
    "upstream.sso",
]

MIDDLEWARE = [
    # Outermost: a HEAD answer leaves with the GET's headers and no body (upstream/ops/middleware.py).
    "upstream.ops.middleware.EmptyHeadResponses",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "upstream.lib.request_log.RequestLogMiddleware",
    "upstream.lib.request_memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "upstream.api.middleware.RefuseNullInAddress",
    # Before anything reads a body: a chunked one reaches Django as empty (upstream/api/middleware.py).
    "upstream.api.middleware.RequireContentLength",
    "upstream.api.middleware.ApiErrorsAsJson",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "upstream.sso.middleware.RequireMFAMiddleware",
    "upstream.sso.middleware.IdentityProviderUnreachable",
    "django_htmx.middleware.HtmxMiddleware",
    # Innermost, so its page is drawn with the language, the person, the CSRF token and the messages
    # that the middleware above still have to finish.
    "upstream.lib.form_addresses.FormOnlyAddresses",
]

ROOT_URLCONF = "upstream.config.urls"
WSGI_APPLICATION = "upstream.config.wsgi.application"
AUTH_USER_MODEL = "org.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "upstream.org.context_processors.navigation",
                "upstream.audit.context_processors.navigation",
                "upstream.org.demo.logins.demo_sign_in",
                "upstream.lib.form_addresses.page_context",
            ],
        },
    },
]

_database_url = env_url(
    "DATABASE_URL",
    f"sqlite:///{DATA_DIR / 'upstream.sqlite3'}",
    schemes=("postgres", "postgresql", "pgsql", "sqlite"),
    example="postgres://upstream@db.internal:5432/upstream",
)
try:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url,
            conn_max_age=env_int("UPSTREAM_DB_CONN_MAX_AGE", 60, minimum=0),
            # A kept connection the database closed (a restart, a failover, pg_terminate_backend) is
            # checked before a request uses it: without this, the next requests on it answered 500.
            conn_health_checks=True,
        )
    }
except ValueError:
    # A password holding # or /, or a port that is not a number, was a 33-line traceback that
    # never named the variable (an install walk).
    raise ConfigError(
        f"DATABASE_URL could not be read: {without_password(_database_url)!r}. Write the port as a "
        "number, and any of # / ? @ : % or a space in the password URL-encoded (# as %23, / as %2F, "
        "? as %3F, @ as %40, : as %3A, % as %25, a space as %20)."
    ) from None
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    _sqlite_file = Path(str(DATABASES["default"]["NAME"]))
    if _sqlite_file.is_absolute() and _sqlite_file.parent.is_dir():
        # SQLite creates a new file 0644 (and its journal and WAL files with the file's mode): start
        # an empty one readable by its owner only. An empty file is a new database to SQLite.
        try:
            os.close(os.open(_sqlite_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass
    # The web server and the task worker share the file: wait for a lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env_url(
    "UPSTREAM_REDIS_URL", "", schemes=("redis", "rediss", "unix"), example="redis://127.0.0.1:6379/0"
)
CACHES = {
    "default": {
        **(
            {
                # While Redis does not answer, sign-in keeps working and the limits on the anonymous
                # paths answer 503 (upstream/lib/tolerant_cache.py), instead of a 500 on every page.
                "BACKEND": "upstream.lib.tolerant_cache.TolerantRedisCache",
                "LOCATION": _redis_url,
                # An unreachable Redis fails a request (and /healthz) in seconds instead of hanging it.
                "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            }
            if _redis_url
            else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        ),
        # Keys are stored as keyed hashes: allauth's sign-in limits put the client address in theirs.
        "KEY_FUNCTION": "upstream.lib.cache_keys.hashed_key",
    }
}

TASKS = {
    "default": {
        "BACKEND": env_class_path(
            "UPSTREAM_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            example="django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}
# A worker renews the lease of the task it runs every fifth of this; a RUNNING task whose lease ran
# out (its worker was killed) is queued again by the scheduler (upstream/ops/requeue.py).
UPSTREAM_TASK_LEASE_SECONDS = env_int("UPSTREAM_TASK_LEASE_SECONDS", 300, minimum=2, maximum=86400)

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "upstream.org.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "upstream.org.signin_form.SignInForm",
    "change_password": "upstream.org.signin_form.PasswordChangeForm",
    "reset_password": "upstream.org.signin_form.PasswordResetForm",
}
ACCOUNT_LOGOUT_ON_GET = False
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
UPSTREAM_OPEN_SIGNUP = env_bool("UPSTREAM_OPEN_SIGNUP", False)
# The local demo only (`make run` sets it): the sign-in page lists the demo's named logins and their
# shared password, while the demo is loaded and that password still opens them. Never in production.
UPSTREAM_DEMO_SIGN_IN = env_bool("UPSTREAM_DEMO_SIGN_IN", False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# The language comes from the django_language cookie (set by /i18n/setlang/) or the browser's
# Accept-Language; URLs carry no language prefix (docs/languages.md).
LANGUAGES = [("en", "English"), ("es", "Español")]
# The deployment's own language: management commands, e-mails sent by background tasks, and
# browsers that ask for none of LANGUAGES get it.
LANGUAGE_CODE = env_str("UPSTREAM_LANGUAGE_CODE").strip().lower() or "en-us"
if LANGUAGE_CODE.split("-")[0] not in dict(LANGUAGES):
    raise ConfigError(f"UPSTREAM_LANGUAGE_CODE must be en-us or es, got {LANGUAGE_CODE!r}")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_time_zone("UPSTREAM_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
if not env.WRITE_NOTHING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The default delivers nothing and logs one line per email, never its addresses or links
# (upstream/ops/mail.py); Django's console backend prints whole emails, for development only.
EMAIL_BACKEND = env_str("UPSTREAM_EMAIL_BACKEND", "upstream.ops.mail.SummaryOnlyBackend")
EMAIL_HOST = env_str("UPSTREAM_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("UPSTREAM_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("UPSTREAM_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("UPSTREAM_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("UPSTREAM_EMAIL_TLS", False)
# Absolute links in emails (digests) need to know where Upstream is served.
UPSTREAM_BASE_URL = env_url(
    "UPSTREAM_BASE_URL",
    "http://127.0.0.1:8000",
    schemes=("http", "https"),
    example="https://upstream.example.org",
).rstrip("/")
DEFAULT_FROM_EMAIL = env_str("UPSTREAM_FROM_EMAIL", "upstream@localhost")

# Signed-cookie sessions: signing in writes no session row whose time or transaction id could sit
# next to an anonymous write (DESIGN.md rule 1). Signing out clears the cookie.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("UPSTREAM_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (only enable when it always does).
if env_bool("UPSTREAM_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent only on HTTPS responses (Django's SecurityMiddleware): browsers then refuse plain HTTP for a year.
SECURE_HSTS_SECONDS = env_int("UPSTREAM_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("UPSTREAM_HSTS_INCLUDE_SUBDOMAINS", False)

# Content-Security-Policy (django-csp): scripts, styles, images and fonts only from Upstream itself,
# no inline script or style, no eval. Pages that render a script tag carry a per-response nonce too.
# form-action is left open on purpose: single sign-on posts a form that redirects to the identity
# provider, and browsers apply form-action to that redirect. See docs/operations.md#security-headers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): no camera, microphone, location, payment or
# sensors; passkeys (WebAuthn) and the copy buttons' clipboard only for Upstream's own pages.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "clipboard-write": ["self"],
    "display-capture": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    "usb": [],
}

# Sign-in limits (allauth). Failed passwords count per client address (10 a minute) and per address
# *and* account together (5 in 5 minutes; the key is built in upstream/org/adapters.py), never per
# account alone, which would let anyone lock a colleague out. Any sign-in POST: 30 a minute per
# address, answered with 429. The admin signs in through the same page (upstream/config/urls.py).
ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "10/m/ip,5/5m/key"}
# allauth must see the same client address as Upstream's other limits: the right-most entry of
# X-Forwarded-For (the one our own proxy appended), or a single-address header such as X-Real-IP.
_client_ip_header = env_str("UPSTREAM_CLIENT_IP_HEADER")
if _client_ip_header.lower() == "x-forwarded-for":
    ALLAUTH_TRUSTED_PROXY_COUNT = 1
elif _client_ip_header:
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = _client_ip_header

# Single sign-on and multi-factor (allauth; docs/sso.md). Identity providers come from one JSON file.
# Leaders, the well-being office and operators must set up a second factor (upstream/sso/middleware.py).
SOCIALACCOUNT_PROVIDERS = providers_from_file(env_str("UPSTREAM_SSO_FILE"))
SOCIALACCOUNT_ADAPTER = "upstream.sso.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
UPSTREAM_REQUIRE_MFA = env_bool("UPSTREAM_REQUIRE_MFA", True)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("UPSTREAM_ORG_NAME", "Upstream")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_RECOVERY_CODE_COUNT = 10
# The sign-in box says it takes a recovery code too (upstream/sso/forms.py).
MFA_FORMS = {
    "authenticate": "upstream.sso.forms.CodeOrRecoveryForm",
    "add_webauthn": "upstream.sso.forms.AddPasskeyForm",
    "edit_webauthn": "upstream.sso.forms.RenamePasskeyForm",
}

# Logs must never tie an account or a client address to what was submitted (DESIGN.md rule 2):
# the request log writes method, route, status and duration only; see upstream/lib/request_log.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "upstream.lib.request_log.AnonymousSafeFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"refused_host": {"()": "upstream.config.log_filters.RefusedHostLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("UPSTREAM_LOG_LEVEL", "INFO")},
    "loggers": {
        # django.server (runserver) and django.request repeat the raw path; ours replaces them.
        "django.server": {"level": "ERROR"},
        "django.request": {"level": "ERROR"},
        # redis-py logs at DEBUG when a thread opens its first connection, which can be during an
        # anonymous request: a line timed to the millisecond beside it (an anonymity audit found it).
        "redis": {"level": "WARNING"},
        # A Host header not in ALLOWED_HOSTS is refused before the URL is resolved, so the line
        # cannot tell an anonymous path from another: Django's ERROR with a traceback and the
        # request becomes one day-dated WARNING naming nothing the client sent.
        "django.security.DisallowedHost": {"filters": ["refused_host"]},
    },
}

# --- Product settings -------------------------------------------------------------------
# The smallest group any count, chart or warning may describe (DESIGN.md rule 4).
UPSTREAM_MIN_GROUP_SIZE = env_int("UPSTREAM_MIN_GROUP_SIZE", 5, minimum=2)
# Free-text survey comments need a larger group before anyone sees them (docs/surveys.md).
UPSTREAM_MIN_COMMENT_GROUP_SIZE = env_int("UPSTREAM_MIN_COMMENT_GROUP_SIZE", 10, minimum=2)
# Business days a leader has to acknowledge a concern once it reaches the inbox.
UPSTREAM_ACK_BUSINESS_DAYS = env_int("UPSTREAM_ACK_BUSINESS_DAYS", 3, minimum=1)
# Public holidays that do not count as business days: an ISO country code and optional subdivision
# (state, province) as the `holidays` package names them, e.g. "US" and "NY" (docs/operations.md).
# Checked at start (upstream.E001/E002, upstream/ops/checks.py) and by /healthz: an unknown calendar
# would fail every release.
UPSTREAM_HOLIDAYS_COUNTRY = env_str("UPSTREAM_HOLIDAYS_COUNTRY", "US").strip().upper()
UPSTREAM_HOLIDAYS_SUBDIVISION = env_str("UPSTREAM_HOLIDAYS_SUBDIVISION", "").strip()
# Hours a leader has to acknowledge an urgent concern (crisis language) once it reaches the inbox;
# past it, the next leader up is told (docs/crisis.md).
UPSTREAM_URGENT_ACK_HOURS = env_int("UPSTREAM_URGENT_ACK_HOURS", 4, minimum=1, maximum=72)
# Concerns one account may send in a day (a keyed counter in the cache, never in the database).
UPSTREAM_SUBMISSIONS_PER_DAY = env_int("UPSTREAM_SUBMISSIONS_PER_DAY", 10, minimum=1)
# Local hour at which the daily batch of new concerns is released to leaders.
UPSTREAM_DAILY_RELEASE_HOUR = env_int("UPSTREAM_DAILY_RELEASE_HOUR", 7, minimum=0, maximum=23)
# Failed receipt lookups allowed per client address per hour (a valid code always opens).
UPSTREAM_RECEIPT_FAILURES_PER_CLIENT = env_int("UPSTREAM_RECEIPT_FAILURES_PER_CLIENT", 10, minimum=1)
# A proxy header that carries the client address (e.g. X-Forwarded-For), only for rate limiting.
UPSTREAM_CLIENT_IP_HEADER = env_str("UPSTREAM_CLIENT_IP_HEADER")
UPSTREAM_ORG_NAME = env_str("UPSTREAM_ORG_NAME", "Upstream")
# Who helps with a sign-in or password problem, named on the password reset pages ("Ask ...").
UPSTREAM_ACCOUNT_HELP = env_str("UPSTREAM_ACCOUNT_HELP", _("your hospital's IT service desk"))
# The embedded text model: "onnx-minilm" (default, most accurate) or "static-minilm" (bulk speed).
UPSTREAM_TEXT_BACKEND = env_str("UPSTREAM_TEXT_BACKEND", "onnx-minilm")
# ONNX intra-op threads per process. One inside web workers (the request path runs no model now);
# `upstream db_worker`, which themes released batches, defaults to two (upstream/cli.py).
UPSTREAM_ONNX_THREADS = env_int("UPSTREAM_ONNX_THREADS", 1, minimum=1, maximum=64)
# Days a concern and its thread are kept before the retention job deletes them.
UPSTREAM_RETENTION_DAYS = env_int("UPSTREAM_RETENTION_DAYS", 3 * 365, minimum=30)
# Crisis resources shown at once when a concern suggests the writer may be at risk.
# The lines keep their English names (988 answers in Spanish too); what they are is translated.
UPSTREAM_CRISIS_RESOURCES = [
    ("988 Suicide & Crisis Lifeline", _("Call or text 988, any time (US).")),
    (
        "Physician Support Line",
        _("1-888-409-0141, free and confidential, for physicians and medical students."),
    ),
    (
        _("Employee Assistance Program"),
        env_str("UPSTREAM_EAP_CONTACT", _("Your employee assistance program.")),
    ),
    (_("Peer support"), env_str("UPSTREAM_PEER_SUPPORT_CONTACT", _("Your hospital's peer support team."))),
]
# Community settings (docs/community.md), read here so a malformed value stops the start like any
# other, not the first co-sign or peer request (upstream/community/services/common.py reads these).
# Whose crisis lines the resources directory shows by default (an ISO country code).
UPSTREAM_COUNTRY = env_str("UPSTREAM_COUNTRY", "US").strip().upper()
# Co-signs per escalation level of a shared concern, and the distinct units that escalate on their own.
UPSTREAM_COSIGN_THRESHOLD = env_int("UPSTREAM_COSIGN_THRESHOLD", 10, minimum=2)
# People who must hold a shared concern's co-sign token before its co-signs are counted: with one
# holder, a co-sign is theirs (docs/anonymity.md, "Co-signs").
UPSTREAM_COSIGN_MIN_HOLDERS = env_int("UPSTREAM_COSIGN_MIN_HOLDERS", UPSTREAM_MIN_GROUP_SIZE, minimum=2)
UPSTREAM_COSIGN_SPREAD_UNITS = env_int("UPSTREAM_COSIGN_SPREAD_UNITS", 3, minimum=2)
# Hours a peer supporter has to make first contact (urgent: a request in crisis words).
UPSTREAM_PEER_PICKUP_HOURS = env_int("UPSTREAM_PEER_PICKUP_HOURS", 24, minimum=1, maximum=168)
UPSTREAM_PEER_URGENT_PICKUP_HOURS = env_int("UPSTREAM_PEER_URGENT_PICKUP_HOURS", 4, minimum=1, maximum=168)
# Expected false early-warning signals per (unit, theme) series per year (docs/benchmarks/early-warning.md).
UPSTREAM_SIGNAL_FALSE_ALARMS_PER_YEAR = env_float(
    "UPSTREAM_SIGNAL_FALSE_ALARMS_PER_YEAR", 0.02, minimum=0.0001
)

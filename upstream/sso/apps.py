from django.apps import AppConfig


class SsoConfig(AppConfig):
    """Single sign-on (OpenID Connect, SAML 2.0) and multi-factor through django-allauth."""

    name = "upstream.sso"
    label = "sso"
    verbose_name = "Single sign-on and multi-factor"

    def ready(self) -> None:
        from upstream.sso import daytime, enrolment

        daytime.connect()
        enrolment.connect()

"""`upstream sso-check`: what to register at each identity provider, and whether Upstream can reach it."""

from __future__ import annotations

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "List the identity providers read from UPSTREAM_SSO_FILE with the URLs to register at each, "
        "and fetch each OpenID Connect discovery document (docs/sso.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--offline", action="store_true", help="do not contact the providers")

    def handle(self, *args, offline: bool = False, **options) -> None:
        base = settings.UPSTREAM_BASE_URL
        providers = settings.SOCIALACCOUNT_PROVIDERS
        if not providers:
            raise CommandError("No identity providers: set UPSTREAM_SSO_FILE (docs/sso.md).")
        failures = 0
        for app in providers.get("openid_connect", {}).get("APPS", []):
            pid = app["provider_id"]
            self.stdout.write(f"OIDC {pid} ({app['name']})")
            self.stdout.write(f"  redirect URI to register: {base}/accounts/oidc/{pid}/login/callback/")
            issuer = app["settings"]["server_url"].rstrip("/")
            if offline:
                continue
            url = issuer if ".well-known" in issuer else f"{issuer}/.well-known/openid-configuration"
            try:
                document = requests.get(url, timeout=10).json()
                self.stdout.write(f"  issuer {document['issuer']}: reachable")
            except (requests.RequestException, ValueError, KeyError) as error:
                failures += 1
                self.stdout.write(self.style.ERROR(f"  cannot read {url}: {error}"))
        for app in providers.get("saml", {}).get("APPS", []):
            pid = app["provider_id"]
            self.stdout.write(f"SAML {pid} ({app['name']})")
            self.stdout.write(f"  SP metadata (entity ID): {base}/accounts/saml/{pid}/metadata/")
            self.stdout.write(f"  assertion consumer service: {base}/accounts/saml/{pid}/acs/")
        if failures:
            raise CommandError(f"{failures} provider(s) could not be reached.")

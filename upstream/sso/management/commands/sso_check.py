"""`upstream sso-check`: what to register at each identity provider, and whether Upstream can reach it."""

from __future__ import annotations

import os
import stat

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy, ngettext

from upstream.lib.commands import TranslatedHelp


def why(error: Exception) -> str:
    """What went wrong, in a few words an operator can act on: requests' own message ran to three
    lines of connection-pool internals ("HTTPSConnectionPool(host=..., port=443): Max retries ...")."""
    text = str(error)
    if isinstance(error, requests.Timeout):
        return gettext("no answer within 10 seconds (%(kind)s)") % {"kind": type(error).__name__}
    if isinstance(error, requests.exceptions.SSLError):
        return gettext("its TLS certificate was not accepted (SSLError)")
    if isinstance(error, requests.ConnectionError):
        if "NameResolution" in text or "Name or service not known" in text or "nodename nor servname" in text:
            return gettext("its host name does not resolve (DNS)")
        if "Connection refused" in text:
            return gettext("the connection was refused")
        return gettext("it could not be reached (%(kind)s)") % {"kind": type(error).__name__}
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return gettext("it answered HTTP %(status)s") % {"status": error.response.status_code}
    if isinstance(error, KeyError):
        return gettext("the answer names no %(field)s") % {"field": text}
    if isinstance(error, ValueError) and not isinstance(error, requests.RequestException):
        return text if text == gettext("not SAML metadata") else gettext("the answer is not JSON")
    return type(error).__name__


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "List the identity providers read from UPSTREAM_SSO_FILE with the URLs to register at each, "
        "and fetch each OpenID Connect discovery document (docs/sso.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--offline", action="store_true", help=gettext_lazy("do not contact the providers")
        )

    def handle(self, *args, offline: bool = False, **options) -> None:
        base = settings.UPSTREAM_BASE_URL
        providers = settings.SOCIALACCOUNT_PROVIDERS
        if not providers:
            raise CommandError(gettext("No identity providers: set UPSTREAM_SSO_FILE (docs/sso.md)."))
        failures = 0
        self._warn_if_others_can_read(os.environ.get("UPSTREAM_SSO_FILE", ""))
        for app in providers.get("openid_connect", {}).get("APPS", []):
            pid = app["provider_id"]
            self.stdout.write(gettext("OIDC %(id)s (%(name)s)") % {"id": pid, "name": app["name"]})
            callback = f"{base}/accounts/oidc/{pid}/login/callback/"
            self.stdout.write(gettext("  redirect URI to register: %(url)s") % {"url": callback})
            issuer = app["settings"]["server_url"].rstrip("/")
            if offline:
                continue
            url = issuer if ".well-known" in issuer else f"{issuer}/.well-known/openid-configuration"
            try:
                document = requests.get(url, timeout=10).json()
                self.stdout.write(gettext("  issuer %(issuer)s: reachable") % {"issuer": document["issuer"]})
            except (requests.RequestException, ValueError, KeyError) as error:
                failures += 1
                message = gettext("  cannot read %(url)s: %(error)s") % {"url": url, "error": why(error)}
                self.stdout.write(self.style.ERROR(message))
        for app in providers.get("saml", {}).get("APPS", []):
            pid = app["provider_id"]
            self.stdout.write(gettext("SAML %(id)s (%(name)s)") % {"id": pid, "name": app["name"]})
            metadata, acs = f"{base}/accounts/saml/{pid}/metadata/", f"{base}/accounts/saml/{pid}/acs/"
            self.stdout.write(gettext("  SP metadata (entity ID): %(url)s") % {"url": metadata})
            self.stdout.write(gettext("  assertion consumer service: %(url)s") % {"url": acs})
            source = app["settings"]["idp"].get("metadata_url")
            if offline or not source:
                continue
            # The SP metadata page reads the IdP's metadata: unreachable, that page is a server error,
            # and it is the page IT hands to the IdP's administrators.
            try:
                answer = requests.get(source, timeout=10)
                answer.raise_for_status()
                if "EntityDescriptor" not in answer.text:
                    raise ValueError(gettext("not SAML metadata"))
                self.stdout.write(gettext("  IdP metadata %(url)s: reachable") % {"url": source})
            except (requests.RequestException, ValueError) as error:
                failures += 1
                message = gettext("  cannot read %(url)s: %(error)s") % {"url": source, "error": why(error)}
                self.stdout.write(self.style.ERROR(message))
        if failures:
            message = ngettext(
                "%(count)s provider could not be reached.",
                "%(count)s providers could not be reached.",
                failures,
            )
            raise CommandError(message % {"count": failures})

    def _warn_if_others_can_read(self, path: str) -> None:
        """The file holds client secrets: docs/sso.md asks for chmod 600."""
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            message = gettext(
                "Warning: %(path)s can be read by other accounts on this machine (mode %(mode)s); "
                "it holds client secrets: chmod 600 %(path)s"
            ) % {"path": path, "mode": oct(stat.S_IMODE(mode))}
            self.stdout.write(self.style.WARNING(message))

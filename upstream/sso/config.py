"""Identity providers from one JSON file (UPSTREAM_SSO_FILE), turned into allauth's settings.

Imported by the settings module, so it uses nothing from Django. The file format, with an example for
Microsoft Entra ID, Okta and ADFS, is in docs/sso.md. Secrets stay in the file (owner-only), never in
the database.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured as DjangoImproperlyConfigured

from upstream.config.env import ConfigError


class ImproperlyConfigured(ConfigError, DjangoImproperlyConfigured):
    """A problem in the file: `upstream` prints it as one line and stops (a ConfigError), where a
    traceback buried it, for `upstream serve` under a first `KeyError: 'serve'`."""


# An id is a path segment of the sign-in and callback addresses the IdP is given.
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

SAML_ATTRIBUTES = {
    # The claim URIs Entra ID and ADFS send by default, then the short names Okta uses.
    "uid": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
        "http://schemas.microsoft.com/identity/claims/objectidentifier",
        "uid",
    ],
    "email": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "email",
        "mail",
    ],
    "email_verified": ["email_verified"],
    "first_name": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "first_name",
        "givenName",
    ],
    "last_name": ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "last_name", "sn"],
    "username": ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "username", "uid"],
}


COMMON_KEYS = {"id", "name", "email_domains", "create_accounts"}
KEYS = {
    "oidc": COMMON_KEYS
    | {"server_url", "client_id", "secret", "token_auth_method", "scope", "fetch_userinfo"},
    "saml": COMMON_KEYS | {"idp", "sp", "advanced", "attribute_mapping"},
}


def _checked(kind: str, entry: object) -> dict:
    """An entry as written, refused when a key is misspelt or a yes/no is not true or false: a typo
    ("emial_domains") left the domain list empty, so no existing account was matched and every first
    sign-in made a new one without its imported roles; "create_accounts": "false" read as true."""
    if not isinstance(entry, dict):
        raise ImproperlyConfigured(f"UPSTREAM_SSO_FILE: each {kind} entry is an object {{...}}")
    label = f"{kind} entry {entry.get('id', '?')!r}"
    unknown = sorted(set(entry) - KEYS[kind])
    if unknown:
        raise ImproperlyConfigured(
            f"UPSTREAM_SSO_FILE: {label} has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"expected some of {', '.join(sorted(KEYS[kind]))} (docs/sso.md)"
        )
    for key in ("create_accounts", "fetch_userinfo"):
        if key in entry and not isinstance(entry[key], bool):
            raise ImproperlyConfigured(
                f"UPSTREAM_SSO_FILE: {label}: {key!r} must be true or false (no quotes), got {entry[key]!r}"
            )
    domains = entry.get("email_domains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
        raise ImproperlyConfigured(
            f'UPSTREAM_SSO_FILE: {label}: "email_domains" is a list of domains, e.g. ["riverbend.org"]'
        )
    return entry


def _common(entry: dict) -> dict:
    """Settings every provider shares: which e-mail domains it vouches for, whether it creates accounts."""
    domains = [str(d).lower() for d in entry.get("email_domains", [])]
    return {
        # Existing accounts are matched by e-mail only for domains this IdP is the authority for.
        "verified_email": domains,
        "email_authentication": bool(domains),
        "create_accounts": entry.get("create_accounts", True),
    }


def _oidc_app(entry: dict) -> dict:
    for key in ("id", "name", "server_url", "client_id"):
        if not entry.get(key):
            raise ImproperlyConfigured(f"UPSTREAM_SSO_FILE: an oidc entry needs {key!r}")
    settings = {
        "server_url": entry["server_url"],
        "oauth_pkce_enabled": True,
        "fetch_userinfo": entry.get("fetch_userinfo", True),
        **_common(entry),
    }
    if entry.get("token_auth_method"):
        settings["token_auth_method"] = entry["token_auth_method"]
    if entry.get("scope"):
        settings["scope"] = list(entry["scope"])
    return {
        "provider_id": entry["id"],
        "name": entry["name"],
        "client_id": entry["client_id"],
        "secret": entry.get("secret", ""),
        "settings": settings,
    }


def _saml_app(entry: dict) -> dict:
    for key in ("id", "name", "idp"):
        if not entry.get(key):
            raise ImproperlyConfigured(f"UPSTREAM_SSO_FILE: a saml entry needs {key!r}")
    settings = {
        "idp": entry["idp"],
        "attribute_mapping": entry.get("attribute_mapping", SAML_ATTRIBUTES),
        "sp": entry.get("sp", {}),
        "advanced": {
            "want_assertion_signed": True,
            "want_message_signed": False,
            "reject_idp_initiated_sso": True,
            **entry.get("advanced", {}),
        },
        **_common(entry),
    }
    return {
        "provider_id": entry["id"],
        "name": entry["name"],
        "client_id": entry["id"],  # allauth names a SAML app by its organisation slug
        "settings": settings,
    }


def providers_from_file(path: str) -> dict:
    """SOCIALACCOUNT_PROVIDERS for the providers in `path` (nothing when path is empty)."""
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"UPSTREAM_SSO_FILE {path}: {error}") from error
    if not isinstance(data, dict) or set(data) - set(KEYS):
        raise ImproperlyConfigured(
            f'UPSTREAM_SSO_FILE {path}: expected an object with "oidc" and/or "saml" lists (docs/sso.md)'
        )
    providers: dict = {}
    oidc = [_oidc_app(_checked("oidc", e)) for e in data.get("oidc", [])]
    saml = [_saml_app(_checked("saml", e)) for e in data.get("saml", [])]
    _ids_are_distinct_path_segments([app["provider_id"] for app in oidc + saml])
    if oidc:
        providers["openid_connect"] = {"APPS": oidc}
    if saml:
        providers["saml"] = {"APPS": saml}
    return providers


def _ids_are_distinct_path_segments(ids: list[str]) -> None:
    """One id under "oidc" and "saml" made one of the two providers vanish without a word; an id
    with a space or a slash made a callback address no IdP accepts."""
    for provider_id in ids:
        if not isinstance(provider_id, str) or not ID_PATTERN.match(provider_id):
            raise ImproperlyConfigured(
                f"UPSTREAM_SSO_FILE: the id {provider_id!r} must be letters, digits, - or _ (it is part of "
                "the sign-in and callback addresses)"
            )
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ImproperlyConfigured(
            f"UPSTREAM_SSO_FILE: the id {repeated[0]!r} is used twice; each provider needs its own id"
        )

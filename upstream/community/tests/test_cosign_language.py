"""A co-sign is sent without cookies, so the language chosen in Upstream (the django_language
cookie) does not travel with it: the page gives its script the page's language to send as
Accept-Language, and a refusal comes back in the reader's language, not the browser's."""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from upstream.community.services import cosigns
from upstream.community.tests.cosign_helpers import obtain_all
from upstream.concerns.services import submit_concern
from upstream.org.models import User

release_due = pytest.importorskip("upstream.intake.services").release_due

SPENT_EN = "You have already co-signed this concern."
SPENT_ES = "Usted ya respaldó esta inquietud."


def shared_concern(org):
    code = submit_concern(text="Nights on 4 West run one nurse short; nobody gets a break.", unit=org.ward_a)
    release_due(everything=True)
    cosigns.offer_for_cosigning(code.receipt)
    release_due(everything=True)
    shared = cosigns.offers_for_leader(org.leader).get()
    cosigns.approve_shared(org.leader, shared, cosigns.suggest_redaction(shared.concern.text))
    return shared


def spent_code(org) -> tuple[str, str]:
    """A co-sign already counted, and its token: sending it again is refused."""
    shared = shared_concern(org)
    code = obtain_all(User.objects.get(username="nurse0"))[shared.purpose]
    cosigns.submit_cosign(str(shared.pk), code, org.ward_a.pk)
    release_due(everything=True)
    return str(shared.pk), code


@pytest.mark.parametrize(
    ("accept_language", "refusal"),
    [("es", SPENT_ES), ("en", SPENT_EN), ("xx", SPENT_EN), ("", SPENT_EN)],
    ids=["spanish", "english", "unknown-code-ignored", "none"],
)
def test_it_handles_a_cookieless_co_sign_refusal_in_the_language_the_request_names(
    org, settings, caplog, accept_language, refusal
):
    settings.LANGUAGE_CODE = "en-us"
    shared_id, code = spent_code(org)
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    answer = Client().post(
        reverse("community:cosign"),
        {"shared": shared_id, "code": code, "branch": org.ward_a.pk},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 409  # already co-signed: the API's conflict
    assert answer.json()["detail"] == refusal
    assert not answer.cookies  # the answer still sets no cookie
    # Still an anonymous path: no request-log line with its second, whatever the language.
    assert [r.getMessage() for r in caplog.records if r.name == "upstream.requests"] == []


def test_it_gives_the_script_the_language_the_reader_chose_not_the_browser_s(org, client):
    shared_concern(org)
    client.force_login(User.objects.get(username="nurse0"))
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}

    page = client.get(reverse("community:shared"), **english_browser).content.decode()
    assert re.search(r'data-cosign-root[^>]* data-lang="en[^"]*"', page)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(reverse("community:shared"), **english_browser).content.decode()
    assert re.search(r'data-cosign-root[^>]* data-lang="es"', page)

    # A colleague with no choice, whose browser is in Spanish, reads Spanish and sends it.
    colleague = Client()
    colleague.force_login(User.objects.get(username="nurse1"))
    page = colleague.get(reverse("community:shared"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert re.search(r'data-cosign-root[^>]* data-lang="es"', page)

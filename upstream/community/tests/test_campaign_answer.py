"""A leader answers a campaign's formal ask once, with a decision they chose.

Found by a tester, as a unit leader on a campaign's page: the answer's "Decision" was preset to
"Accepted", so an answer typed without touching it told every member "Answer: Accepted" though the
text said the matter was still being worked on. The box now starts on "Choose…" and must be chosen
(the API has no default either). Once answered, the page shows the answer instead of the form; a
second answer from a stale tab, or from the API, is refused with the day of the first and changes
nothing; and acknowledging from a stale tab says why nothing happened instead of reloading silently.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from upstream.api.tests.test_api import post
from upstream.community.models import FormalAsk
from upstream.community.services import campaigns
from upstream.community.services.common import Conflict
from upstream.community.tests.factories import charting_campaign
from upstream.community.tests.page_boxes import box, error_at

ASK = "Protected charting time of 30 minutes per shift and a scribe pilot on 4 West."
STILL_WORKING = "We are still working on this with informatics; no promise yet."
CHOOSE = "Choose the decision members will read with your answer."
MONDAY = timezone.make_aware(dt.datetime(2026, 11, 30, 10, 0))
ANSWERED_AGAIN = (
    "This ask was already answered on 30 Nov 2026. Nothing was changed; your answer was not sent."
)


@pytest.fixture
def ask(org) -> FormalAsk:
    campaign = charting_campaign(org.reporter, org.ward_a)
    return campaigns.send_ask(org.reporter, campaign, ASK, now=MONDAY - dt.timedelta(days=3))


def _url(ask: FormalAsk, action: str = "") -> str:
    return f"/community/campaigns/{ask.campaign_id}/{action}"


def _flash(page: str) -> str:
    """The page's message region (errors and confirmations), where every flash message is said."""
    return " ".join(re.findall(r'<div class="flash" role="(?:alert|status)">(.*?)</div>', page, re.S))


def _answered(org, ask: FormalAsk) -> FormalAsk:
    return campaigns.answer_ask(org.leader, ask, answer=STILL_WORKING, decision="working", now=MONDAY)


def test_the_decision_starts_empty_and_an_answer_without_one_is_refused_with_its_text_kept(org, ask, client):
    client.force_login(org.leader)
    page = client.get(_url(ask)).content.decode()
    select = re.search(r'<select name="decision".*?</select>', page, re.S).group(0)
    assert re.search(r'<option value="" selected>Choose…</option>\s*<option value="accepted">', select)
    assert "required" in box(page, "decision", "select")
    for decision in ({}, {"decision": ""}):
        refused = client.post(_url(ask, "answer"), {"answer": STILL_WORKING, **decision})
        assert refused.status_code == 400
        html = refused.content.decode()
        assert error_at(html, "decision").strip() == f"<li>{CHOOSE}</li>"
        assert f">\n{STILL_WORKING}</textarea>" in html  # what was typed, kept
        assert '<option value="" selected>Choose…</option>' in html
    ask.refresh_from_db()
    assert ask.status == FormalAsk.Status.SENT and not ask.answer and not ask.decision
    # Chosen, it is sent as chosen.
    done = client.post(_url(ask, "answer"), {"answer": STILL_WORKING, "decision": "working"}, follow=True)
    assert "Answered. Every member sees it." in _flash(done.content.decode())
    assert FormalAsk.objects.get().decision == "working"


def test_the_api_takes_no_answer_without_a_decision(org, ask, client):
    client.force_login(org.leader)
    body = client.get("/api/openapi.json").json()["components"]["schemas"]["AskAnswerIn"]
    assert "decision" in body["required"] and "default" not in body["properties"]["decision"]
    refused = post(client, f"/api/v1/community/campaigns/asks/{ask.pk}/answer", {"answer": STILL_WORKING})
    assert refused.status_code == 400
    assert [(e["loc"], e["type"]) for e in refused.json()["errors"]] == [
        (["body", "payload", "decision"], "missing")
    ]
    assert FormalAsk.objects.get().status == FormalAsk.Status.SENT


def test_an_answered_ask_shows_its_answer_and_who_gave_it_instead_of_the_form(org, ask, client):
    _answered(org, ask)
    for reader in (org.leader, org.chair, org.reporter):
        client.force_login(reader)
        page = client.get(_url(ask)).content.decode()
        assert "Answer: Being worked on" in page and STILL_WORKING in page
        assert "Dana Okafor · 30 Nov 2026" in page
        assert "Send the answer" not in page and 'name="decision"' not in page
        assert "Acknowledge</button>" not in page


def test_a_second_answer_from_a_stale_tab_is_refused_and_changes_nothing(org, ask, client):
    _answered(org, ask)
    client.force_login(org.chair)  # a leader above, on a page opened before the answer
    for sent in (
        {"answer": "Accepted in full from January.", "decision": "accepted"},
        {"answer": "Accepted in full from January."},  # no decision either: said the same way
    ):
        again = client.post(_url(ask, "answer"), sent)
        assert again.status_code == 409  # the page itself, not a redirect that dropped the words
        page = again.content.decode()
        assert ANSWERED_AGAIN in page
        assert "Answer: Being worked on" in page and "Send the answer" not in page
        # What the stale tab's leader typed comes back, marked unsent, to copy into an update.
        assert "What you wrote, not sent" in page and "Accepted in full from January." in page
    kept = FormalAsk.objects.get()
    assert (kept.answer, kept.decision, kept.answered_by, kept.answered_at) == (
        STILL_WORKING,
        "working",
        org.leader,
        MONDAY,
    )


def test_the_api_answers_a_second_answer_with_409(org, ask, client):
    client.force_login(org.leader)
    url = f"/api/v1/community/campaigns/asks/{ask.pk}/answer"
    assert post(client, url, {"answer": STILL_WORKING, "decision": "working"}).status_code == 200
    first = FormalAsk.objects.get()
    again = post(client, url, {"answer": "Accepted in full from January.", "decision": "accepted"})
    assert again.status_code == 409
    day = timezone.localtime(first.answered_at).strftime("%-d %b %Y")
    assert again.json() == {
        "detail": f"This ask was already answered on {day}. Nothing was changed; your answer was not sent."
    }
    assert FormalAsk.objects.get().decision == "working"
    responses = client.get("/api/openapi.json").json()["paths"][
        "/api/v1/community/campaigns/asks/{ask_id}/answer"
    ]["post"]["responses"]
    assert "409" in responses


def test_the_service_answers_once(org, ask):
    _answered(org, ask)
    with pytest.raises(Conflict, match="already answered on 30 Nov 2026"):
        campaigns.answer_ask(org.chair, ask, answer="Accepted in full from January.", decision="accepted")
    assert FormalAsk.objects.get().answered_by == org.leader


def test_acknowledging_says_so_and_a_stale_acknowledgment_says_why_nothing_happened(org, ask, client):
    client.force_login(org.leader)
    first = client.post(_url(ask, "acknowledge"), follow=True).content.decode()
    assert "Acknowledged. Every member sees it." in _flash(first)
    acknowledged_at = FormalAsk.objects.get().acknowledged_at
    day = timezone.localtime(acknowledged_at).strftime("%-d %b %Y")
    again = client.post(_url(ask, "acknowledge"), follow=True).content.decode()
    assert f"This ask was already acknowledged on {day}." in _flash(again)
    assert FormalAsk.objects.get().acknowledged_at == acknowledged_at


def test_acknowledging_an_answered_ask_from_a_stale_tab_says_it_was_answered(org, ask, client):
    _answered(org, ask)
    client.force_login(org.leader)
    stale = client.post(_url(ask, "acknowledge"), follow=True)
    assert stale.redirect_chain == [(_url(ask), 302)]
    assert "This ask was already answered on 30 Nov 2026." in _flash(stale.content.decode())
    kept = FormalAsk.objects.get()
    assert kept.status == FormalAsk.Status.ANSWERED and kept.acknowledged_at == MONDAY
    # The API stays safe to retry: the ask as it is, unchanged.
    retried = client.post(f"/api/v1/community/campaigns/asks/{ask.pk}/acknowledge")
    assert retried.status_code == 200 and retried.json()["status"] == "answered"

"""Real words through every place a person writes: no 500, plain refusals that keep the text, crisis
resources and urgency where the screen flags, the quiet help line everywhere, nothing in the logs.

Random fuzzing never sends meaningful text, so the crisis paths went untested (a reply in crisis
words once answered 500). These tests send real published statements (upstream/themes/data/crisis/
real.jsonl: 20 at risk and 20 hard negatives, evenly spaced through the file, not hand-picked),
real clinician statements, Spanish, and the awkward cases (5,000+ characters, only emoji, RTL,
combining marks, Windows line endings, zero-width characters, a lone surrogate in JSON).

Whether a text is flagged is asked of `crisis.screen` itself: these tests check what each surface
does with the screen's decision, not how good the decision is (docs/crisis.md measures that).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from functools import cache
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.concerns import services
from upstream.concerns.models import Concern
from upstream.concerns.tasks import release_batch
from upstream.intake.schedule import top_of_hour
from upstream.speakup.tests.helpers import obtain

DATA = Path(__file__).resolve().parents[2] / "themes" / "data"
SPANISH_FILE = Path(__file__).resolve().parents[3] / "bench" / "data" / "spanish.jsonl"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _spaced(items: list, count: int) -> list:
    """`count` items evenly spaced through `items`, in file order: a fixed rule, not a choice."""
    return [items[index * len(items) // count] for index in range(count)]


_REAL = _jsonl(DATA / "crisis" / "real.jsonl")
AT_RISK = _spaced([row["text"] for row in _REAL if row["crisis"]], 20)
HARD_NEGATIVE = _spaced([row["text"] for row in _REAL if not row["crisis"]], 20)
STATEMENTS = _spaced([row["text"] for row in _jsonl(DATA / "real" / "statements.jsonl")], 10)
_SPANISH = _jsonl(SPANISH_FILE) if SPANISH_FILE.exists() else []
SPANISH = [row["es"] for row in _SPANISH if row["kind"] == "crisis"][:3] + [
    row["es"] for row in _SPANISH if row["kind"] != "crisis"
][:3]
SAMPLE = AT_RISK + HARD_NEGATIVE

# Text that is awkward but valid: every surface must take it (or refuse it in words, never 500).
ODD = {
    "emoji only": "😩😩😩🏥🏥🏥💔💔💔🙏🙏",
    "rtl": "אנחנו עובדים משמרות כפולות בלי הפסקה. نحن نعمل نوبات مزدوجة بدون استراحة.",
    "combining": "Cafe\u0301 de\u0301ja\u0300 vu: the nu\u0308rse station is und\u0332e\u0332r\u0332staffed.",
    "windows line endings": "Line one about nights.\r\nLine two about breaks.\r\n\r\nLine three.",
    "zero width": "We\u200b were\u200c short\u200d again\u2060 tonight\ufeff and nobody noticed.",
    "curly and dashes": "“We’re short” — again… and again – every ‘night’.",
}
TOO_LONG = "Nobody takes a break on nights. " * 160  # 5,120 characters
LONE_SURROGATE_JSON = '"We were short again \\ud83d tonight and nobody noticed."'
NUL = "We were short again\x00 tonight and nobody noticed."

HELP_LINE = 'class="help-line'
CRISIS_BOX = "carry this alone"


@cache
def flagged(text: str) -> bool:
    from upstream.themes.textmodel.crisis import screen

    return bool(screen(text))


def post_json(client: Client, path: str, body: object, **headers: str):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def post_raw(client: Client, path: str, raw: str, **headers: str):
    return client.post(path, raw, content_type="application/json", **headers)


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


def page(response) -> str:
    return response.content.decode()


def escaped(text: str) -> str:
    """How the page shows the writer's text (for checking it was kept)."""
    from django.utils.html import escape

    return escape(text.replace("\r\n", "\n"))


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def assert_not_logged(logs, *secrets: str) -> None:
    """Neither a text (a distinctive slice of it), a receipt nor a token is in any log record."""
    lines = logs.text + "".join(str(record.args) for record in logs.records)
    for secret in secrets:
        piece = secret.strip()[:40]
        assert piece not in lines, f"logged: {piece!r}"


@pytest.fixture
def many_submissions(settings, monkeypatch):
    settings.UPSTREAM_SUBMISSIONS_PER_DAY = 1000
    monkeypatch.setattr("upstream.speakup.config.tokens_per_period", lambda: 50)


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def release_urgent(now: dt.datetime) -> dt.datetime:
    """Run the hourly release task that an urgent submission made now is due at."""
    at = top_of_hour(now + dt.timedelta(hours=1))
    release_batch.enqueue(at.isoformat())
    return at


def urgent_mail_to(user) -> list:
    return [m for m in mail.outbox if user.email in m.to and m.subject.startswith("Urgent")]


# --- the speak-up form and POST /api/v1/concerns ---------------------------------------------


def test_it_handles_real_statements_on_the_speak_up_page_and_api(org, logs, many_submissions):
    web, api, token = signed_in("reporter"), Client(), bearer(org.reporter)
    receipts: dict[str, str] = {}
    problems = []
    for index, text in enumerate(SAMPLE + STATEMENTS + SPANISH + list(ODD.values())):
        if index % 2 == 0:
            sent = web.post("/speak/", {"text": text, "unit": org.ward_a.pk, "confirmed": "on"})
            body = page(sent)
            if sent.status_code != 200:
                problems.append((text[:40], "page", sent.status_code))
                continue
            receipts[text] = re.search(r'id="receipt-code">([^<]+)<', body).group(1)
            if flagged(text) and (CRISIS_BOX not in body or "988" not in body):
                problems.append((text[:40], "page: no crisis resources"))
            if not flagged(text) and HELP_LINE not in body:
                problems.append((text[:40], "page: no help line"))
        else:
            sent = post_json(api, "/api/v1/concerns", {"text": text, "unit_id": org.ward_a.pk}, **token)
            if sent.status_code != 201:
                problems.append((text[:40], "api", sent.status_code, sent.content[:200]))
                continue
            answer = sent.json()
            receipts[text] = answer["receipt"]
            if answer["urgent"] != flagged(text) or bool(answer["crisis_resources"]) != flagged(text):
                problems.append((text[:40], "api: urgent/crisis_resources", answer["urgent"]))
            if len(answer["help_line"]["lines"]) != 2:
                problems.append((text[:40], "api: no help line"))
            if flagged(text) and answer["acknowledgment_due_at"] is None:
                problems.append((text[:40], "api: no deadline"))
    assert problems == []
    assert_not_logged(logs, *receipts, *receipts.values())

    # The flagged ones reach the leader within the hour, urgent, with a deadline in hours.
    mail.outbox.clear()
    at = release_urgent(timezone.now())
    urgent = {c.text: c for c in Concern.objects.filter(urgent=True)}
    for text in receipts:
        if flagged(text):
            concern = urgent.get(services.clean_text(text))
            assert concern is not None, text[:60]
            assert concern.ack_due_at - concern.visible_from == dt.timedelta(hours=4)
    assert urgent_mail_to(org.leader), [m.subject for m in mail.outbox]
    with time_machine.travel(at + dt.timedelta(minutes=1)):
        inbox = page(signed_in("leader_a").get("/inbox/"))
    assert inbox.count('<span class="tag urgent">Urgent</span>') == len(urgent)  # flagged in the inbox
    listed = post_json(Client(), "/api/v1/receipts/lookup", {"receipt": next(iter(receipts.values()))})
    assert listed.status_code == 200
    assert_not_logged(logs, *receipts, *receipts.values())


def test_it_refuses_bad_text_on_the_speak_up_page_in_words_and_keeps_it(org, logs):
    web = signed_in("reporter")
    for text in (TOO_LONG, NUL, "short"):
        sent = web.post("/speak/", {"text": text, "unit": org.ward_a.pk, "confirmed": "on"})
        assert sent.status_code == 400, text[:20]
        body = page(sent)
        assert 'class="errorlist' in body
        if text != NUL:
            assert escaped(text.strip()) in body  # what they typed is still in the box
    assert Concern.objects.count() == 0
    assert_not_logged(logs, TOO_LONG, NUL)


def test_it_counts_a_windows_line_break_as_one_character_like_the_browser(org):
    """The browser's maxlength counts a line break as one character, but sends it as two (CRLF):
    a text the box accepted must not be refused as too long."""
    text = "\r\n".join(["x" * 99] * 50)  # 4,999 characters as typed, 5,048 as sent
    assert len(text.replace("\r\n", "\n")) <= 5000 < len(text)
    sent = signed_in("reporter").post("/speak/", {"text": text, "unit": org.ward_a.pk, "confirmed": "on"})
    assert sent.status_code == 200, page(sent)[-3000:]
    [code] = obtain(org.reporter)
    sent = Client().post(
        "/speak/write/", {"token": code, "text": text, "unit": org.ward_a.pk, "confirmed": "on"}
    )
    assert sent.status_code == 200 and 'class="receipt-code' in page(sent)
    done = services.submit_concern(text=HARD_NEGATIVE[1], unit=org.ward_a)
    sent = Client().post("/receipt/reply", {"receipt": done.receipt, "text": text})
    assert sent.status_code == 200
    assert services.pending_by_receipt(done.receipt).replies[0]["text"] == text.replace("\r\n", "\n")


def test_it_refuses_bad_text_on_the_api_with_a_400_in_words(org, logs):
    api, token = Client(), bearer(org.reporter)
    for raw in (
        json.dumps({"text": TOO_LONG}),
        json.dumps({"text": NUL}),
        '{"text": ' + LONE_SURROGATE_JSON + "}",
        json.dumps({"text": "          "}),
    ):
        sent = post_raw(api, "/api/v1/concerns", raw, **token)
        assert sent.status_code == 400, (raw[:40], sent.content[:300])
        assert sent.json()["detail"]
    assert_not_logged(logs, TOO_LONG, NUL)


# --- speak-up codes: /speak/write/ and POST /api/v1/speakup/concerns --------------------------


def test_it_handles_real_statements_written_with_a_speak_up_code(org, logs, many_submissions):
    codes = obtain(org.reporter, len(SAMPLE) + len(ODD))
    problems = []
    for index, (code, text) in enumerate(zip(codes, SAMPLE + list(ODD.values()), strict=False)):
        if index % 2 == 0:
            sent = Client().post(
                "/speak/write/", {"token": code, "text": text, "unit": org.ward_a.pk, "confirmed": "on"}
            )
            body = page(sent)
            if sent.status_code != 200 or 'class="receipt-code' not in body:
                problems.append((text[:40], "page", sent.status_code))
                continue
            if flagged(text) and CRISIS_BOX not in body:
                problems.append((text[:40], "page: no crisis resources"))
            if not flagged(text) and HELP_LINE not in body:
                problems.append((text[:40], "page: no help line"))
        else:
            sent = post_json(
                Client(),
                "/api/v1/speakup/concerns",
                {"token": code, "text": text, "unit_id": org.ward_a.pk, "confirmed": True},
            )
            if sent.status_code != 201:
                problems.append((text[:40], "api", sent.status_code, sent.content[:200]))
                continue
            answer = sent.json()
            if answer["urgent"] != flagged(text) or bool(answer["crisis_resources"]) != flagged(text):
                problems.append((text[:40], "api: urgent/crisis_resources"))
            if len(answer["help_line"]["lines"]) != 2:
                problems.append((text[:40], "api: no help line"))
    assert problems == []
    assert_not_logged(logs, *SAMPLE, *codes)
    mail.outbox.clear()
    release_urgent(timezone.now())
    assert Concern.objects.filter(urgent=True).count() == sum(
        flagged(t) for t in (SAMPLE + list(ODD.values()))[: len(codes)]
    )
    assert urgent_mail_to(org.leader)


def test_it_refuses_bad_text_with_a_speak_up_code_and_keeps_the_code(org, logs):
    [code] = obtain(org.reporter)
    for text in (TOO_LONG, NUL, "short"):
        sent = Client().post("/speak/write/", {"token": code, "text": text, "confirmed": "on"})
        assert sent.status_code == 400, text[:20]
        body = page(sent)
        assert code in body
        if text != NUL:
            assert escaped(text.strip()) in body
        api = post_json(
            Client(), "/api/v1/speakup/concerns", {"token": code, "text": text, "confirmed": True}
        )
        assert api.status_code == 400 and api.json()["detail"], api.content[:300]
    raw = '{"token": "' + code + '", "text": ' + LONE_SURROGATE_JSON + ', "confirmed": true}'
    assert post_raw(Client(), "/api/v1/speakup/concerns", raw).status_code == 400
    # The code was not spent by any refusal.
    sent = post_json(
        Client(), "/api/v1/speakup/concerns", {"token": code, "text": AT_RISK[0], "confirmed": True}
    )
    assert sent.status_code == 201
    assert_not_logged(logs, TOO_LONG, code)


# --- the receipt: reading and replying, page and API ------------------------------------------


def test_it_handles_real_replies_on_the_receipt_page_and_api(org, logs, many_submissions):
    start = timezone.now() - dt.timedelta(days=3)
    problems = []
    codes = []
    for index, text in enumerate(SAMPLE + list(ODD.values())):
        done = services.submit_concern(text=HARD_NEGATIVE[1], unit=org.ward_a, now=start)
        codes.append(done.receipt)
        if index % 2 == 0:
            sent = Client().post("/receipt/reply", {"receipt": done.receipt, "text": text})
            body = page(sent)
            if sent.status_code != 200:
                problems.append((text[:40], "page", sent.status_code))
                continue
            if flagged(text) and CRISIS_BOX not in body:
                problems.append((text[:40], "page: no crisis resources"))
            if not flagged(text) and HELP_LINE not in body:
                problems.append((text[:40], "page: no help line"))
        else:
            sent = post_json(Client(), "/api/v1/receipts/reply", {"receipt": done.receipt, "text": text})
            if sent.status_code != 201:
                problems.append((text[:40], "api", sent.status_code, sent.content[:200]))
                continue
            answer = sent.json()
            if bool(answer["crisis_resources"]) != flagged(text):
                problems.append((text[:40], "api: crisis_resources"))
            if len(answer["help_line"]["lines"]) != 2:
                problems.append((text[:40], "api: no help line"))
    assert problems == []
    assert_not_logged(logs, *SAMPLE, *codes)
    # A reply in crisis brings its concern (still waiting for tomorrow's batch) forward, urgent.
    release_urgent(timezone.now())
    assert Concern.objects.filter(urgent=True).count() == sum(flagged(t) for t in SAMPLE + list(ODD.values()))


def test_a_reply_in_crisis_on_a_released_concern_makes_it_urgent_and_emails_the_leader(org, logs):
    start = timezone.now() - dt.timedelta(days=3)
    done = services.submit_concern(text=HARD_NEGATIVE[1], unit=org.ward_a, now=start)
    release_batch.enqueue(top_of_hour(done.visible_from).isoformat())
    concern = done.concern
    services.acknowledge(concern, org.leader)
    text = next(t for t in AT_RISK if flagged(t))
    mail.outbox.clear()
    sent = post_json(Client(), "/api/v1/receipts/reply", {"receipt": done.receipt, "text": text})
    assert sent.status_code == 201 and sent.json()["crisis_resources"]
    release_urgent(timezone.now())
    concern.refresh_from_db()
    assert concern.urgent and concern.acknowledged_at is None
    assert concern.ack_due_at - timezone.now() <= dt.timedelta(hours=5)
    assert urgent_mail_to(org.leader), [m.subject for m in mail.outbox]
    assert text[:30] not in "".join(m.body for m in mail.outbox)
    assert_not_logged(logs, text, done.receipt)


def test_it_refuses_bad_replies_in_words_and_keeps_them(org, logs):
    done = services.submit_concern(text=HARD_NEGATIVE[1], unit=org.ward_a)
    for text in (TOO_LONG, NUL, "short"):
        sent = Client().post("/receipt/reply", {"receipt": done.receipt, "text": text})
        assert sent.status_code == 400, text[:20]
        if text != NUL:
            assert escaped(text.strip()) in page(sent)
        api = post_json(Client(), "/api/v1/receipts/reply", {"receipt": done.receipt, "text": text})
        assert api.status_code == 400 and api.json()["detail"], api.content[:300]
    raw = '{"receipt": "' + done.receipt + '", "text": ' + LONE_SURROGATE_JSON + "}"
    assert post_raw(Client(), "/api/v1/receipts/reply", raw).status_code == 400
    assert_not_logged(logs, TOO_LONG, done.receipt)


def test_reading_a_receipt_shows_the_help_line_on_the_page_as_in_the_api(org):
    waiting = services.submit_concern(text=AT_RISK[0], unit=org.ward_a)
    out = services.submit_concern(
        text=HARD_NEGATIVE[0], unit=org.ward_a, now=timezone.now() - dt.timedelta(days=3)
    )
    release_batch.enqueue(top_of_hour(out.visible_from).isoformat())
    for code in (waiting.receipt, out.receipt):
        body = page(Client().post("/receipt/", {"receipt": code}))
        assert body.count(HELP_LINE) == 1
        assert post_json(Client(), "/api/v1/receipts/lookup", {"receipt": code}).json()["help_line"]["lines"]


# --- leaders: writing back, actions, their updates -----------------------------------------

CONTROL = "We were short again\x07 tonight and nobody noticed."


def test_it_handles_real_text_in_leader_replies_and_actions(org, logs):
    done = services.submit_concern(
        text=HARD_NEGATIVE[2], unit=org.ward_a, now=timezone.now() - dt.timedelta(days=3)
    )
    release_batch.enqueue(top_of_hour(done.visible_from).isoformat())
    concern = done.concern
    web, token = signed_in("leader_a"), bearer(org.leader)
    texts = _spaced(SAMPLE, 8) + list(ODD.values())
    for index, text in enumerate(texts):
        if index % 2 == 0:
            sent = web.post(f"/inbox/{concern.pk}/messages", {"text": text})
            assert sent.status_code == 302, (text[:40], sent.status_code)
            made = web.post(
                "/actions/new",
                {
                    "title": text[:200],
                    "description": text,
                    "scope": org.ward_a.pk,
                    "concerns": [str(concern.pk)],
                },
            )
            assert made.status_code in (200, 302), (text[:40], made.status_code)
        else:
            sent = post_json(Client(), f"/api/v1/concerns/{concern.pk}/messages", {"text": text}, **token)
            assert sent.status_code == 201, (text[:40], sent.content[:200])
            made = post_json(
                Client(),
                "/api/v1/actions",
                {"title": text[:200], "description": text, "scope_unit_id": org.ward_a.pk},
                **token,
            )
            assert made.status_code == 201, (text[:40], made.content[:200])
            update = post_json(
                Client(), f"/api/v1/actions/{made.json()['id']}/updates", {"text": text}, **token
            )
            assert update.status_code == 201, (text[:40], update.content[:200])
    for text in (TOO_LONG, NUL):
        sent = web.post(f"/inbox/{concern.pk}/messages", {"text": text})
        assert sent.status_code in (302, 400), (text[:20], sent.status_code)
        api = post_json(Client(), f"/api/v1/concerns/{concern.pk}/messages", {"text": text}, **token)
        assert api.status_code == 400 and api.json()["detail"], api.content[:300]
    assert_not_logged(logs, *texts, done.receipt)


def test_a_leader_message_with_a_control_character_is_refused_at_the_box_not_a_500(org):
    done = services.submit_concern(
        text=HARD_NEGATIVE[2], unit=org.ward_a, now=timezone.now() - dt.timedelta(days=3)
    )
    release_batch.enqueue(top_of_hour(done.visible_from).isoformat())
    # Refused by the form now, so it comes back as a refused reply does: the concern's page (400).
    sent = signed_in("leader_a").post(f"/inbox/{done.concern.pk}/messages", {"text": CONTROL})
    assert sent.status_code == 400
    assert "invisible control character" in page(sent) and escaped(CONTROL) in page(sent)
    assert not done.concern.messages.exists()


def test_it_refuses_a_control_character_everywhere_a_writer_types_in_words(org, logs):
    web = signed_in("reporter")
    sent = web.post("/speak/", {"text": CONTROL, "unit": org.ward_a.pk, "confirmed": "on"})
    assert sent.status_code == 400
    api = post_json(Client(), "/api/v1/concerns", {"text": CONTROL}, **bearer(org.reporter))
    assert api.status_code == 400
    done = services.submit_concern(text=HARD_NEGATIVE[1], unit=org.ward_a)
    assert Client().post("/receipt/reply", {"receipt": done.receipt, "text": CONTROL}).status_code == 400
    [code] = obtain(org.reporter)
    assert Client().post("/speak/write/", {"token": code, "text": CONTROL}).status_code == 400


# --- survey comments, signed in (page and API) ------------------------------------------------

SURVEY_SAMPLE = _spaced(AT_RISK, 6) + _spaced(HARD_NEGATIVE, 6) + list(ODD.values())


def _pulse_form(comment: str) -> dict[str, str]:
    from upstream.surveys.tests.helpers import PULSE

    return {**{f"upstream-pulse__{k}": str(v) for k, v in PULSE.items()}, "comment": comment}


def test_it_handles_real_survey_comments_on_the_page_and_api(org, logs):
    from conftest import make_user
    from upstream.org.models import Membership
    from upstream.surveys.tests.helpers import PULSE, office_of, open_wave

    people = []
    for index in range(len(SURVEY_SAMPLE) + 2):
        person = make_user(f"answerer{index}")
        Membership.objects.create(user=person, unit=org.ward_b, role_group="nurse")
        people.append(person)
    wave = open_wave(org, office_of(org), units=[org.medicine])
    problems = []
    for index, (person, text) in enumerate(zip(people, SURVEY_SAMPLE, strict=False)):
        client = Client()
        client.force_login(person)
        if index % 2 == 0:
            sent = client.post(f"/surveys/{wave.pk}/", _pulse_form(text))
            body = page(sent)
            if sent.status_code != 200:
                problems.append((text[:40], "page", sent.status_code))
                continue
            if flagged(text) and CRISIS_BOX not in body:
                problems.append((text[:40], "page: no crisis resources"))
            if not flagged(text) and HELP_LINE not in body:
                problems.append((text[:40], "page: no help line"))
        else:
            sent = post_json(
                client,
                f"/api/v1/surveys/answer/{wave.pk}",
                {"answers": {"upstream-pulse": PULSE}, "comment": text},
            )
            if sent.status_code != 202:
                problems.append((text[:40], "api", sent.status_code, sent.content[:200]))
                continue
            answer = sent.json()
            if answer["crisis"] != flagged(text) or bool(answer["crisis_resources"]) != flagged(text):
                problems.append((text[:40], "api: crisis"))
            if len(answer["help_line"]["lines"]) != 2:
                problems.append((text[:40], "api: no help line"))
    assert problems == []
    # Too long, NUL and a lone surrogate: refused in words, what was typed kept on the page.
    last = Client()
    last.force_login(people[-1])
    for text in ("x" * 2001, NUL, CONTROL):
        sent = last.post(f"/surveys/{wave.pk}/", _pulse_form(text))
        assert sent.status_code == 400, (text[:20], sent.status_code)
        if text != NUL and text != CONTROL:
            assert escaped(text) in page(sent)
        api = post_json(
            last, f"/api/v1/surveys/answer/{wave.pk}", {"answers": {"upstream-pulse": PULSE}, "comment": text}
        )
        assert api.status_code == 400 and api.json()["detail"], api.content[:300]
    raw = '{"answers": {"upstream-pulse": {"up_division": 4}}, "comment": ' + LONE_SURROGATE_JSON + "}"
    assert post_raw(last, f"/api/v1/surveys/answer/{wave.pk}", raw).status_code == 400
    assert_not_logged(logs, *SURVEY_SAMPLE)


# --- community: peer support, stories, thanks, shared concerns ----------------------------------

COMMUNITY_SAMPLE = _spaced(AT_RISK, 4) + _spaced(HARD_NEGATIVE, 4) + list(ODD.values())


def test_it_handles_real_text_in_peer_requests_stories_and_thanks(org, logs):
    web, token = signed_in("reporter"), bearer(org.reporter)
    colleague = "nurse1"
    from upstream.org.models import User

    colleague_pk = User.objects.get(username=colleague).pk
    for index, text in enumerate(COMMUNITY_SAMPLE + [TOO_LONG, NUL, CONTROL]):
        short = text[:480]
        checks = [
            web.post("/community/peer/", {"contact": "pager 4411", "when": "after nights", "note": short}),
            post_json(
                Client(), "/api/v1/community/peer/requests", {"contact": "pager 4411", "note": short}, **token
            ),
            web.post(
                "/community/stories/",
                {
                    "title": "Nights",
                    "text": text,
                    "unit": org.ward_a.pk,
                    "anonymous": "on" if index % 2 else "",
                },
            ),
            post_json(
                Client(),
                "/api/v1/community/stories",
                {"title": "Nights", "text": text, "unit_id": org.ward_a.pk, "anonymous": bool(index % 2)},
                **token,
            ),
            web.post("/community/thanks/", {"recipient": f"p{colleague_pk}", "text": text[:280]}),
            post_json(
                Client(), "/api/v1/community/thanks", {"person_id": colleague_pk, "text": text[:280]}, **token
            ),
            post_json(signed_in("leader_a"), "/api/v1/community/shared/similar", {"text": text}),
        ]
        statuses = [c.status_code for c in checks]
        assert all(s < 500 for s in statuses), (text[:40], statuses)
        if len(text) >= 20 and text not in (NUL, CONTROL, TOO_LONG):
            assert all(s < 400 for s in statuses), (text[:40], statuses, [c.content[:200] for c in checks])
    assert_not_logged(logs, *COMMUNITY_SAMPLE)


# --- listening-session transcripts (page and API) ----------------------------------------------


def test_it_handles_a_transcript_of_real_statements(org, logs):
    roles = ["Nurse", "Resident 2", "Facilitator", "Attending"]
    texts = _spaced(SAMPLE, 10) + list(ODD.values())
    transcript = "\r\n".join(f"{roles[i % 4]}: {text}" for i, text in enumerate(texts))
    form = {"title": "Nights", "kind": "focus_group", "held_on": "2026-03-10", "scope": str(org.ward_a.pk)}
    web = signed_in("leader_a")
    sent = web.post("/listening/new/", {**form, "text": transcript})
    assert sent.status_code in (200, 400), sent.status_code
    token = bearer(org.leader)
    api = Client().post(
        "/api/v1/listening/reviews",
        {
            "title": "Nights",
            "kind": "focus_group",
            "held_on": "2026-03-10",
            "scope_id": org.ward_a.pk,
            "text": transcript,
        },
        **token,
    )
    assert api.status_code == 200, api.content[:500]
    saved = post_json(Client(), "/api/v1/listening", {"review": api.json()["review"]}, **token)
    assert saved.status_code == 201, saved.content[:500]
    for bad in (NUL,):
        refused = Client().post(
            "/api/v1/listening/reviews",
            {
                "title": "Nights",
                "kind": "focus_group",
                "held_on": "2026-03-10",
                "scope_id": org.ward_a.pk,
                "text": "Nurse: " + bad,
            },
            **token,
        )
        assert refused.status_code == 400, (bad, refused.content[:300])
        page_refused = web.post("/listening/new/", {**form, "text": "Nurse: " + bad})
        assert page_refused.status_code == 400, bad
    assert_not_logged(logs, *texts)


# --- upstream classify and upstream evaluate ---------------------------------------------------


def test_the_commands_take_real_statements_and_odd_text(tmp_path):
    import io

    from django.core.management import call_command

    texts = SAMPLE + STATEMENTS + SPANISH + list(ODD.values()) + [TOO_LONG, "😩"]
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": i, "text": t, "theme": "workload_staffing"}) for i, t in enumerate(texts))
        + "\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("classify", str(src), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == list(range(len(texts)))
    at_risk_caught = sum(rows[i]["crisis"] for i in range(len(AT_RISK)))
    assert at_risk_caught >= sum(flagged(t) for t in AT_RISK) - 2  # batch and screen agree ~99%
    statements = tmp_path / "statements.jsonl"
    statements.write_text(
        "\n".join(src.read_text(encoding="utf-8").splitlines()[-20:]) + "\n", encoding="utf-8"
    )
    evaluated = io.StringIO()
    call_command("evaluate", str(statements), stdout=evaluated)
    assert evaluated.getvalue()
    crlf = tmp_path / "crlf.jsonl"
    crlf.write_bytes(src.read_bytes().replace(b"\n", b"\r\n"))
    call_command("classify", str(crlf), stdout=io.StringIO())

"""Following a concern with a receipt code, without signing in."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from upstream.concerns import services
from upstream.concerns.models import Message, Status
from upstream.concerns.tests.helpers import released
from upstream.intake import formkeys
from upstream.intake.services import release_due


def test_it_shows_status_leader_messages_and_lets_the_reporter_reply(client, org):
    done = released(unit=org.ward_a)
    services.write_to_reporter(done.concern, org.leader, "Thank you. We are adding a float nurse on nights.")
    services.change_status(done.concern, org.leader, Status.IN_PROGRESS)
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt.lower().replace("-", " ")})
    assert page.status_code == 200
    body = page.content.decode()
    # A fact beside the status, not a second status ("In progress" and "Acknowledged" side by side).
    assert "In progress" in body
    assert f"Acknowledged on {timezone.localdate():%-d %b}" in body
    assert "adding a float nurse" in body
    assert "Dana Okafor" not in body or "Dana" in body  # leader's name shown with their message
    form = {"receipt": done.receipt, "text": "Thanks, starting when?", "form_key": formkeys.new_key()}
    reply = client.post(reverse("receipt:reply"), form)
    body = reply.content.decode()
    assert "Your reply was received" in body and "Thanks, starting when?" in body
    assert 'class="help-line' in body  # every reply, not only those the crisis screen flags
    # Once, at the foot as on every other showing: it sat above the conversation after a reply (a walk).
    assert body.count('class="help-line') == 1
    assert body.index("Conversation") < body.index("Thanks, starting when?") < body.index('class="help-line')
    assert not Message.objects.filter(author="reporter").exists()  # sealed until its batch
    release_due(timezone.now() + dt.timedelta(days=2))
    message = Message.objects.get(author="reporter")
    assert message.leader is None and message.text == "Thanks, starting when?"
    assert done.concern.awaiting_leader


def sent_twice(client, org, text: str) -> tuple[dict, object, object]:
    """The reply page's form, sent, and sent again as a browser refresh re-sends it."""
    form = {"receipt": released(unit=org.ward_a).receipt, "text": text, "form_key": formkeys.new_key()}
    return form, client.post(reverse("receipt:reply"), form), client.post(reverse("receipt:reply"), form)


def test_refreshing_after_a_reply_does_not_send_it_twice(client, org):
    form, first, again = sent_twice(client, org, "Still no float nurse this week.")
    assert first.status_code == again.status_code == 200
    # The first answer again, read from what the spent key kept: the writer lost nothing.
    assert "Your reply was received" in again.content.decode()
    assert "was already sent" not in again.content.decode()
    # The same page with other words cannot be the same reply: it says so and sends nothing.
    changed = client.post(
        reverse("receipt:reply"), {**form, "text": "Still no float nurse, and now nights too."}
    )
    assert "was already sent" in changed.content.decode()
    release_due(timezone.now() + dt.timedelta(days=2))
    assert Message.objects.filter(author="reporter").count() == 1


def test_a_resent_reply_in_crisis_words_shows_the_crisis_lines_again(client, org):
    words = "I can't see a way out anymore and I have been thinking about ending it."
    _form, first_page, again_page = sent_twice(client, org, words)
    first, again = first_page.content.decode(), again_page.content.decode()
    assert "crisis-title" in first, "the screen should flag these words"
    assert "crisis-title" in again and "Your reply was received" in again


def test_before_release_the_receipt_shows_what_was_sent_and_when_leaders_get_it(client, org):
    done = services.submit_concern(text="The new rota leaves no one to cover lunches.", unit=org.ward_a)
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt})
    body = page.content.decode()
    assert page.status_code == 200
    assert "waiting for its batch" in body and "no one to cover lunches" in body
    client.post(reverse("receipt:reply"), {"receipt": done.receipt, "text": "It happened again today."})
    release_due(done.visible_from)
    thread = [m.text for m in done.concern.messages.all()]
    assert thread == ["It happened again today."]


def test_a_reporter_can_answer_a_closing_explanation(client, org):
    done = released(unit=org.ward_a)
    services.change_status(done.concern, org.leader, Status.CLOSED, "The float nurse started Monday.")
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    assert "You can still answer the closing explanation" in page
    client.post(reverse("receipt:reply"), {"receipt": done.receipt, "text": "She was moved to 5 East."})
    release_due(timezone.now() + dt.timedelta(days=2))
    assert done.concern.awaiting_leader


def test_the_history_lists_events_and_messages_in_the_order_they_happened(client, org):
    done = released(unit=org.ward_a)
    services.write_to_reporter(done.concern, org.leader, "We hear you; a float nurse starts Monday.")
    services.change_status(done.concern, org.leader, Status.CLOSED, "Float nurse in place.")
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    assert page.index("a float nurse starts Monday") < page.index("Status changed to closed")


def test_a_wrong_code_gets_a_plain_message(client, org):
    response = client.post(reverse("receipt:lookup"), {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    assert response.status_code == 404
    assert "could not find a concern for that receipt code" in response.content.decode()


def test_a_code_copied_in_part_is_told_how_much_is_missing(client, org):
    """A code of "AAAA-BBBB" got "We could not find a concern", as if a whole code were wrong (a walk)."""
    response = client.post(reverse("receipt:lookup"), {"receipt": "AAAA-BBBB"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "That is not a whole receipt code: it has 8 letters and digits, and a code has 20" in page
    assert 'value="AAAA-BBBB"' in page  # kept in its box to finish


def test_repeated_guessing_is_slowed_but_a_valid_receipt_always_opens(client, org, settings):
    settings.UPSTREAM_RECEIPT_FAILURES_PER_CLIENT = 3
    done = released(unit=org.ward_a)
    for _ in range(3):
        client.post(reverse("receipt:lookup"), {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    limited = client.post(reverse("receipt:lookup"), {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWY"})
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 3600
    assert "Too many codes" in limited.content.decode()
    genuine = client.post(reverse("receipt:lookup"), {"receipt": done.receipt})
    assert genuine.status_code == 200


def test_guessing_from_one_address_locks_out_no_other(client, org, settings):
    settings.UPSTREAM_RECEIPT_FAILURES_PER_CLIENT = 2
    wrong = {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"}
    for _ in range(50):
        client.post(reverse("receipt:lookup"), wrong, REMOTE_ADDR="203.0.113.9")
    other = client.post(reverse("receipt:lookup"), wrong, REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 404


def test_the_code_never_travels_in_a_url(client, org):
    done = released(unit=org.ward_a)
    response = client.get(reverse("receipt:lookup"), {"receipt": done.receipt})
    assert done.concern.text not in response.content.decode()
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    assert f"?receipt={done.receipt}" not in page
    assert 'action="/receipt/reply"' in page


def test_the_reporter_sees_published_actions_linked_to_the_concern(client, org):
    from upstream.actions import services as actions

    done = released(unit=org.ward_a)
    action = actions.create_action(
        org.leader,
        title="Night float nurse",
        description="A float nurse covers breaks on nights.",
        scope=org.ward_a,
        concern_ids=[str(done.concern.pk)],
    )
    # A draft is for leaders only: neither its title (the thread's "Linked to the action" line) nor
    # its description reaches the reporter, on the page or in the API.
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    api = client.post("/api/v1/receipts/lookup", {"receipt": done.receipt}, content_type="application/json")
    for seen in (page, api.content.decode()):
        assert "Night float nurse" not in seen and "A float nurse covers breaks" not in seen
    actions.publish_action(action, leader=org.leader)
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    assert "Linked to the action “Night float nurse”" in page and "A float nurse covers breaks" in page


def test_behind_a_proxy_the_limit_follows_the_address_the_proxy_saw(client, org, settings):
    settings.UPSTREAM_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.UPSTREAM_RECEIPT_FAILURES_PER_CLIENT = 2
    wrong = {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"}
    # A client rotating a spoofed left-most value still counts against the proxy-appended address.
    for spoof in ("1.1.1.1", "2.2.2.2"):
        client.post(reverse("receipt:lookup"), wrong, HTTP_X_FORWARDED_FOR=f"{spoof}, 198.51.100.7")
    limited = client.post(reverse("receipt:lookup"), wrong, HTTP_X_FORWARDED_FOR="3.3.3.3, 198.51.100.7")
    assert limited.status_code == 429
    other = client.post(reverse("receipt:lookup"), wrong, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 404


def test_a_reply_in_crisis_shows_resources_at_once_and_marks_the_concern_urgent(client, org):
    done = released(unit=org.ward_a)
    text = "Thanks. Honestly I don't want to wake up tomorrow, I can't keep doing this."
    page = client.post(reverse("receipt:reply"), {"receipt": done.receipt, "text": text})
    body = page.content.decode()
    assert "988" in body and "You don't have to carry this alone" in body
    release_due(timezone.now() + dt.timedelta(hours=2))  # urgent replies go with the next hourly batch
    concern = done.concern
    assert concern.urgent and concern.acknowledged_at is None
    assert concern.ack_due_at - timezone.now() < dt.timedelta(hours=6)


def test_an_acknowledged_concern_says_acknowledged_once(client, org):
    done = released(unit=org.ward_a)
    services.acknowledge(done.concern, org.leader)
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    card = page[page.index("<h1") : page.index('class="quote"')]
    assert card.count(">Acknowledged</span>") == 1
    services.change_status(done.concern, org.leader, Status.IN_PROGRESS, "")
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    card = page[page.index("<h1") : page.index('class="quote"')]
    # The acknowledgment stays, as a dated fact beside the status (not a second status badge).
    assert (
        ">In progress</span>" in card and ">Acknowledged on " in card and ">Acknowledged</span>" not in card
    )


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%A %-d %B, %H:%M}"


def test_a_waiting_reply_says_when_leaders_get_it_an_urgent_one_sooner(client, org):
    # "With the next batch" read as within the hour to a writer whose reply waits for tomorrow's.
    done = released(unit=org.ward_a)
    regular = services.reply_as_reporter(services.find_by_receipt(done.receipt), "Still short on nights.")
    text = "Thanks. Honestly I don't want to wake up tomorrow, I can't keep doing this."
    page = client.post(reverse("receipt:reply"), {"receipt": done.receipt, "text": text}).content.decode()
    urgent = services.pending_replies(done.concern)[-1]["visible_from"]
    assert urgent < regular.visible_from  # the urgent reply does not wait for the daily batch
    assert f"Leaders get it on {_when(urgent)}" in page
    assert f"reaches leaders on {_when(regular.visible_from)}" in page
    assert f"reaches leaders on {_when(urgent)}" in page
    assert "next batch" not in page


def test_a_code_typed_with_a_phone_keyboard_s_full_width_letters_opens_the_concern(client, org):
    done = released(unit=org.ward_a)
    # Ｄ3２… : full-width Latin letters and digits (U+FF01..U+FF5E), as an East Asian keyboard types.
    wide = "".join(
        chr(ord(ch) + 0xFEE0) if ch.isalnum() and index % 2 == 0 else ch
        for index, ch in enumerate(done.receipt)
    )
    assert wide != done.receipt
    page = client.post(reverse("receipt:lookup"), {"receipt": wide})
    assert page.status_code == 200 and "We could not find" not in page.content.decode()

"""A receipt reply that seems to name someone is held back with the speak-up form's question: send it
anyway, or edit it first (replies were sent at once, names and all, while the concern form asked)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from upstream.concerns.models import Message
from upstream.concerns.safety import named_people
from upstream.concerns.tests.helpers import released
from upstream.intake import formkeys
from upstream.intake.services import release_due


def _reply(client, receipt: str, text: str, key: str, **more):
    return client.post(reverse("receipt:reply"), {"receipt": receipt, "text": text, "form_key": key, **more})


def test_a_reply_naming_someone_asks_first_and_sends_only_when_told(client, org):
    receipt, key = released(unit=org.ward_a).receipt, formkeys.new_key()
    text = "It is not only Dr. Patel, the whole night team skips breaks."
    asked = _reply(client, receipt, text, key)
    body = asked.content.decode()
    assert asked.status_code == 200 and "Your text seems to name someone (Dr. Patel)" in body
    assert "Your reply was received" not in body and "skips breaks.</textarea>" in body  # words kept
    assert 'name="confirmed" value="on"' in body and "Send after my edits" in body
    edited = _reply(client, receipt, "The whole night team skips breaks.", key)
    assert "Your reply was received" in edited.content.decode()  # no name left: sent as it is
    release_due(timezone.now() + dt.timedelta(days=2))
    assert list(Message.objects.filter(author="reporter").values_list("text", flat=True)) == [
        "The whole night team skips breaks."
    ]


def test_a_reply_sent_anyway_keeps_its_words(client, org):
    receipt = released(unit=org.ward_a).receipt
    text = "La Dra. García nos pone turnos dobles sin preguntar."
    assert "seems to name someone" in _reply(client, receipt, text, formkeys.new_key()).content.decode()
    sent = _reply(client, receipt, text, formkeys.new_key(), confirmed="on")
    assert "Your reply was received" in sent.content.decode()


def test_names_are_found_in_spanish_and_with_accents_and_not_in_everyday_phrases():
    directory = frozenset({"Colleen", "Brady", "Sofía"})
    found = {
        text: named_people(text, directory)
        for text in (
            "La Dra. García nos pone turnos dobles",
            "El Dr. Núñez nos grita",
            "la enfermera Sofía me dijo que no",
            "dr patel yelled at us",
            "Colleen Brady covered for me",
        )
    }
    assert found == {
        "La Dra. García nos pone turnos dobles": ["Dra. García"],
        "El Dr. Núñez nos grita": ["Dr. Núñez"],
        "la enfermera Sofía me dijo que no": ["enfermera Sofía"],
        "dr patel yelled at us": ["dr patel"],
        "Colleen Brady covered for me": ["Colleen Brady"],
    }
    for everyday in ("I called the nurse. Then she left", "MS patients wait", "the sr resident left"):
        assert named_people(everyday, directory) == [], everyday


def test_a_reply_held_for_the_name_question_leaves_the_whole_database_as_it_was(client, org):
    """Asked before anything is written: a full dump before and after the question is the same (no
    intake entry, no spent form key, no counter), so nothing can date or place the writer."""
    from io import StringIO

    from django.core.management import call_command

    def dump() -> str:
        out = StringIO()
        call_command("dumpdata", "--natural-foreign", stdout=out)
        return out.getvalue()

    receipt = released(unit=org.ward_a).receipt
    before = dump()
    asked = _reply(client, receipt, "Dr. Patel shouts at the new grads every night.", formkeys.new_key())
    assert "seems to name someone" in asked.content.decode()
    assert dump() == before

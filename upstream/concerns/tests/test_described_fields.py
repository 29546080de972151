"""A box's aria-describedby names hints and errors the page really has, and a refused box says so.

Found by an axe audit of every page: the receipt's reply box and an action's progress update box
pointed at `id_text_helptext`, the limit hint Django names when a box has help text ("Up to 5,000
characters."), which those hand-drawn forms never drew; and the receipt code box, refused empty or
unknown, was neither marked invalid nor tied to its message, so a screen reader heard nothing.
"""

from __future__ import annotations

import re

from django.urls import reverse

from conftest import PASSWORD
from upstream.actions import services as actions
from upstream.concerns.tests.helpers import released


def _box(page: str, name: str) -> str:
    found = re.search(rf'<(?:input|textarea)[^>]*\bname="{name}"[^>]*>', page)
    assert found, f"no {name} box"
    return found.group(0)


def _described_by_what_exists(page: str, box: str) -> list[str]:
    ids = re.search(r'aria-describedby="([^"]*)"', box).group(1).split()
    missing = [i for i in ids if f'id="{i}"' not in page]
    assert not missing, f"aria-describedby names nothing on the page: {missing}"
    return ids


def test_the_receipt_reply_box_is_described_by_its_hint_with_the_limit(client, org):
    done = released(unit=org.ward_a)
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    ids = _described_by_what_exists(page, _box(page, "text"))
    hint = re.search(rf'id="{ids[0]}">(.*?)</p>', page, re.S).group(1)
    assert "Still anonymous" in hint and "Between 10 and 5,000 characters." in hint  # a least length too


def test_an_actions_update_box_is_described_by_its_limit(client, org):
    action = actions.create_action(
        org.leader, title="Break cover", description="A float nurse.", scope=org.ward_a
    )
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    ids = _described_by_what_exists(page, _box(page, "text"))
    assert "Up to 5,000 characters." in re.search(rf'id="{ids[0]}">(.*?)</p>', page, re.S).group(1)


def test_a_refused_receipt_code_is_marked_at_its_box_and_names_the_reason(client, org):
    for sent, reason in [
        ("   ", "Please fill this in."),
        ("ABCD-EFGH-JKMN-PQRS-TVWX", "could not find a concern"),
    ]:
        page = client.post(reverse("receipt:lookup"), {"receipt": sent}).content.decode()
        box = _box(page, "receipt")
        assert 'aria-invalid="true"' in box, sent
        ids = _described_by_what_exists(page, box)
        named = "".join(re.search(rf'id="{i}"[^>]*>(.*?)</(?:ul|div|p)>', page, re.S).group(1) for i in ids)
        assert reason in named, (sent, named)
    fine = client.get(reverse("receipt:lookup")).content.decode()
    assert "aria-invalid" not in _box(fine, "receipt")

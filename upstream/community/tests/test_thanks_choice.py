"""Whom to thank starts empty. The menu had no empty first choice, so a keyboard user who tabbed
past it thanked the first colleague listed, with no way to take it back. Now nothing is chosen
until they choose; a send without a choice is refused at the menu, with the words kept, and stores
nothing. The form also asks the browser not to bring the words back after a send (Back invited a
second one)."""

from __future__ import annotations

import re

from django.urls import reverse

from upstream.community.models import Recognition
from upstream.org.models import User

WORDS = "Thanks for covering my breaks all week."
CHOOSE = "Choose the colleague or team you want to thank."
EMPTY_CHOICE = "Choose a colleague or a team"


def _form_key(html: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', html).group(1)


def test_nothing_is_chosen_until_the_person_chooses(org, client):
    client.force_login(org.reporter)
    html = client.get(reverse("community:thanks")).content.decode()
    menu = re.search(r'<select name="recipient"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = re.findall(r"<option[^>]*>[^<]*</option>", menu)
    assert options[0] == f'<option value="" selected>{EMPTY_CHOICE}</option>'
    assert [option for option in options if "selected" in option] == [options[0]]
    assert re.search(r'<form method="post" class="card" autocomplete="off">', html)


def test_it_handles_a_send_without_a_choice_at_the_menu_with_the_words_kept(org, client):
    client.force_login(org.reporter)
    key = _form_key(client.get(reverse("community:thanks")).content.decode())
    for sent in ({"recipient": ""}, {}):  # the empty choice, or no menu value at all
        refused = client.post(reverse("community:thanks"), {**sent, "text": WORDS, "form_key": key})
        html = refused.content.decode()
        assert refused.status_code == 400
        # At the menu, tied to it for a screen reader, and not a preselected colleague.
        assert f'<ul class="errorlist" id="id_recipient_error"><li>{CHOOSE}</li></ul>' in html
        assert re.search(r'<select name="recipient"[^>]*aria-invalid="true"', html)
        assert f'<option value="" selected>{EMPTY_CHOICE}</option>' in html
        assert f">\n{WORDS}</textarea>" in html  # the words kept in their box
    assert not Recognition.objects.exists()
    # The key was not spent by the refusals: choosing and sending again thanks once.
    nurse = User.objects.get(username="nurse1")
    sent = client.post(
        reverse("community:thanks"), {"recipient": f"p{nurse.pk}", "text": WORDS, "form_key": key}
    )
    assert sent.status_code == 302
    assert list(Recognition.objects.values_list("to_person", "text")) == [(nurse.pk, WORDS)]
    assert WORDS in client.get(reverse("community:thanks")).content.decode()


def test_the_api_refuses_neither_a_colleague_nor_a_team_as_before(org, client):
    client.force_login(org.reporter)
    refused = client.post("/api/v1/community/thanks", {"text": WORDS}, content_type="application/json")
    assert (refused.status_code, refused.json()["detail"]) == (400, "Thank one colleague or one team.")
    assert not Recognition.objects.exists()


def test_someone_with_nobody_to_thank_gets_no_menu_with_only_the_empty_choice(org, client):
    client.force_login(org.other_leader)  # a member of no unit
    html = client.get(reverse("community:thanks")).content.decode()
    assert EMPTY_CHOICE not in html and 'name="recipient"' not in html

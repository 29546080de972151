"""Answering with a speak-up code: taken signed in (using up the answer), spent unsigned-in, once."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from upstream.intake.models import IntakeEntry
from upstream.intake.services import release_due
from upstream.org.models import User
from upstream.speakup import keys
from upstream.speakup import services as speakup
from upstream.speakup.models import SigningKey
from upstream.speakup.tests import client as blinding
from upstream.surveys import codes, services
from upstream.surveys.models import Invitation, Response
from upstream.surveys.services import AlreadyAnswered, SurveyError
from upstream.surveys.tests.helpers import PULSE, office_of, open_wave


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.medicine])


def take(user, wave) -> str:
    key = speakup.signing_key_for(codes.purpose_of(wave))
    public = keys.public_key(key)
    prepared = blinding.prepare()
    blinded, inv = blinding.blind(public, prepared)
    issued = codes.issue_code(user, wave, blinded, key.key_id)
    return blinding.code_of(prepared, blinding.finalize(public, issued.blind_signatures[0], inv))


def b64(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def test_a_code_answers_once_without_an_account_and_uses_up_the_signed_in_answer(
    org, wave, answers_released_singly
):
    nurse = User.objects.get(username="nurse3")
    code = take(nurse, wave)
    assert Invitation.objects.get(wave=wave, user=nurse).answered_on == timezone.localdate()
    with pytest.raises(AlreadyAnswered):
        services.submit_answer(nurse, wave, unit_id=None, answers={"upstream-pulse": PULSE})
    with pytest.raises(AlreadyAnswered):
        take(nurse, wave)
    args = {"unit_id": org.ward_a.pk, "role_group": "nurse", "answers": {"upstream-pulse": PULSE}}
    codes.submit_answer_with_code(wave, code, **args)
    with pytest.raises(AlreadyAnswered):
        codes.submit_answer_with_code(wave, code, **args)
    release_due(everything=True)
    assert Response.objects.get().unit == org.ward_a


def test_the_generic_speakup_route_cannot_make_wave_codes(org, wave):
    nurse = User.objects.get(username="nurse3")
    key = speakup.signing_key_for(codes.purpose_of(wave))
    blinded, _inv = blinding.blind(keys.public_key(key), blinding.prepare())
    with pytest.raises(speakup.TokenError):
        speakup.issue_tokens(nurse, codes.purpose_of(wave), [blinded], key.key_id)
    assert Invitation.objects.get(wave=wave, user=nurse).answered_on is None


def test_a_code_for_one_wave_is_worthless_for_another_and_after_close(org, wave):
    other = open_wave(org, User.objects.get(username="office"), units=[org.medicine])
    code = take(User.objects.get(username="nurse3"), wave)
    args = {"unit_id": org.ward_a.pk, "role_group": "nurse", "answers": {"upstream-pulse": PULSE}}
    with pytest.raises(SurveyError):
        codes.submit_answer_with_code(other, code, **args)
    with pytest.raises(SurveyError, match="closed"):
        codes.submit_answer_with_code(wave, code, now=timezone.now() + dt.timedelta(days=20), **args)
    with pytest.raises(SurveyError, match="unit"):
        codes.submit_answer_with_code(wave, code, **(args | {"unit_id": org.other_hospital.pk}))
    day_after = wave.closes_on + dt.timedelta(days=1)
    assert services.run_survey_day(day_after)["retired_keys"] == 1  # only this wave made a key
    retired = SigningKey.objects.filter(purpose=codes.purpose_of(wave), retired_on=day_after)
    later = day_after + dt.timedelta(days=1)
    assert retired.exists() and not any(keys.accepts_on(k, later) for k in retired)


def test_the_api_takes_a_code_signed_in_and_spends_it_with_no_session(client, org, wave):
    from conftest import PASSWORD

    assert client.login(username="nurse3", password=PASSWORD)
    purpose = codes.purpose_of(wave)
    key_info = client.get(f"/api/v1/speakup/keys/{purpose}").json()
    key = speakup.signing_key_for(purpose)
    assert key_info["key_id"] == key.key_id
    public = keys.public_key(key)
    prepared = blinding.prepare()
    blinded, inv = blinding.blind(public, prepared)
    taken = client.post(
        f"/api/v1/surveys/answer/{wave.pk}/code",
        {"key_id": key.key_id, "blinded_message": b64(blinded)},
        content_type="application/json",
    )
    assert taken.status_code == 200, taken.content
    signature = base64.urlsafe_b64decode(taken.json()["blind_signature"] + "==")
    code = blinding.code_of(prepared, blinding.finalize(public, signature, inv))
    anonymous = Client()
    body = {
        "token": code,
        "unit_id": org.ward_b.pk,
        "role_group": "nurse",
        "answers": {"upstream-pulse": PULSE},
    }
    url = f"/api/v1/surveys/answer/{wave.pk}/with-code"
    # No nurse works on 5 East: the first send is refused, naming Medicine, and the code stays unspent.
    small = anonymous.post(url, body, content_type="application/json")
    assert small.status_code == 400 and "Fewer than 5 people" in small.json()["detail"]
    assert f"unit_id {org.medicine.pk}" in small.json()["detail"] and not IntakeEntry.objects.exists()
    body["confirmed"] = True
    assert anonymous.post(url, body, content_type="application/json").status_code == 202
    assert anonymous.post(url, body, content_type="application/json").status_code == 409
    # A code of the right form that does not verify grants nothing (403); one of the wrong form is a 400.
    assert anonymous.post(url, body | {"token": "nope"}, content_type="application/json").status_code == 403
    assert anonymous.post(url, body | {"token": "no pe!"}, content_type="application/json").status_code == 400
    assert IntakeEntry.objects.count() == 1


def test_the_pages_take_a_code_signed_in_and_answer_with_it_with_no_cookie(client, org, wave):
    from django.urls import reverse

    from conftest import PASSWORD
    from upstream.community.models import Resource

    assert client.login(username="nurse3", password=PASSWORD)
    page = client.get(reverse("surveys:surveys_answer:code", args=[wave.pk]))
    assert page.status_code == 200 and f'data-purpose="wave:{wave.pk}"' in page.content.decode()
    key = speakup.signing_key_for(codes.purpose_of(wave))
    public = keys.public_key(key)
    prepared = blinding.prepare()
    blinded, inv = blinding.blind(public, prepared)
    body = {"purpose": codes.purpose_of(wave), "key_id": key.key_id, "blinded_messages": [b64(blinded)]}
    url = reverse("surveys:surveys_answer:issue_code", args=[wave.pk])
    issued = client.post(url, body, content_type="application/json")
    assert issued.status_code == 200, issued.content
    # The same request again (its answer lost) gets the same signature; any other blinded message, 409.
    assert client.post(url, body, content_type="application/json").json() == issued.json()
    other = {**body, "blinded_messages": [b64(blinding.blind(public, blinding.prepare())[0])]}
    assert client.post(url, other, content_type="application/json").status_code == 409
    signature = base64.urlsafe_b64decode(issued.json()["blind_signatures"][0] + "==")
    code = blinding.code_of(prepared, blinding.finalize(public, signature, inv))

    stranger = Client()
    write = reverse("surveys:surveys_answer:with_code", args=[wave.pk])
    shown = stranger.get(write)
    assert shown.status_code == 200 and not shown.cookies
    # The help lines the office set up, as on every writer's page; not two US lines written in.
    Resource.objects.create(
        name="Línea de la Vida", phone="800 911 2000", category="crisis", show_in_distress=True, country=""
    )
    shown = stranger.get(write).content.decode()
    assert 'class="help-line' in shown and 'href="tel:8009112000"' in shown and "1-888-409-0141" not in shown
    form = {
        "code": code,
        "unit": str(org.ward_a.pk),
        "role_group": "nurse",
        "upstream-pulse__up_meaning": "5",
    }
    sent = stranger.post(write, form)
    assert "Your answers were received" in sent.content.decode() and not sent.cookies
    again = stranger.post(write, form)
    assert again.status_code == 400 and "already answered" in again.content.decode()
    assert IntakeEntry.objects.count() == 1


def code_for(wave) -> str:
    return take(User.objects.get(username="nurse3"), wave)


def test_the_code_page_warns_before_sending_for_a_small_group_and_offers_a_broader_unit(
    org, wave, answers_released_singly
):
    from django.urls import reverse

    code = code_for(wave)
    stranger = Client()
    write = reverse("surveys:surveys_answer:with_code", args=[wave.pk])
    form = {
        "code": code,
        "unit": str(org.ward_b.pk),  # no other nurse on 5 East
        "role_group": "nurse",
        "upstream-pulse__up_meaning": "5",
        "comment": "Nights are lonely.",
    }
    warned = stranger.post(write, form)
    page = warned.content.decode()
    assert warned.status_code == 200 and "Few people share this unit and role" in page
    assert "Fewer than 5 people match what you chose" in page
    assert (
        f'name="broaden" value="{org.medicine.pk}|nurse"' in page
        and "Answer for Medicine (department) as nurse instead" in page
    )
    assert 'name="confirmed" value="on"' in page
    # Nothing sent yet, and nothing entered is lost (no JavaScript needed to keep it).
    assert not IntakeEntry.objects.exists()
    assert code in page and "Nights are lonely." in page and 'value="5" checked' in page

    broadened = stranger.post(write, form | {"broaden": f"{org.medicine.pk}|nurse"}).content.decode()
    assert f'value="{org.medicine.pk}" selected' in broadened and "Few people share" not in broadened
    assert not IntakeEntry.objects.exists()

    sent = stranger.post(write, form | {"confirmed": "on"})
    assert "Your answers were received" in sent.content.decode() and not sent.cookies
    release_due(everything=True)
    assert Response.objects.get().unit == org.ward_b


def test_the_code_page_sends_at_once_for_a_large_group(org, wave):
    from django.urls import reverse

    write = reverse("surveys:surveys_answer:with_code", args=[wave.pk])
    form = {
        "code": code_for(wave),
        "unit": str(org.ward_a.pk),
        "role_group": "nurse",
        "upstream-pulse__up_meaning": "4",
    }
    sent = Client().post(write, form).content.decode()
    assert "Your answers were received" in sent and "Few people share" not in sent
    assert IntakeEntry.objects.count() == 1


def test_the_code_page_shows_the_warning_as_the_unit_and_role_change(org, wave):
    from django.urls import reverse

    coverage = reverse("surveys:surveys_answer:code_coverage", args=[wave.pk])
    small = Client().get(coverage, {"unit": org.ward_b.pk, "role_group": "nurse"})
    assert "Few people share this unit and role" in small.content.decode() and not small.cookies
    large = Client().get(coverage, {"unit": org.ward_a.pk, "role_group": "nurse"})
    assert large.status_code == 200 and "Few people share" not in large.content.decode()
    # Two pharmacists on 4 West, three in the whole wave: no broader unit is large enough.
    none_broader = (
        Client().get(coverage, {"unit": org.ward_a.pk, "role_group": "pharmacist"}).content.decode()
    )
    assert "Few people share" in none_broader and 'name="broaden"' not in none_broader


def test_the_key_for_a_wave_is_made_only_for_a_wave_that_exists(wave, org, client):
    """GET /api/v1/speakup/keys/... made and stored a signing key for any name a caller invented."""
    client.force_login(org.reporter)
    served = client.get(f"/api/v1/speakup/keys/{codes.purpose_of(wave)}")
    assert served.status_code == 200 and served.json()["purpose"] == f"wave:{wave.pk}"
    before = SigningKey.objects.count()
    # A purpose of the right form names a wave or shared concern that is not there: 404.
    for purpose in (f"wave:{wave.pk + 1000}", "cosign:" + "ab" * 16):
        refused = client.get(f"/api/v1/speakup/keys/{purpose}")
        assert refused.status_code == 404, purpose
        assert "No survey wave or shared concern" in refused.json()["detail"]
    # Not a purpose at all: the schema's pattern refuses it (400).
    for purpose in ("wave:invented", "cosign:made-up"):
        refused = client.get(f"/api/v1/speakup/keys/{purpose}")
        assert refused.status_code == 400, purpose
        assert "Unknown purpose" in refused.json()["detail"]
    assert SigningKey.objects.count() == before


def test_each_colleague_s_survey_codes_are_kept_under_a_label_that_names_nobody(client, org, wave):
    """Colleagues who take survey codes on one computer keep them apart in the browser: the code
    page gives its script a label, the same for an account each time, another for another account,
    another than the account's speak-up codes' (so neither page lists the other's), and naming no
    one. The answering page, which reads no session, gets none; it and the thanks page have a used
    code dropped from the browser."""
    import re

    from django.urls import reverse

    from upstream.speakup.services import code_store

    def label(username: str) -> str:
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("surveys:surveys_answer:code", args=[wave.pk])).content.decode()
        return re.search(r'data-store="([^"]+)"', page).group(1)

    labels = [label("nurse3"), label("nurse4"), label("nurse3")]
    assert labels[0] == labels[2] != labels[1]
    assert labels[0] != code_store(User.objects.get(username="nurse3"))
    for found in labels:
        assert re.fullmatch(r"upstream\.speakup\.v2\.[0-9a-f]{32}", found) and "nurse" not in found

    stranger = Client()
    write = reverse("surveys:surveys_answer:with_code", args=[wave.pk])
    assert "data-store" not in stranger.get(write).content.decode()
    form = {
        "code": take(User.objects.get(username="nurse3"), wave),
        "unit": str(org.ward_a.pk),
        "role_group": "nurse",
        "upstream-pulse__up_meaning": "5",
    }
    sent = stranger.post(write, form).content.decode()
    assert "Your answers were received" in sent
    assert "data-speakup-spent" in sent and "blindrsa.js" in sent
    again = stranger.post(write, form).content.decode()
    assert "already answered" in again and "data-speakup-spent" in again


def test_a_code_whose_answer_was_lost_is_given_again_for_the_same_blinded_message_only(org, wave):
    """The page left while it waited: the invitation is used up, but the browser still holds the
    blinded message, and sending it again returns the same code. Nothing else is signed."""
    nurse = User.objects.get(username="nurse3")
    key = speakup.signing_key_for(codes.purpose_of(wave))
    public = keys.public_key(key)
    prepared = blinding.prepare()
    blinded, inv = blinding.blind(public, prepared)
    first = codes.issue_code(nurse, wave, blinded, key.key_id)
    again = codes.issue_code(nurse, wave, blinded, key.key_id)
    assert again.blind_signatures == first.blind_signatures
    code = blinding.code_of(prepared, blinding.finalize(public, again.blind_signatures[0], inv))
    other, _ = blinding.blind(public, blinding.prepare())
    with pytest.raises(AlreadyAnswered):
        codes.issue_code(nurse, wave, other, key.key_id)
    args = {"unit_id": org.ward_a.pk, "role_group": "nurse", "answers": {"upstream-pulse": PULSE}}
    codes.submit_answer_with_code(wave, code, **args)
    with pytest.raises(AlreadyAnswered):  # the code given again is the same code: one answer
        codes.submit_answer_with_code(wave, code, **args)


def test_someone_who_answered_signed_in_gets_no_code_by_sending_any_message(org, wave):
    nurse = User.objects.get(username="nurse3")
    services.submit_answer(nurse, wave, unit_id=None, answers={"upstream-pulse": PULSE})
    key = speakup.signing_key_for(codes.purpose_of(wave))
    blinded, _ = blinding.blind(keys.public_key(key), blinding.prepare())
    with pytest.raises(AlreadyAnswered):
        codes.issue_code(nurse, wave, blinded, key.key_id)


def test_the_code_page_names_everything_left_out_at_once_at_each_field(org, wave):
    """It named one thing a send: "Choose the unit", then "Choose your role group", then "Answer at
    least one question", and never marked the empty code box (found by a staff walk)."""
    from django.urls import reverse

    write = reverse("surveys:surveys_answer:with_code", args=[wave.pk])
    sent = Client().post(write, {"code": "", "unit": "", "role_group": "", "comment": "Nights are hard."})
    page = sent.content.decode()
    assert sent.status_code == 400 and "Please fix the 4 things marked below." in page
    for where, words in (
        ("code", "Paste the code you took for this survey."),
        ("unit", "Choose the unit you are answering for."),
        ("role", "Choose your role group."),
        ("answers", "Answer at least one question."),
    ):
        assert re.search(f'id="{where}-error"[^>]*><li>{re.escape(words)}</li>', page), where
    assert 'aria-describedby="code-error"' in page and ">Nights are hard.</textarea>" in page
    # Only what is missing: a unit and an answer given, two things left.
    form = {"code": "", "unit": str(org.ward_a.pk), "role_group": "", "upstream-pulse__up_meaning": "5"}
    page = Client().post(write, form).content.decode()
    assert "Please fix the 2 things marked below." in page and 'id="unit-error"' not in page
    assert IntakeEntry.objects.count() == 0

"""The pages: obtaining codes signed in, writing with one without an account or cookie, the explainer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from upstream.concerns.models import Concern
from upstream.speakup import bundle
from upstream.speakup.models import SpentToken
from upstream.speakup.tests.helpers import obtain, release_all

TEXT = "Handover on our ward runs forty minutes over every night and nobody is paid for it."


def write(client, code: str, **fields):
    data = {"token": code, "text": TEXT, "unit": "", "role_group": "", **fields}
    return client.post(reverse("speakup:write"), data)


def test_the_codes_page_needs_sign_in_and_shows_the_shared_key_and_allowance(client, org):
    page = client.get(reverse("speakup:tokens"))
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    client.force_login(org.reporter)
    page = client.get(reverse("speakup:tokens"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Codes you can still get now: <strong data-remaining>5</strong>." in body
    assert bundle.integrity() in body
    # The fingerprints are for IT: folded away, not in a nurse's way.
    folded = body.index("<summary>For your IT team: how to check these codes cannot be traced</summary>")
    assert folded < body.index("Page script integrity") < body.index("</details>", folded)
    assert "protects you very little" in body
    assert reverse("speakup:explainer") in body
    obtain(org.reporter, 2)
    page = client.get(reverse("speakup:tokens")).content.decode()
    assert "Codes you can still get now: <strong data-remaining>3</strong>." in page


def test_each_colleague_s_codes_are_kept_under_a_label_that_names_nobody(client, org, monkeypatch):
    """Colleagues who get codes on one computer keep them apart in the browser (the page tells its
    script where): the label is the same for an account each time, another for another account, and
    a keyed hash (another secret, another label): neither the username nor the account id. The
    writing page, which reads no session, is given none."""

    def label(person) -> str:
        client.force_login(person)
        page = client.get(reverse("speakup:tokens")).content.decode()
        return re.search(r'data-store="([^"]+)"', page).group(1)

    labels = [label(org.reporter), label(org.chair), label(org.reporter)]
    assert labels[0] == labels[2] != labels[1]
    for found in labels:
        assert re.fullmatch(r"upstream\.speakup\.v2\.[0-9a-f]{32}", found)
        assert "reporter" not in found and "chair" not in found
    monkeypatch.setenv("UPSTREAM_SPEAKUP_KEY_SECRET", "another long random secret for this test only")
    assert label(org.reporter) != labels[0]
    client.logout()
    assert "data-store" not in client.get(reverse("speakup:write")).content.decode()


def test_a_spent_allowance_is_said_plainly_with_the_day_more_come_and_no_button_is_offered(client, org):
    import datetime as dt

    from django.utils import dateformat, timezone

    from upstream.speakup.services import CONCERN, rule_for

    client.force_login(org.reporter)
    obtain(org.reporter, 5)
    body = client.get(reverse("speakup:tokens")).content.decode()
    _, ends = rule_for(CONCERN).period(timezone.localdate())
    day = dateformat.format(ends + dt.timedelta(days=1), "j F")
    assert f"You have had all 5 of your codes for now. You can get more from {day}." in body
    assert "data-obtain" not in body and "How many codes?" not in body and "data-remaining" not in body
    obtain(org.other_leader, 4)  # one left: the count and the button, and the sentence stays hidden
    client.force_login(org.other_leader)
    body = client.get(reverse("speakup:tokens")).content.decode()
    assert "data-obtain" in body and "<strong data-remaining>1</strong>" in body
    assert '<p class="notice" data-when-used tabindex="-1" hidden>' in body


def test_writing_with_a_code_needs_no_account_and_sets_no_cookie(client, org):
    [code] = obtain(org.reporter)
    page = client.get(reverse("speakup:write"))
    assert page.status_code == 200
    assert not page.cookies, "the writing page set a cookie"
    assert "988" in page.content.decode(), "crisis resources are shown before writing"
    # It cannot start on the writer's unit (it knows no one): it says where a concern goes if left.
    where = "Left as it is, it goes to the well-being office of the whole organisation."
    assert where in page.content.decode()
    done = write(client, code, unit=str(org.medicine.pk), role_group="nurse")
    body = done.content.decode()
    assert done.status_code == 200, body
    assert "Your receipt code" in body and "data-speakup-spent" in body
    # A pasted code was never kept by this browser: the page does not say it "was removed" from it.
    assert "was removed from this browser" not in body and "If this browser kept it" in body
    assert 'class="help-line' in body  # the quiet help line, with no crisis words written
    assert not done.cookies and not client.cookies
    assert "no-store" in done["Cache-Control"]
    release_all()
    concern = Concern.objects.get()
    assert (concern.unit, concern.role_group, concern.text) == (org.medicine, "nurse", TEXT)
    receipt = body.split('id="receipt-code">')[1].split("<")[0]
    follow = client.post(reverse("receipt:lookup"), {"receipt": receipt})
    assert TEXT in follow.content.decode()


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/receipt/", "/privacy/"])
def test_a_signed_out_writer_finds_the_page_that_takes_a_code(client, org, path):
    """The code is for writing later without signing in; no signed-out page linked to it."""
    page = client.get(path)
    assert page.status_code == 200
    assert f'href="{reverse("speakup:write")}"' in page.content.decode()


def test_the_code_box_comes_before_the_help_lines_which_the_top_of_the_page_points_to(client, org):
    # Five help cards above the form pushed the code box two phone screens down; they sit under the
    # form, as on the signed-in form, and a line at the top says they are there.
    body = client.get(reverse("speakup:write")).content.decode()
    pointer = body.index('<a href="#help-now">If you need help now</a>')
    form = body.index('action="/speak/write/"')
    directory = body.index('<h2 id="help-now">')
    assert pointer < form < directory
    assert "988" in body[directory:]


def test_a_used_code_is_refused_and_the_browser_is_told_to_drop_it(client, org):
    [code] = obtain(org.reporter)
    first = write(client, code)
    assert first.status_code == 200
    other_words = write(client, code, text="Our ward has had no working hoist for a month now, again.")
    assert other_words.status_code == 409
    assert "already used" in other_words.content.decode()
    assert "data-speakup-spent" in other_words.content.decode()
    # Sent again as it was (the answer was lost on the way): the same receipt, nothing filed twice.
    again = write(client, code)
    assert again.status_code == 200 and first.context["submitted"] == again.context["submitted"]
    assert first.context["submitted"].receipt in again.content.decode()
    release_all()
    assert Concern.objects.count() == 1 and SpentToken.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"token": ""}, "Please fill this in."),
        ({"text": "short"}, "at least 10 characters"),
        ({"text": "Nights are hard \x00 and long for all of us"}, "It contains a null character"),
        ({"unit": "999999"}, "Please choose one of the places in the list."),
        ({"role_group": "wizard"}, "Please choose one of the roles in the list"),
        ({"text": "x" * 5001}, "Please shorten this to 5,000 characters or fewer."),
    ],
)
def test_bad_input_is_a_clear_400_and_keeps_the_code(client, org, fields, message):
    [code] = obtain(org.reporter)
    page = write(client, code, **fields)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert SpentToken.objects.count() == 0


def test_a_code_that_does_not_verify_is_refused_with_a_403_and_keeps_the_real_one(client, org):
    """The code is the only credential of this page: one that does not verify grants nothing (403,
    as the API answers it), and says what to do."""
    [code] = obtain(org.reporter)
    page = write(client, code, token="not a code at all")
    assert page.status_code == 403 and "not valid" in page.content.decode()
    assert SpentToken.objects.count() == 0


def test_a_code_that_does_not_verify_is_said_beside_a_text_to_fix_on_the_same_page(client, org):
    """Both were wrong and only the text was said; the code's refusal came on the second send."""
    [code] = obtain(org.reporter)
    page = write(client, code, token="not a code at all", text="short")
    body = page.content.decode()
    assert page.status_code == 400 and "at least 10 characters" in body and "not valid" in body
    good_code = write(client, code, text="short").content.decode()
    assert "at least 10 characters" in good_code and "not valid" not in good_code
    assert SpentToken.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"unit": "999999", "role_group": "nurse"}, "unit", "Please choose one of the places in the list."),
        (
            {"unit": "UNIT", "role_group": "wizard"},
            "role_group",
            "Please choose one of the roles in the list, or “Prefer not to say”.",
        ),
    ],
)
def test_a_place_or_role_not_offered_is_named_in_plain_words_at_its_field(
    client, org, fields, field, message
):
    """A stale page or a hand-made post: our words, tied to the field, and the rest of the form kept."""
    [code] = obtain(org.reporter)
    fields = {k: str(org.ward_a.pk) if v == "UNIT" else v for k, v in fields.items()}
    page = write(client, code, **fields)
    body = page.content.decode()
    assert page.status_code == 400
    assert "Select a valid choice" not in body and "not one of the available choices" not in body
    assert f'id="id_{field}_error"' in body and message in body
    select = body.split(f'name="{field}"')[1].split(">")[0]
    described = re.search(r'aria-describedby="([^"]*)"', select).group(1).split()
    assert f"id_{field}_error" in described and 'aria-invalid="true"' in select
    assert all(f'id="{target}"' in body for target in described)  # each names something on the page
    assert code in body and TEXT in body
    if field == "unit":
        assert '<option value="nurse" selected>' in body
    else:
        assert f'<option value="{org.ward_a.pk}" selected>' in body
    assert SpentToken.objects.count() == 0


def test_a_small_group_is_warned_about_and_a_broader_level_offered(client, org):
    [code] = obtain(org.reporter)
    page = write(client, code, unit=str(org.ward_a.pk), role_group="pharmacist")
    body = page.content.decode()
    assert "Few people share this unit and role" in body
    assert "Submit anyway" in body
    assert not Concern.objects.exists()
    broader = write(client, code, broaden=f"{org.ward_a.pk}|")
    assert "We changed where this goes" in broader.content.decode()
    sent = write(client, code, unit=str(org.ward_a.pk), role_group="pharmacist", confirmed="on")
    assert sent.status_code == 200
    release_all()
    assert Concern.objects.get().role_group == "pharmacist"


def test_the_coverage_check_warns_while_the_form_is_filled_in(client, org):
    small = client.get(reverse("speakup:coverage"), {"unit": org.ward_a.pk, "role_group": "pharmacist"})
    assert "Few people share" in small.content.decode() and not small.cookies
    large = client.get(reverse("speakup:coverage"), {"unit": org.ward_a.pk, "role_group": "nurse"})
    assert "Few people share" not in large.content.decode()


def test_crisis_language_shows_resources_at_once(client, org):
    [code] = obtain(org.reporter)
    page = write(client, code, text="I have been thinking about ending my life after these shifts.")
    body = page.content.decode()
    assert page.status_code == 200
    assert "You don&#x27;t have to carry this alone" in body or "You don't have to carry this alone" in body
    assert "988" in body


def test_the_explainer_is_public_plain_and_offered_from_the_speak_up_page(client, org):
    page = client.get(reverse("speakup:explainer"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "protects little" in body and "your own phone" in body
    assert bundle.integrity() in body
    client.force_login(org.reporter)
    form = client.get(reverse("speak:new")).content.decode()
    assert reverse("speakup:explainer") in form


def test_the_published_integrity_hash_is_the_served_bundles():
    docs = (Path(__file__).resolve().parents[3] / "docs" / "speakup.md").read_text()
    assert bundle.integrity() in docs, "rebuilt the bundle? update the hash in docs/speakup.md"
    # 51 kB (17 kB gzipped) of blind RSA, and 23 kB (8 kB gzipped) of QR encoder since codes are
    # carried to a phone by camera: a budget, so that what phones load on the writing page is watched.
    assert len(bundle.PATH.read_bytes()) < 80_000


def test_writing_with_a_code_leaves_no_request_log_line(client, org, caplog):
    [code] = obtain(org.reporter)
    with caplog.at_level("DEBUG"):
        assert write(client, code).status_code == 200
        api = client.post(
            "/api/v1/speakup/concerns", {"token": code, "text": TEXT}, content_type="application/json"
        )
        assert api.status_code == 201 and api["Idempotent-Replayed"] == "true"  # its first answer
    assert not [r for r in caplog.records if r.name == "upstream.requests"]
    assert code not in caplog.text and TEXT not in caplog.text


def test_a_text_that_seems_to_name_someone_is_pointed_out_before_sending(client, org):
    [code] = obtain(org.reporter)
    text = "Dr Okafor shouts at the night staff in front of patients almost every week."
    page = write(client, code, text=text)
    assert "Your text seems to name someone" in page.content.decode()
    assert SpentToken.objects.count() == 0
    assert write(client, code, text=text, confirmed="on").status_code == 200


def test_the_explainer_names_what_each_key_is_for_in_plain_words(client, org):
    """The key list read "concern: fa97da62…": a technical name a nurse could not place."""
    from django.utils import timezone

    from upstream.speakup.keys import issuing_key

    concern_key = issuing_key("concern", timezone.localdate())
    body = client.get(reverse("speakup:explainer")).content.decode()
    assert f'Writing a concern <span class="fingerprint">(concern): {concern_key.key_id}</span>' in body
    client.cookies["django_language"] = "es"
    body = client.get(reverse("speakup:explainer"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "(concern): " in body and "Writing a concern" not in body

"""The anonymous intake page, as a staff member uses it."""

from __future__ import annotations

import logging
import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns.models import Concern, Receipt
from upstream.concerns.services import find_by_receipt
from upstream.intake.models import IntakeEntry, UsedFormKey
from upstream.intake.services import release_due
from upstream.privacy.tests.test_anonymity import dump, written

RECEIPT = re.compile(r'id="receipt-code">([0-9A-Z-]{24})<')


@pytest.fixture
def staff(client, org):
    client.login(username="reporter", password=PASSWORD)
    return client


def submit(client, **data):
    return client.post(reverse("speak:new"), data)


def released_concern() -> Concern:
    release_due(everything=True)
    return Concern.objects.get()


def test_it_requires_sign_in(client, org):
    response = client.get(reverse("speak:new"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_offers_the_reporters_own_units_and_levels_above(staff, org):
    page = staff.get(reverse("speak:new")).content.decode()
    for unit in (org.ward_a, org.ward_b, org.medicine, org.hospital, org.system):
        assert f'value="{unit.pk}"' in page
    assert f'value="{org.other_hospital.pk}"' not in page


def test_the_whole_organisation_is_one_choice_named_both_ways(staff, org):
    """A "whole organisation" option beside "Riverbend Health (health system)" read as two places."""
    page = staff.get(reverse("speak:new")).content.decode()
    assert page.count("the whole organisation (its well-being office)") == 1
    assert f'<option value="{org.system.pk}">Riverbend Health: the whole organisation' in page
    assert '<option value="">' not in page
    # An empty choice (an older page) still goes to the top, as before.
    submit(staff, text="Parking for night staff is a mile from the door.", unit="")
    assert released_concern().unit == org.system


def test_it_files_the_concern_and_shows_the_receipt_once(staff, org):
    response = submit(
        staff, text="Charting after every shift takes me an extra hour at home.", unit=org.medicine.pk
    )
    assert response.status_code == 200
    code = RECEIPT.search(response.content.decode()).group(1)
    assert not Concern.objects.exists()  # sealed in the intake until its batch
    release_due(everything=True)
    assert find_by_receipt(code).unit == org.medicine
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    # The code is stored only as a keyed hash.
    assert not Receipt.objects.filter(digest__icontains=code.replace("-", "")).exists()
    assert code not in str(list(Concern.objects.values()))


def test_it_keeps_the_text_and_explains_when_too_short(staff, org):
    response = submit(staff, text="too short")
    assert response.status_code == 400
    assert "too short" in response.content.decode()
    assert "at least 10 characters" in response.content.decode()
    assert not Concern.objects.exists()


def test_it_rejects_a_unit_the_reporter_does_not_belong_to(staff, org):
    response = submit(staff, text="The lifts on this floor are broken again.", unit=org.other_hospital.pk)
    assert response.status_code == 400
    assert not Concern.objects.exists()


def test_it_warns_when_unit_and_role_cover_too_few_people_and_offers_a_broader_level(staff, org):
    # Two pharmacists on 4 West (plus the reporter on 5 East): below the minimum of 5.
    data = {
        "text": "The pharmacy fridge alarms all night and nobody fixes it.",
        "unit": org.ward_a.pk,
        "role_group": "pharmacist",
    }
    response = submit(staff, **data)
    page = response.content.decode()
    assert "Few people share this unit and role" in page
    assert "Submit anyway" in page
    assert not Concern.objects.exists()
    broaden = re.search(r'name="broaden" value="([^"]+)"', page).group(1)
    response = submit(staff, **data, broaden=broaden)
    assert "We changed where this goes" in response.content.decode()
    assert not Concern.objects.exists()


def test_it_submits_anyway_once_the_reporter_confirms(staff, org):
    submit(
        staff,
        text="The pharmacy fridge alarms all night.",
        unit=org.ward_a.pk,
        role_group="pharmacist",
        confirmed="on",
    )
    concern = released_concern()
    assert (concern.unit, concern.role_group) == (org.ward_a, "pharmacist")


def test_the_coverage_check_warns_before_submit(staff, org):
    response = staff.post(reverse("speak:coverage"), {"unit": org.ward_a.pk, "role_group": "pharmacist"})
    assert "Few people share this unit and role" in response.content.decode()
    response = staff.post(reverse("speak:coverage"), {"unit": org.ward_a.pk, "role_group": "nurse"})
    assert "Few people" not in response.content.decode()
    # No role chosen ("Prefer not to say"): the few are the unit's people (a new-user walk read
    # "this unit and role" with no role given).
    response = staff.post(reverse("speak:coverage"), {"unit": org.ward_b.pk, "role_group": ""})
    assert "Few people work in this unit." in response.content.decode()
    assert "unit and role" not in response.content.decode()


def test_it_warns_gently_when_the_text_names_a_person(staff, org):
    response = submit(staff, text="Dana Okafor shouted at me in front of a patient family today.")
    page = response.content.decode()
    assert "seems to name someone (Dana Okafor)" in page
    assert not Concern.objects.exists()
    submit(staff, text="Dana Okafor shouted at me in front of a patient family today.", confirmed="on")
    release_due(everything=True)
    assert Concern.objects.count() == 1


def test_it_shows_crisis_resources_and_marks_the_concern_urgent(staff, org):
    response = submit(
        staff, text="I can't do this anymore. Some nights I think everyone would be better off without me."
    )
    page = response.content.decode()
    assert "988" in page and "Physician Support Line" in page
    assert "must acknowledge it by" in page
    assert released_concern().urgent


def test_a_spanish_writer_who_does_not_want_to_wake_up_is_shown_resources_and_marked_urgent(staff, org):
    """A tester's Spanish statement got an ordinary receipt and a sealed concern, while its English
    rendering got the crisis panel and an urgent concern."""
    staff.cookies["django_language"] = "es"
    page = submit(staff, text="Estoy agotada después de cada turno. Ya no quiero despertar nunca más.")
    body = page.content.decode()
    assert '<html lang="es">' in body and "988" in body and "Physician Support Line" in body
    assert released_concern().urgent


def test_ordinary_frustration_shows_no_crisis_banner_but_the_quiet_help_line(staff, org):
    response = submit(staff, text="This job is killing me, three doubles this week and no lunch.")
    page = response.content.decode()
    assert "You don't have to carry this alone" not in page
    assert not released_concern().urgent
    # The screen misses some writers at risk: every receipt names the help lines, quietly.
    assert 'class="help-line' in page and reverse("community:resources") in page
    assert "988 Suicide &amp; Crisis Lifeline" in page


def test_the_help_line_names_the_lines_the_office_set_up(staff, org):
    from upstream.community.models import Resource

    Resource.objects.create(
        name="Línea de la Vida", phone="800 911 2000", category="crisis", show_in_distress=True, country=""
    )
    page = staff.get(reverse("speak:new")).content.decode()
    assert 'href="tel:8009112000"' in page and "Línea de la Vida: 800 911 2000" in page
    assert "1-888-409-0141" not in page  # no hard-coded US number beside the office's own


def test_broadening_works_before_the_text_is_written(staff, org):
    response = submit(
        staff, text="", unit=org.ward_a.pk, role_group="pharmacist", broaden=f"{org.ward_a.pk}|"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "We changed where this goes" in page and "This field is required" not in page
    assert f'<option value="{org.ward_a.pk}" selected>' in page
    assert '<option value="" selected>Prefer not to say</option>' in page


def test_it_suggests_the_smallest_own_unit_that_still_hides_the_reporter(staff, org):
    # 4 West has 11 people; 5 East has only the reporter, so it is never suggested.
    page = staff.get(reverse("speak:new")).content.decode()
    assert f'<option value="{org.ward_a.pk}" selected>' in page
    assert "We suggest 4 West" in page


def test_sending_the_same_page_twice_files_one_concern_and_shows_its_receipt_again(staff, org):
    """The browser shows only the last answer: after a double tap, or a refresh after the answer was
    lost, the second page used to say "already sent", and the writer never saw their receipt."""
    form = staff.get(reverse("speak:new")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', form).group(1)
    data = {"text": "Night shift has had no porter for a month.", "unit": org.ward_a.pk, "form_key": key}
    first, second = submit(staff, **data), submit(staff, **data)
    assert first.status_code == second.status_code == 200
    receipt = RECEIPT.search(first.content.decode()).group(0)
    assert RECEIPT.search(second.content.decode()).group(0) == receipt
    assert IntakeEntry.objects.count() == 1
    assert "marked urgent" not in second.content.decode()  # ordinary words, as the first page said


def test_the_same_page_sent_with_other_words_files_nothing_and_says_so(staff, org):
    form = staff.get(reverse("speak:new")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', form).group(1)
    submit(staff, text="Night shift has had no porter for a month.", unit=org.ward_a.pk, form_key=key)
    edited = submit(
        staff, text="Night shift has had no porter for six weeks.", unit=org.ward_a.pk, form_key=key
    )
    assert edited.status_code == 409 and "already sent" in edited.content.decode()
    assert not RECEIPT.search(edited.content.decode())
    assert IntakeEntry.objects.count() == 1


def test_a_second_sending_in_crisis_words_shows_the_crisis_lines_again(staff, org):
    """The browser shows only the last answer, so after a double tap the writer saw "already sent"
    and never the crisis lines the first answer carried."""
    form = staff.get(reverse("speak:new")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', form).group(1)
    text = "Some nights I think everyone would be better off without me."
    first = submit(staff, text=text, unit=org.ward_a.pk, form_key=key)
    second = submit(staff, text=text, unit=org.ward_a.pk, form_key=key)
    page = second.content.decode()
    assert second.status_code == 200 and RECEIPT.search(page).group(0) in first.content.decode()
    assert "988" in page and "marked urgent" in page
    edited = submit(staff, text=text + " Really.", unit=org.ward_a.pk, form_key=key)
    assert edited.status_code == 409 and "988" in edited.content.decode()  # screened again
    assert IntakeEntry.objects.count() == 1


def test_a_page_sent_again_at_the_daily_limit_still_shows_its_receipt(staff, org, settings):
    """The retry is answered before the limit is counted: the writer did send this one."""
    settings.UPSTREAM_SUBMISSIONS_PER_DAY = 1
    form = staff.get(reverse("speak:new")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', form).group(1)
    data = {"text": "Night shift has had no porter for a month.", "unit": org.ward_a.pk, "form_key": key}
    first, again = submit(staff, **data), submit(staff, **data)
    assert again.status_code == 200
    assert RECEIPT.search(again.content.decode()).group(0) == RECEIPT.search(first.content.decode()).group(0)
    refused = submit(staff, text="A second concern about the rota today.", unit=org.ward_a.pk)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert IntakeEntry.objects.count() == 1


def test_the_pages_kept_answer_is_sealed_in_the_dump_and_never_logged(staff, org, caplog):
    """The page's one-time key opens the kept answer; the dump holds neither the key nor the receipt,
    and the kept answer has the same size for an urgent concern as for an ordinary one."""
    caplog.set_level(logging.DEBUG)
    before = dump()
    receipts, keys = [], []
    for text in ("Some nights I think everyone would be better off without me.", "The rota is late again."):
        form = staff.get(reverse("speak:new")).content.decode()
        keys.append(re.search(r'name="form_key" value="([^"]+)"', form).group(1))
        page = submit(staff, text=text + " Nights on 4 West.", unit=org.ward_a.pk, form_key=keys[-1])
        receipts.append(RECEIPT.search(page.content.decode()).group(1))
    changes = written(before, dump())
    assert "intake_usedformkey" in changes
    kept = [bytes(a) for a in UsedFormKey.objects.values_list("answer", flat=True)]
    assert len(kept) == 2 and len(kept[0]) == len(kept[1])
    everything = " ".join(" ".join(row) for rows in changes.values() for row in rows)
    for secret in [*receipts, *keys, org.reporter.email, org.reporter.username]:
        assert secret not in everything, secret
        assert all(secret.encode() not in answer for answer in kept), secret
        assert secret not in caplog.text, secret


def test_one_account_cannot_flood_the_inbox(staff, org, settings):
    settings.UPSTREAM_SUBMISSIONS_PER_DAY = 2
    for index in range(2):
        assert (
            submit(staff, text=f"Concern number {index} about the rota.", unit=org.ward_a.pk).status_code
            == 200
        )
    refused = submit(staff, text="A third concern about the rota today.", unit=org.ward_a.pk)
    assert refused.status_code == 429
    assert "A third concern about the rota today." in refused.content.decode()  # the text is kept
    assert IntakeEntry.objects.count() == 2


@pytest.mark.parametrize("bad", ["Nul\x00byte in my concern text", "Bell\x07 character in my concern"])
def test_unstorable_characters_get_a_clear_message_not_a_server_error(staff, org, bad):
    response = submit(staff, text=bad, unit=org.ward_a.pk)
    assert response.status_code == 400
    assert "character" in response.content.decode()
    assert not IntakeEntry.objects.exists()


def test_bytes_that_are_not_utf8_never_cause_a_server_error(staff, org):
    form = staff.get(reverse("speak:new")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = f"csrfmiddlewaretoken={token}&text=Lone%ED%A0%80surrogate+bytes+in+the+text&unit={org.ward_a.pk}"
    response = staff.post(reverse("speak:new"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500

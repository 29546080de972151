"""The pages: answering on one screen without JavaScript, managing waves, results and CSV."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.intake.models import IntakeEntry
from upstream.surveys import services
from upstream.surveys.models import Invitation, Status, Wave
from upstream.surveys.results import results_from
from upstream.surveys.services import WavePlan
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_results import add_responses


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.medicine])


def signed_in(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_it_shows_one_accessible_form_with_a_fieldset_per_question(client, org, wave):
    page = signed_in(client, "nurse3").get(reverse("surveys:surveys_answer:answer", args=[wave.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<fieldset") == 6 and html.count("<legend>") == 6
    assert 'type="radio"' in html and "<script" not in html.split("<main")[1]
    assert "not a validated scale" in html
    # Numbered as a refused answer names them ("question 3 of ...").
    legends = re.findall(r"<legend>(.*?)</legend>", html, re.S)
    numbers = [re.search(r'question-number">(\d+)\.', legend).group(1) for legend in legends]
    assert numbers == ["1", "2", "3", "4", "5", "6"]


def test_it_takes_an_answer_by_plain_form_post_and_refuses_a_second(client, org, wave):
    signed_in(client, "nurse3")
    url = reverse("surveys:surveys_answer:answer", args=[wave.pk])
    page = client.post(
        url, {"upstream-pulse__up_division": "4", "upstream-pulse__up_meaning": "5", "comment": ""}
    )
    assert page.status_code == 200 and "Your answers were received" in page.content.decode()
    assert IntakeEntry.objects.count() == 1
    again = client.get(url)
    assert "already answered" in again.content.decode()
    # A second tab, opened before the first answer, sends answers and a comment: nothing is saved,
    # and the comment comes back to copy rather than vanishing.
    second = client.post(url, {"upstream-pulse__up_division": "2", "comment": "Rota gaps every weekend."})
    text = second.content.decode()
    assert second.status_code == 409 and "already answered" in text
    assert 'readonly dir="auto">Rota gaps every weekend.</textarea>' in text
    assert 'name="comment"' not in text  # no form to send again
    assert IntakeEntry.objects.count() == 1


def test_a_chosen_answer_can_be_taken_back_with_no_answer(client, org, wave):
    """'Skip any question you like', but a radio once chosen could not be cleared (a11y probe)."""
    signed_in(client, "nurse3")
    url = reverse("surveys:surveys_answer:answer", args=[wave.pk])
    html = client.get(url).content.decode()
    assert html.count('value=""> No answer</label>') == 6
    page = client.post(url, {"upstream-pulse__up_division": "", "upstream-pulse__up_meaning": "5"})
    assert "Your answers were received" in page.content.decode()
    none = signed_in(client, "nurse4").post(url, {"upstream-pulse__up_division": ""})
    assert none.status_code == 400 and "Answer at least one question." in none.content.decode()


def test_it_shows_crisis_resources_at_once(client, org, wave):
    signed_in(client, "nurse3")
    page = client.post(
        reverse("surveys:surveys_answer:answer", args=[wave.pk]),
        {"upstream-pulse__up_meaning": "1", "comment": "I want to kill myself after these shifts."},
    )
    html = page.content.decode()
    assert "988" in html and 'role="alert"' in html


def test_it_keeps_what_was_chosen_when_the_answer_is_refused(client, org, wave):
    signed_in(client, "reporter")  # two units: must choose one
    page = client.post(
        reverse("surveys:surveys_answer:answer", args=[wave.pk]), {"upstream-pulse__up_division": "4"}
    )
    html = page.content.decode()
    assert page.status_code == 400 and "Choose the unit" in html
    assert 'value="4" checked' in html
    assert Invitation.objects.get(wave=wave, user__username="reporter").answered_on is None


def test_an_outsider_gets_404_for_a_wave_they_are_not_invited_to(client, org, wave):
    assert (
        signed_in(client, "outsider")
        .get(reverse("surveys:surveys_answer:answer", args=[wave.pk]))
        .status_code
        == 404
    )
    assert client.get(reverse("surveys:results", args=[wave.pk])).status_code == 404
    assert client.get(reverse("surveys:manage")).status_code == 404


def test_the_office_schedules_and_a_leader_asks(client, org):
    office_of(org)
    signed_in(client, "office")
    form = {
        "title": "Winter pulse",
        "units": [str(org.medicine.pk)],
        "instruments": ["upstream-pulse", "loneliness-3"],
        "opens_on": str(timezone.localdate() + dt.timedelta(days=30)),
        "closes_on": str(timezone.localdate() + dt.timedelta(days=41)),
        "every_weeks": "6",
    }
    assert client.post(reverse("surveys:manage"), form).status_code == 302
    assert Wave.objects.get().series.every_weeks == 6
    client.logout()
    signed_in(client, "leader_a")
    form.update(units=[str(org.ward_a.pk)], every_weeks="")
    assert client.post(reverse("surveys:manage"), form).status_code == 302
    assert Wave.objects.filter(status=Status.REQUESTED, requested_by=org.leader).exists()
    form.update(units=[str(org.other_hospital.pk)])
    refused = client.post(reverse("surveys:manage"), form)
    assert refused.status_code == 400 and "units you lead" in refused.content.decode()


def test_the_wave_list_says_a_wave_is_open_closed_or_still_to_come(client, org):
    office = office_of(org)
    today = timezone.localdate()
    open_wave(org, office, today=today - dt.timedelta(days=60))  # closed 47 days ago
    open_wave(org, office, today=today)
    later = dict(title="Later", unit_ids=[org.system.pk], instrument_keys=["upstream-pulse"], role_groups=[])
    services.schedule_wave(
        office,
        WavePlan(**later, opens_on=today + dt.timedelta(days=30), closes_on=today + dt.timedelta(days=43)),
        today=today,
    )
    signed_in(client, "office")
    page = client.get(reverse("surveys:manage")).content.decode()
    statuses = re.findall(r"<td>(Closed|Open|Scheduled)", page)
    assert sorted(statuses) == ["Closed", "Open", "Scheduled"]


def test_results_page_and_csv_show_only_what_privacy_allows(client, org, wave):
    add_responses(wave, org.ward_a, "nurse", 7, division=2)
    add_responses(wave, org.ward_b, "nurse", 3, division=5)
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        signed_in(client, "chair")  # after travelling: a session lasts two weeks
        page = client.get(reverse("surveys:results", args=[wave.pk]))
        csv_text = client.get(reverse("surveys:results_csv", args=[wave.pk])).content.decode()
        trend = client.get(reverse("surveys:trends"), {"score": "upstream-pulse:division"})
    assert page.status_code == 200 and "hidden" in page.content.decode()
    lines = [line for line in csv_text.splitlines() if line.startswith("Autumn pulse,5 East")]
    assert lines and all(",hidden," in line for line in lines)
    assert "Autumn pulse,Medicine,unit,10,upstream-pulse,division,2.90" in csv_text
    assert trend.status_code == 200 and "2.9" in trend.content.decode()


def test_spanish_pages_write_the_decimal_comma_while_the_csv_and_api_keep_the_dot(client, org, wave):
    """docs/languages.md: the reader's decimal mark on pages; files and the API are for machines."""
    add_responses(wave, org.ward_a, "nurse", 7, division=2)
    add_responses(wave, org.ward_b, "nurse", 3, division=5)
    spanish = {"HTTP_ACCEPT_LANGUAGE": "es"}
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        signed_in(client, "chair")
        page = client.get(reverse("surveys:results", args=[wave.pk]), **spanish).content.decode()
        csv_text = client.get(reverse("surveys:results_csv", args=[wave.pk]), **spanish).content.decode()
        api = client.get(f"/api/v1/surveys/waves/{wave.pk}/results", **spanish)
    assert 'lang="es"' in page and "2,9" in page and "2.9" not in page
    assert "Autumn pulse,Medicine,unit,10,upstream-pulse,division,2.90" in csv_text
    medicine = next(r for r in api.json()["rows"] if r["label"] == "Medicine" and r["kind"] == "unit")
    division = next(s for s in medicine["scores"] if s["score"] == "division")
    assert division["mean"] == pytest.approx(2.9) and '"mean": 2.9' in api.content.decode()


def test_a_unit_leader_sees_results_only_for_waves_touching_their_units(client, org):
    office = office_of(org)
    elsewhere = open_wave(org, office, units=[org.other_hospital])
    signed_in(client, "leader_a")
    assert client.get(reverse("surveys:results", args=[elsewhere.pk])).status_code == 404


def test_the_csv_quotes_cells_a_spreadsheet_would_run_as_formulas(client, org, wave):
    Wave.objects.filter(pk=wave.pk).update(title="=HYPERLINK(1)")
    add_responses(wave, org.ward_a, "nurse", 6)
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        signed_in(client, "chair")  # after travelling: a session lasts two weeks
        csv_text = client.get(reverse("surveys:results_csv", args=[wave.pk])).content.decode()
    assert "\n=HYPERLINK" not in csv_text and "'=HYPERLINK(1)" in csv_text


def test_the_signed_in_page_tells_someone_in_a_small_group_and_not_someone_in_a_large_one(client, org, wave):
    # The reporter is also the only pharmacist on 5 East; nurse3 is one of eight nurses on 4 West.
    client.login(username="reporter", password=PASSWORD)
    page = client.get(reverse("surveys:surveys_answer:answer", args=[wave.pk])).content.decode()
    assert "Few people share your unit and role" in page and "share your role in 5 East" in page
    assert "in 4 West" not in page.split("share your role in", 1)[1].split("</p>", 1)[0]
    client.login(username="nurse3", password=PASSWORD)
    page = client.get(reverse("surveys:surveys_answer:answer", args=[wave.pk])).content.decode()
    assert "Few people share your unit and role" not in page


def test_the_office_sees_two_levels_of_units_and_opens_one_to_see_below_it(client, org):
    # The office's scope is the system: the hospital and Medicine are two levels below it, the
    # wards three. A system's 2,000 units would not be readable on one page; the CSV has every one.
    wave = open_wave(org, office_of(org), units=[org.system])
    add_responses(wave, org.ward_a, "nurse", 7, division=2)
    add_responses(wave, org.ward_b, "nurse", 6, division=5)
    url = reverse("surveys:results", args=[wave.pk])
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        signed_in(client, "office")  # after travelling: a session lasts two weeks
        top = client.get(url).content.decode()
        opened = client.get(url, {"within": org.medicine.pk}).content.decode()
        elsewhere = client.get(url, {"within": "999999"}).content.decode()
        mistyped = client.get(url, {"within": "abc"}).content.decode()
        csv_text = client.get(reverse("surveys:results_csv", args=[wave.pk])).content.decode()
        client.cookies["django_language"] = "es"
        spanish = client.get(url).content.decode()
    rows = top.split("Scores by unit and role group")[1]
    assert "Medicine" in rows and "4 West" not in rows and "5 East" not in rows
    assert f'href="?within={org.medicine.pk}"' in rows and "Open the units below Medicine" in rows
    assert f"?within={org.hospital.pk}" not in rows  # everything below the hospital is shown
    opened_rows = opened.split("Scores by unit and role group")[1]
    assert "4 West" in opened_rows and "5 East" in opened_rows and "Riverbend General" in opened_rows
    assert "Showing Medicine and two levels of units below it." in opened
    assert "Autumn pulse,4 West,unit,7," in csv_text and "Autumn pulse,5 East,unit,6," in csv_text
    # An edited or old link keeps the page: every unit, and why the one asked for is not shown.
    for page in (elsewhere, mistyped):
        assert "The unit in this link is not in the results you can see" in page
        assert "Medicine" in page.split("Scores by unit and role group")[1]
    assert "not in the results you can see" not in top
    assert ">Abrir</a>" in spanish and "Abierta" not in spanish  # the verb, not the state of a concern


def test_a_leader_cannot_open_a_unit_outside_their_results(client, org, wave):
    add_responses(wave, org.ward_a, "nurse", 7)
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        signed_in(client, "chair")  # after travelling: a session lasts two weeks
        page = client.get(reverse("surveys:results", args=[wave.pk]), {"within": org.other_hospital.pk})
    text = page.content.decode()
    assert page.status_code == 200 and "The unit in this link is not in the results you can see" in text
    assert org.other_hospital.name not in text


def test_the_trends_page_names_the_score_it_shows_and_offers_the_others(client, org, wave):
    add_responses(wave, org.ward_a, "nurse", 12, division=2)
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        # Signed in on the day itself: a session from today would have lapsed two weeks on.
        client.force_login(org.chair)
        page = client.get(reverse("surveys:trends"), {"score": "upstream-pulse:division"}).content.decode()
        empty = client.get(reverse("surveys:trends")).content.decode()
        mistyped = client.get(reverse("surveys:trends"), {"score": "upstream-pulse:divison"}).content.decode()
    assert '<h2 id="trend-heading">Division · Connection pulse (not validated)</h2>' in page
    assert 'role="region" aria-labelledby="trend-heading"' in page
    assert '<option value="upstream-pulse:division" selected>' in page
    assert "Choose a score to see how it changed from wave to wave." in empty
    assert "No closed waves with this score yet." not in empty
    assert "do not have" not in empty and "do not have" not in page
    # A mistyped score is named, not taken for no score at all; the choices are still offered.
    assert "The link asked for a score these surveys do not have." in mistyped
    assert '<option value="upstream-pulse:division">' in mistyped
    assert "hidden-cell" not in mistyped and "trend-heading" not in mistyped  # no table for it


def test_a_wave_scheduled_for_today_invites_at_once(client, org, django_capture_on_commit_callbacks):
    """A wave opening today showed "Open" all day while nobody was invited (the survey job runs each
    morning), so nobody could answer it until the next day (an officer's walk)."""
    from upstream.surveys.models import Invitation

    office_of(org)
    signed_in(client, "office")
    form = {
        "title": "Today's pulse",
        "units": [str(org.ward_a.pk)],
        "instruments": ["upstream-pulse"],
        "opens_on": str(timezone.localdate()),
        "closes_on": str(timezone.localdate() + dt.timedelta(days=7)),
    }
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("surveys:manage"), form, follow=True).content.decode()
    assert "opens today: invitations are going out now" in page
    wave = Wave.objects.get()
    assert wave.invitations_sent_on == timezone.localdate()
    assert Invitation.objects.filter(wave=wave, user=org.reporter).exists()

    later = dict(form, title="Next week's pulse", opens_on=str(timezone.localdate() + dt.timedelta(days=7)))
    later["closes_on"] = str(timezone.localdate() + dt.timedelta(days=14))
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("surveys:manage"), later, follow=True).content.decode()
    assert "Invitations go out on its first day." in page
    assert Wave.objects.get(title="Next week's pulse").invitations_sent_on is None

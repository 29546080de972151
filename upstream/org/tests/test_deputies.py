"""A deputy covers a leader's inbox for a period; their reads are recorded under their own name."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.concerns.models import ReadRecord
from upstream.concerns.tests.helpers import released
from upstream.org import services
from upstream.org.access import led_units
from upstream.org.models import Deputy


def _today() -> dt.date:
    return timezone.localdate()


def _cover(org, deputy, *, start: int = 0, end: int = 6) -> Deputy:
    today = _today()
    return services.set_deputy(
        org.leader, deputy, today + dt.timedelta(days=start), today + dt.timedelta(days=end)
    )


def test_it_lets_a_deputy_read_the_inbox_only_while_covering_and_logs_reads_as_the_deputy(client, org):
    concern = released(unit=org.ward_a).concern
    client.login(username="nurse0", password=PASSWORD)
    assert client.get(reverse("concerns:inbox")).status_code == 404
    period = _cover(org, org.other_leader)  # the 5 East manager covers 4 West this week
    client.login(username="leader_b", password=PASSWORD)
    page = client.get(reverse("concerns:inbox")).content.decode()
    assert "Covering for Dana Okafor until" in page and str(concern.pk) in page
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 200
    assert ReadRecord.objects.filter(concern=concern, via="page").get().leader == org.other_leader
    # The API follows the same access.
    response = client.get(
        f"/api/v1/concerns/{concern.pk}", HTTP_AUTHORIZATION=f"Bearer {create_token(org.other_leader)}"
    )
    assert response.status_code == 200
    # After the period, nothing.
    period.ends_on = _today() - dt.timedelta(days=1)
    period.starts_on = period.ends_on
    period.save()
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    assert [u.pk for u in led_units(org.other_leader)] == [org.ward_b.pk]


def test_a_future_period_gives_nothing_yet_and_an_outsider_never_sees_anything(client, org):
    concern = released(unit=org.ward_a).concern
    _cover(org, org.outsider, start=3, end=5)
    assert led_units(org.outsider) == []
    client.login(username="outsider", password=PASSWORD)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    assert client.get(reverse("deputies")).status_code == 404


def test_the_leader_names_and_ends_a_deputy_on_the_page(client, org):
    client.login(username="leader_a", password=PASSWORD)
    today = _today()
    response = client.post(
        reverse("deputies"),
        {
            "person": "leader_b",
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    period = Deputy.objects.get()
    assert (period.leader, period.deputy) == (org.leader, org.other_leader)
    page = client.get(reverse("deputies")).content.decode()
    assert "Sam Reyes covers from" in page
    # Its button names whose cover it ends (two covers gave two identical buttons): one that begins
    # today is cancelled, one already running is ended.
    assert "Cancel Sam Reyes's cover" in page and "End Sam Reyes" not in page
    Deputy.objects.filter(pk=period.pk).update(starts_on=today - dt.timedelta(days=1))
    page = client.get(reverse("deputies")).content.decode()
    assert "End Sam Reyes's cover now" in page
    Deputy.objects.filter(pk=period.pk).update(starts_on=today)
    # A colleague cannot end someone else's cover.
    client.login(username="chair", password=PASSWORD)
    assert client.post(reverse("deputy_end", args=[period.pk])).status_code == 404
    client.login(username="leader_a", password=PASSWORD)
    assert client.post(reverse("deputy_end", args=[period.pk])).status_code == 302
    assert not Deputy.objects.exists()  # it began today: removed


def test_the_page_refuses_bad_periods_with_a_clear_message(client, org):
    client.login(username="leader_a", password=PASSWORD)
    today = _today()
    cases = [
        ({"person": "nobody-here", "starts_on": today, "ends_on": today}, "No active account"),
        ({"person": "leader_a", "starts_on": today, "ends_on": today}, "other than yourself"),
        ({"person": "leader_b", "starts_on": today, "ends_on": today - dt.timedelta(days=1)}, "on or after"),
        ({"person": "leader_b", "starts_on": "soon", "ends_on": today}, "as dates"),
        ({"person": "leader_b\x00", "starts_on": today, "ends_on": today}, "No active account"),
    ]
    for data, message in cases:
        response = client.post(reverse("deputies"), data)
        assert response.status_code == 400 and message in response.content.decode(), data
    assert not Deputy.objects.exists()


def test_a_deputy_cannot_pass_the_cover_on(org):
    _cover(org, org.outsider)
    with pytest.raises(services.DeputyError, match="Only a leader"):
        services.set_deputy(org.outsider, org.reporter, _today(), _today())


def test_the_api_names_lists_and_ends_deputies(client, org):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    today = _today()
    body = {"person": "leader_b@example.org", "starts_on": today.isoformat(), "ends_on": today.isoformat()}
    response = client.post("/api/v1/deputies", body, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    period_id = response.json()["id"]
    listed = client.get("/api/v1/deputies", **headers).json()
    assert [d["deputy"] for d in listed["deputies"]] == ["Sam Reyes"]
    covering = client.get(
        "/api/v1/deputies", HTTP_AUTHORIZATION=f"Bearer {create_token(org.other_leader)}"
    ).json()["covering"]
    assert [d["leader"] for d in covering] == ["Dana Okafor"]
    outsider = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.outsider)}"}
    assert client.post(f"/api/v1/deputies/{period_id}/end", **outsider).status_code == 404
    assert (
        client.post("/api/v1/deputies", body, content_type="application/json", **outsider).status_code == 404
    )
    bad = dict(body, ends_on=(today - dt.timedelta(days=2)).isoformat())
    assert client.post("/api/v1/deputies", bad, content_type="application/json", **headers).status_code == 400
    # The schema says the person cannot be blank; one nobody has is a 404, as what is not there is.
    blank = dict(body, person=" ")
    unnamed = client.post("/api/v1/deputies", blank, content_type="application/json", **headers)
    assert unnamed.status_code == 400 and unnamed.json()["errors"][0]["loc"][-1] == "person"
    unknown = client.post(
        "/api/v1/deputies", dict(body, person="nobody-here"), content_type="application/json", **headers
    )
    assert (unknown.status_code, unknown.json()["detail"]) == (
        404,
        "No active account has that name, username or email.",
    )
    assert client.post(f"/api/v1/deputies/{2**70}/end", **headers).status_code in (400, 422)
    assert client.post(f"/api/v1/deputies/{period_id}/end", **headers).status_code == 204
    assert not Deputy.objects.exists()


def test_a_deputy_gets_the_reminders_while_covering(org):
    from upstream.concerns.services import submit_concern
    from upstream.concerns.tasks import release_batch
    from upstream.intake.schedule import top_of_hour

    monday = dt.datetime(2026, 3, 9, 15, 0, tzinfo=dt.UTC)
    done = submit_concern(text="Nobody covers lunch on weekends.", unit=org.ward_a, now=monday)
    release_batch.enqueue(top_of_hour(done.visible_from).isoformat())
    Deputy.objects.create(
        leader=org.leader,
        deputy=org.other_leader,
        starts_on=dt.date(2026, 3, 12),
        ends_on=dt.date(2026, 3, 20),
    )
    friday = timezone.localtime(done.ack_due_at).replace(hour=8, minute=0, second=0)
    release_batch.enqueue(top_of_hour(friday).isoformat())
    reminded = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Reminder"))
    assert reminded == sorted([org.leader.email, org.other_leader.email])


def test_a_deputy_gets_the_new_concern_digest_and_escalations_for_the_leader_they_cover(org):
    from upstream.concerns.services import submit_concern
    from upstream.concerns.tasks import release_batch
    from upstream.intake.schedule import top_of_hour

    monday = dt.datetime(2026, 3, 9, 15, 0, tzinfo=dt.UTC)
    done = submit_concern(text="Nobody covers lunch on weekends.", unit=org.ward_a, now=monday)
    # The 5 East manager covers the chair of medicine (the level above 4 West) that week.
    Deputy.objects.create(
        leader=org.chair, deputy=org.other_leader, starts_on=dt.date(2026, 3, 9), ends_on=dt.date(2026, 3, 20)
    )
    release_batch.enqueue(top_of_hour(done.visible_from).isoformat())
    digests = sorted(m.to[0] for m in mail.outbox if m.subject == "New concerns in Upstream")
    assert digests == sorted([org.leader.email, org.chair.email, org.other_leader.email])
    mail.outbox.clear()
    release_batch.enqueue(top_of_hour(done.ack_due_at + dt.timedelta(hours=2)).isoformat())
    overdue = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Overdue"))
    assert overdue == sorted([org.chair.email, org.other_leader.email])
    assert org.outsider.email not in {m.to[0] for m in mail.outbox}


@pytest.mark.parametrize("typed", ["", "   "])
def test_an_empty_name_asks_for_one_instead_of_saying_no_account_has_it(client, org, typed):
    client.login(username="leader_a", password=PASSWORD)
    today = _today().isoformat()
    response = client.post(reverse("deputies"), {"person": typed, "starts_on": today, "ends_on": today})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Write the name, username or email of the person who will cover for you." in page
    assert "No active account" not in page
    assert 'name="person" type="text" maxlength="254" required autocomplete="off" value="' in page
    assert 'aria-describedby="deputy-error" aria-invalid="true"' in page
    assert not Deputy.objects.exists()
    spanish = client.post(
        reverse("deputies"), {"person": "", "starts_on": today, "ends_on": today}, HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    asked = "Escriba el nombre, el nombre de usuario o el correo electrónico de la persona que le cubrirá."
    assert asked in spanish


def test_naming_a_colleague_of_the_unit_warns_the_leader_on_the_page_and_in_the_api(client, org):
    """A nurse of 4 West may cover its manager (a charge nurse does), but will read the anonymous
    concerns of their own colleagues: the leader is told so, and can choose someone else."""
    today = _today()
    client.login(username="leader_a", password=PASSWORD)
    chosen = {"person": "nurse0", "starts_on": today.isoformat(), "ends_on": today.isoformat()}
    asked = client.post(reverse("deputies"), chosen).content.decode()
    # Asked first, nothing saved yet: said only after saving, the cover had already begun.
    assert "works in 4 West and will read every concern of 4 West while covering, those of their own" in asked
    assert "choose a leader from outside this unit." in asked  # one unit named: not "these units"
    assert "as your deputy?" in asked and "Yes, name them" in asked
    assert not Deputy.objects.filter(deputy__username="nurse0").exists()
    page = client.post(reverse("deputies"), {**chosen, "confirmed": "yes"}, follow=True).content.decode()
    assert Deputy.objects.filter(deputy__username="nurse0").exists()  # allowed, not refused
    assert "works in 4 West and will read" in page  # and said again beside the list

    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    body = {"person": "reporter", "starts_on": today.isoformat(), "ends_on": today.isoformat()}
    # The API asks first too: it saved the cover and warned after (an integrator's walk).
    asked = client.post("/api/v1/deputies", body, content_type="application/json", **headers)
    assert asked.status_code == 400
    assert "works in 4 West and will read" in asked.json()["detail"]
    assert asked.json()["detail"].endswith(
        "Nothing was saved. Send again with confirmed=true to name them all the same."
    )
    assert not Deputy.objects.filter(deputy=org.reporter).exists()
    named = client.post(
        "/api/v1/deputies", {**body, "confirmed": True}, content_type="application/json", **headers
    )
    assert named.status_code == 201
    assert "works in 4 West and will read" in named.json()["warning"]
    assert "5 East" not in named.json()["warning"]  # a member there too, but not under this leader
    outside = client.post(
        "/api/v1/deputies",
        {"person": "leader_b", "starts_on": today.isoformat(), "ends_on": today.isoformat()},
        content_type="application/json",
        **headers,
    )
    assert outside.status_code == 201 and outside.json()["warning"] == ""
    page = client.get(reverse("deputies")).content.decode()
    assert "those of their own colleagues" not in page  # said once, not kept


def test_naming_someone_who_leads_no_unit_asks_the_leader_to_check_the_name(client, org):
    """A mistyped username or email (a nurse of another hospital) gave a stranger every concern of
    the leader's units without a word. Allowed, but the leader is asked to check, on the page and
    in the API; a leader of another unit is not questioned."""
    today = _today()
    client.login(username="leader_a", password=PASSWORD)
    chosen = {"person": "outsider@example.org", "starts_on": today.isoformat(), "ends_on": today.isoformat()}
    asked = client.post(reverse("deputies"), chosen).content.decode()
    assert "leads no unit in Upstream and will read every concern of 4 West while covering" in asked
    assert not Deputy.objects.filter(deputy=org.outsider).exists()
    assert "end the cover below" not in asked  # no cover exists yet to end (a walk)
    saved = client.post(reverse("deputies"), {**chosen, "confirmed": "yes"}, follow=True).content.decode()
    assert Deputy.objects.filter(deputy=org.outsider).exists()
    assert "If this is not the person you meant, end the cover below." in saved
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    named = client.post(
        "/api/v1/deputies",
        {"person": "outsider", "starts_on": tomorrow, "ends_on": tomorrow, "confirmed": True},
        content_type="application/json",
        **headers,
    )
    assert named.status_code == 201 and "Check that this is the person you meant" in named.json()["warning"]
    assert services.colleague_warning(org.leader, org.chair) == ""  # leads Medicine


def test_a_cover_cannot_begin_in_the_past_nor_repeat_one_already_set(org):
    """A period from 14 Nov was saved on 4 Dec ("covers your inbox from 14 Nov"), and a double click
    saved the same period twice (the deputy's inbox said "Covering for" twice)."""
    today = dt.date(2026, 12, 4)

    def cover(start: int, end: int) -> Deputy:
        first, last = today + dt.timedelta(days=start), today + dt.timedelta(days=end)
        return services.set_deputy(org.leader, org.other_leader, first, last, today=today)

    with pytest.raises(services.DeputyError, match="The first day is in the past"):
        cover(-20, 3)
    cover(0, 3)
    with pytest.raises(services.DeputyError, match="already covers your inbox from 4 Dec to 7 Dec"):
        cover(2, 9)
    cover(4, 9)  # the days after: a second period
    assert Deputy.objects.filter(leader=org.leader, deputy=org.other_leader).count() == 2


def test_the_same_page_sent_twice_names_the_deputy_once_and_says_so(client, org):
    """A double tap on "Save deputy" on a slow line answered the second tap with "Sam Reyes already
    covers your inbox ...; end that period first", as if the first had failed. The page's one-time
    key makes the second say it was already sent; a refused page keeps its key for the correction."""
    client.login(username="leader_a", password=PASSWORD)
    today = _today()
    key = re.search(r'name="form_key" value="([^"]+)"', client.get(reverse("deputies")).content.decode())
    assert key, "no one-time key on the form"
    data = {
        "person": "leader_b",
        "starts_on": today,
        "ends_on": today - dt.timedelta(days=1),
        "form_key": key.group(1),
    }
    refused = client.post(reverse("deputies"), data)
    assert refused.status_code == 400 and f'value="{key.group(1)}"' in refused.content.decode()
    data["ends_on"] = today + dt.timedelta(days=3)
    assert client.post(reverse("deputies"), data).status_code == 302
    again = client.post(reverse("deputies"), data, follow=True)
    page = again.content.decode()
    assert again.redirect_chain[-1][0] == reverse("deputies")
    assert "This was already sent. Nothing was sent twice." in page and "end that period first" not in page
    assert Deputy.objects.count() == 1


def test_the_warning_names_the_whole_scope_the_deputy_will_read(org):
    """A nurse named deputy of the well-being office was told she "will read the concerns of their
    own colleagues" in 4 West: she would read every concern of the system (an officer's walk)."""
    from upstream.org.models import LeaderAssignment, User
    from upstream.org.services import colleague_warning

    office = User.objects.create_user(username="office_deputies", password="x")
    LeaderAssignment.objects.create(user=office, unit=org.system, title="Well-being office")
    warning = colleague_warning(office, User.objects.get(username="nurse0"))
    assert f"works in 4 West and will read every concern of {org.system.name} while covering" in warning


def test_a_deputy_of_the_top_leader_covers_the_inbox_not_the_office(client, org):
    """Named deputy of the well-being officer (who leads the top unit), a nurse read the whole
    system's audit trail and got "Schedule survey waves" with Close and Cancel on the system's
    waves; cover promises the inbox and concern pages."""
    from upstream.org.models import LeaderAssignment

    LeaderAssignment.objects.create(user=org.outsider, unit=org.system, title="Well-being officer")
    today = _today()
    services.set_deputy(org.outsider, org.reporter, today, today + dt.timedelta(days=3))
    client.login(username="reporter", password=PASSWORD)
    assert "Covering for" in client.get(reverse("concerns:inbox")).content.decode()
    assert client.get("/audit/reads/").status_code == 403
    assert client.get("/api/v1/audit/reads").status_code == 403
    page = client.get("/surveys/manage/").content.decode()
    assert "Schedule survey waves" not in page and "Ask for a survey wave" in page
    client.logout()
    client.login(username="outsider", password=PASSWORD)
    assert client.get("/audit/reads/").status_code == 200
    assert "Schedule survey waves" in client.get("/surveys/manage/").content.decode()


@pytest.mark.parametrize(
    ("person", "first", "last", "said"),
    [
        ("leader_a", 0, 2, "Choose someone other than yourself."),
        ("nurse0", 3, 1, "The last day must be on or after the first day."),
        ("nurse0", -5, -2, "The period is already over; choose days from today on."),
    ],
)
def test_a_period_that_cannot_be_set_is_refused_before_the_question(client, org, person, first, last, said):
    """The page asked "Name Dana Okafor as your deputy? ... will read every concern" about the leader
    themself, or a period already over, and said what was wrong only once the leader confirmed."""
    today = _today()
    client.login(username="leader_a", password=PASSWORD)
    days = {"starts_on": today + dt.timedelta(days=first), "ends_on": today + dt.timedelta(days=last)}
    answer = client.post(
        reverse("deputies"), {"person": person, **{k: v.isoformat() for k, v in days.items()}}
    )
    page = answer.content.decode()
    assert answer.status_code == 400 and said in page
    assert "as your deputy?" not in page and not Deputy.objects.exists()


def test_a_deputy_is_found_by_their_name_unless_two_people_share_it(client, org):
    """A leader typed "Sam Reyes", as they know the colleague, and read "No active account" (a walk)."""
    from upstream.org.models import User

    assert services.find_person("  sam   REYES ") == org.other_leader
    client.login(username="leader_a", password=PASSWORD)
    today = _today().isoformat()
    named = client.post(reverse("deputies"), {"person": "Sam Reyes", "starts_on": today, "ends_on": today})
    assert named.status_code == 302 and Deputy.objects.get().deputy == org.other_leader
    Deputy.objects.all().delete()
    User.objects.create_user("sam2", "sam2@example.org", first_name="Sam", last_name="Reyes")
    twice = client.post(reverse("deputies"), {"person": "Sam Reyes", "starts_on": today, "ends_on": today})
    assert twice.status_code == 400 and not Deputy.objects.exists()
    assert "More than one person is called Sam Reyes" in twice.content.decode()
    body = {"person": "Sam Reyes", "starts_on": today, "ends_on": today}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    api = client.post("/api/v1/deputies", body, content_type="application/json", **headers)
    assert api.status_code == 400 and "More than one person" in api.json()["detail"]


def test_the_api_answers_a_period_the_same_deputy_already_covers_with_409(client, org):
    """A state conflict, as the API's other 409s (it was a 400, as for a malformed period)."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    today = _today().isoformat()
    body = {"person": "leader_b", "starts_on": today, "ends_on": today}
    first = client.post("/api/v1/deputies", body, content_type="application/json", **headers)
    again = client.post("/api/v1/deputies", body, content_type="application/json", **headers)
    assert (first.status_code, again.status_code) == (201, 409)
    assert "already covers your inbox" in again.json()["detail"] and Deputy.objects.count() == 1


def test_a_first_or_last_name_alone_finds_the_one_person_who_has_it(org):
    # "Jess" gave "No active account has that name" about Jess Moreau (a new-user walk).
    from upstream.org.models import User

    assert services.find_person("sam") == org.other_leader == services.find_person("Reyes")
    User.objects.create_user("sam2", "sam2@example.org", first_name="Sam", last_name="Ortiz")
    with pytest.raises(services.SeveralNamed):
        services.find_person("Sam")
    assert services.find_person("Ortiz").username == "sam2"
    assert services.find_person("Nobody") is None


def test_a_cover_not_yet_begun_is_said_to_be_cancelled_not_ended(client, org):
    client.login(username="leader_a", password=PASSWORD)
    later = _today() + dt.timedelta(days=7)
    period = Deputy.objects.create(leader=org.leader, deputy=org.other_leader, starts_on=later, ends_on=later)
    page = client.post(reverse("deputy_end", args=[period.pk]), follow=True).content.decode()
    assert "The cover is cancelled." in page and "The cover has ended." not in page


FAR_ADVICE = "First day: choose a day within a year from today; check the year."


@pytest.mark.parametrize("first", ["9999-12-10", "days:367"])
def test_a_first_day_more_than_a_year_ahead_is_refused_at_its_box_on_the_page_and_in_the_api(
    client, org, first
):
    """A cover from 10 Dec 9999 was saved, and said "covers your inbox from 10 Dec" (a new-user walk)."""
    today = _today()
    if first.startswith("days:"):
        first = (today + dt.timedelta(days=int(first[5:]))).isoformat()
    typed = {"person": "leader_b", "starts_on": first, "ends_on": first}
    client.login(username="leader_a", password=PASSWORD)
    page = client.post(reverse("deputies"), typed)
    html = page.content.decode()
    assert page.status_code == 400 and FAR_ADVICE in html
    # Said at the First day box, with everything typed still there.
    box = html.split('for="deputy-starts"')[1].split('id="deputy-ends"')[0]
    assert FAR_ADVICE in box and 'aria-invalid="true"' in box
    assert 'value="leader_b"' in html and f'value="{first}"' in html
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    api = client.post("/api/v1/deputies", typed, content_type="application/json", **headers)
    assert (api.status_code, api.json()["detail"]) == (400, FAR_ADVICE)
    assert not Deputy.objects.exists()
    a_year = today + dt.timedelta(days=366)  # the last day that may still begin a cover
    services.set_deputy(org.leader, org.other_leader, a_year, a_year)


def test_a_cover_in_another_year_is_written_with_its_year(client, org, time_machine):
    """A cover next June read "covers your inbox from 10 Jun", as if it began this June."""
    time_machine.move_to(dt.datetime(2026, 12, 4, 12, tzinfo=dt.UTC))
    client.login(username="leader_a", password=PASSWORD)

    def name(first: str, last: str) -> str:
        data = {"person": "leader_b", "starts_on": first, "ends_on": last}
        return client.post(reverse("deputies"), data, follow=True).content.decode()

    assert "Sam Reyes covers your inbox from 10 Jun 2027." in name("2027-06-10", "2027-06-12")
    assert "Sam Reyes covers your inbox from 10 Dec." in name("2026-12-10", "2026-12-12")
    services.set_deputy(org.leader, org.other_leader, dt.date(2026, 12, 28), dt.date(2027, 1, 3))
    with pytest.raises(services.DeputyError, match="from 28 Dec to 3 Jan 2027; end that period"):
        services.set_deputy(org.leader, org.other_leader, dt.date(2027, 1, 2), dt.date(2027, 1, 4))
    # The deputy's own list of whom they cover, on a day of that cover.
    time_machine.move_to(dt.datetime(2026, 12, 30, 12, tzinfo=dt.UTC))
    client.login(username="leader_b", password=PASSWORD)
    assert "Dana Okafor until 3 Jan 2027" in client.get(reverse("deputies")).content.decode()
    # And the inbox's banner above the concerns they read while covering.
    assert (
        "Covering for Dana Okafor until 3 Jan 2027" in client.get(reverse("concerns:inbox")).content.decode()
    )

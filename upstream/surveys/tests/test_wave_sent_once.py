"""A new wave sent twice is scheduled once; the API says what the page says of a wave's state.

Found by the well-being officer: sending the "New wave" form twice (a double click, or Back and
send again) scheduled two identical waves, and everyone in the group would have been invited twice.
The form now carries the one-time key the other forms use, and the API's POST honours an
Idempotency-Key. `GET /api/v1/surveys/waves` said "scheduled" of an open and a closed wave alike.
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from upstream.surveys import services
from upstream.surveys.models import Status, Wave
from upstream.surveys.services import WavePlan
from upstream.surveys.tests.helpers import office_of, open_wave

ALREADY = "This was already sent. Nothing was sent twice."


def _in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _form(org, key: str, **changes) -> dict:
    form = {
        "form_key": key,
        "title": "Winter pulse",
        "units": [str(org.ward_a.pk)],
        "instruments": ["upstream-pulse"],
        "opens_on": _in_days(30),
        "closes_on": _in_days(39),
    }
    form.update(changes)
    return form


def _key(html: str) -> str:
    found = re.search(r'<input type="hidden" name="form_key" value="([^"]+)">', html)
    assert found, "no one-time key on the new-wave form"
    return found.group(1)


def test_the_new_wave_form_sent_twice_schedules_one_wave(client, org):
    client.force_login(office_of(org))
    key = _key(client.get(reverse("surveys:manage")).content.decode())
    first = client.post(reverse("surveys:manage"), _form(org, key))
    assert first.status_code == 302
    again = client.post(reverse("surveys:manage"), _form(org, key), follow=True)
    assert again.status_code == 200
    assert ALREADY in [str(m) for m in get_messages(again.wsgi_request)] or ALREADY in again.content.decode()
    assert Wave.objects.filter(title="Winter pulse").count() == 1
    # The next showing of the form has a fresh key, so a second wave on purpose is still possible.
    assert _key(again.content.decode()) != key


def test_a_refused_form_keeps_its_key_and_the_corrected_one_is_scheduled(client, org):
    client.force_login(office_of(org))
    key = _key(client.get(reverse("surveys:manage")).content.decode())
    refused = client.post(reverse("surveys:manage"), _form(org, key, closes_on=_in_days(20)))
    assert refused.status_code == 400
    assert _key(refused.content.decode()) == key  # nothing was created, so the key was not spent
    assert client.post(reverse("surveys:manage"), _form(org, key)).status_code == 302
    assert Wave.objects.filter(title="Winter pulse").count() == 1


def test_a_leader_s_request_sent_twice_is_one_request(client, org):
    office_of(org)
    client.force_login(org.leader)
    key = _key(client.get(reverse("surveys:manage")).content.decode())
    client.post(reverse("surveys:manage"), _form(org, key))
    client.post(reverse("surveys:manage"), _form(org, key))
    assert Wave.objects.filter(title="Winter pulse", status=Status.REQUESTED).count() == 1


def test_a_wave_overlapping_one_for_the_same_people_is_scheduled_with_a_warning(client, org):
    office = office_of(org)
    open_wave(org, office, units=[org.medicine])  # open for 13 more days, everyone in medicine
    client.force_login(office)
    key = _key(client.get(reverse("surveys:manage")).content.decode())
    page = client.post(
        reverse("surveys:manage"), _form(org, key, opens_on=_in_days(5), closes_on=_in_days(9)), follow=True
    )
    said = [str(m) for m in get_messages(page.wsgi_request)] + [page.content.decode()]
    assert any("Autumn pulse" in text and "invited to both" in text for text in said)
    assert Wave.objects.filter(title="Winter pulse").count() == 1  # warned, not refused


def test_no_warning_for_other_people_or_other_dates(org):
    office = office_of(org)
    open_wave(org, office, units=[org.medicine], roles=("nurse",))
    plan = WavePlan(
        title="x",
        unit_ids=[org.ward_a.pk],
        instrument_keys=["upstream-pulse"],
        opens_on=timezone.localdate() + dt.timedelta(days=5),
        closes_on=timezone.localdate() + dt.timedelta(days=9),
        role_groups=["physician"],
    )
    assert services.overlapping_waves(plan) == []  # other role group
    later = WavePlan(
        **{**plan.__dict__, "role_groups": [], "opens_on": plan.opens_on + dt.timedelta(days=20)}
    )
    later = WavePlan(**{**later.__dict__, "closes_on": later.opens_on + dt.timedelta(days=3)})
    assert services.overlapping_waves(later) == []  # after it closes
    assert [
        w.title for w in services.overlapping_waves(WavePlan(**{**plan.__dict__, "role_groups": []}))
    ] == ["Autumn pulse"]


def test_the_api_schedules_once_for_one_idempotency_key(client, org):
    client.force_login(office_of(org))
    body = {
        "title": "API pulse",
        "unit_ids": [org.medicine.pk],
        "instruments": ["upstream-pulse"],
        "opens_on": _in_days(30),
        "closes_on": _in_days(39),
    }
    headers = {"HTTP_IDEMPOTENCY_KEY": "5f0c3a52-6c1e-4f0e-9a51-0d4c4b1e7a11"}
    url = "/api/v1/surveys/waves"
    assert client.post(url, body, content_type="application/json", **headers).status_code == 201
    again = client.post(url, body, content_type="application/json", **headers)
    assert (again.status_code, again.json()["detail"]) == (409, ALREADY)
    assert Wave.objects.filter(title="API pulse").count() == 1
    other = {"HTTP_IDEMPOTENCY_KEY": "another"}
    assert client.post(url, body, content_type="application/json", **other).status_code == 201


def test_the_api_gives_each_wave_s_state_as_the_page_shows_it(client, org):
    office = office_of(org)
    today = timezone.localdate()
    open_now = open_wave(org, office, units=[org.medicine])
    closed = open_wave(org, office, units=[org.ward_a], today=today - dt.timedelta(days=20))
    early = open_wave(org, office, units=[org.ward_b])
    services.close_wave(office, early)  # closed early by the office: "Closed" on the page
    later = services.schedule_wave(
        office,
        WavePlan(
            title="Later",
            unit_ids=[org.medicine.pk],
            instrument_keys=["upstream-pulse"],
            opens_on=today + dt.timedelta(days=30),
            closes_on=today + dt.timedelta(days=35),
            role_groups=[],
        ),
    )
    cancelled = services.cancel_wave(office, open_wave(org, office, units=[org.medicine]))
    client.force_login(office)
    waves = {w["id"]: w for w in client.get("/api/v1/surveys/waves").json()}
    assert {k: waves[w.pk]["state"] for k, w in [("open", open_now), ("closed", closed)]} == {
        "open": "open",
        "closed": "closed",
    }
    assert waves[later.pk]["state"] == "scheduled" and waves[cancelled.pk]["state"] == "cancelled"
    assert waves[open_now.pk]["status"] == waves[closed.pk]["status"] == "scheduled"  # kept as it was
    assert waves[early.pk]["state"] == "closed"
    page = client.get(reverse("surveys:manage")).content.decode()
    assert "Open" in page and "Closed" in page


def test_the_office_sees_whom_and_what_a_request_asks_before_approving(client, org):
    """The office's row for a leader's request gave its title, units and dates only: a request for
    residents alone, or for the burnout questionnaire, was approved without seeing either."""
    office = office_of(org)
    client.force_login(org.leader)
    key = _key(client.get(reverse("surveys:manage")).content.decode())
    asked = _form(org, key, role_groups=["resident"])
    assert client.post(reverse("surveys:manage"), asked).status_code == 302
    client.force_login(office)
    page = client.get(reverse("surveys:manage")).content.decode()
    row = page.split("Winter pulse")[1].split("</tr>")[0]
    assert "Resident or fellow" in row and "Connection pulse (not validated)" in row
    assert 'Approve<span class="sr-only">: Winter pulse</span>' in page

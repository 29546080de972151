"""The merge and move questions are pages reached by GET; only their "Yes" posts.

The concern page posted its merge and move forms, and the question came back as the answer to that
POST: after the leader confirmed, Back landed on the browser's "Confirm form resubmission" page.
Now the page's forms ask by GET (no CSRF token in the address), the question posts, and a GET
changes nothing whatever it carries.
"""

from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns.models import Concern
from upstream.concerns.tests.helpers import released
from upstream.concerns.tests.test_merge_refused import _with_similar


def test_the_concern_page_asks_to_merge_and_move_by_get_without_a_token_in_the_address(client, org):
    target, _nearer, _close = _with_similar(org)
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("concerns:detail", args=[target.pk])).content.decode()
    for name in ("merge", "move"):
        url = reverse(f"concerns:{name}", args=[target.pk])
        form = page[page.index(f'action="{url}"') - 40 :].split("</form>", 1)[0]
        assert 'method="get"' in form and "csrfmiddlewaretoken" not in form


def test_a_get_only_asks_and_merges_nothing(client, org):
    target, nearer, close = _with_similar(org)
    client.login(username="leader_a", password=PASSWORD)
    url = reverse("concerns:merge", args=[target.pk])
    asked = client.get(url, {"merge": [str(nearer.pk), str(close.pk)], "confirmed": "yes"})
    html = asked.content.decode()
    assert asked.status_code == 200 and nearer.reference in html and close.reference in html
    assert 'method="post"' in html and 'name="confirmed" value="yes"' in html
    assert not Concern.objects.filter(merged_into=target).exists()
    done = client.post(url, {"merge": [str(nearer.pk), str(close.pk)], "confirmed": "yes"})
    assert done.status_code == 302
    assert set(Concern.objects.filter(merged_into=target)) == {nearer, close}


def test_a_get_only_asks_and_moves_nothing(client, org):
    concern = released(unit=org.ward_a).concern
    client.login(username="leader_a", password=PASSWORD)
    url = reverse("concerns:move", args=[concern.pk])
    asked = client.get(url, {"unit": org.medicine.pk, "confirmed": "yes"})
    assert asked.status_code == 200
    assert f"Move {concern.reference} to Medicine (department)?" in asked.content.decode()
    concern.refresh_from_db()
    assert concern.unit == org.ward_a and not concern.events.exists()

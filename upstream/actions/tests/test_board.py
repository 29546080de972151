"""The "you said, we did" board as staff see it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.actions import services
from upstream.actions.tests.helpers import break_cover_published
from upstream.concerns.tests.helpers import released


@pytest.fixture
def published(org):
    action = break_cover_published(org)
    services.add_update(action, org.leader, "Float nurse hired", 50)
    return action


def test_staff_in_the_scope_see_published_actions_with_progress(client, org, published):
    client.login(username="reporter", password=PASSWORD)
    page = client.get(reverse("actions:board")).content.decode()
    assert "Break cover on nights" in page and "50% done" in page and "Float nurse hired" in page


def test_staff_outside_the_scope_do_not(client, org, published):
    client.login(username="outsider", password=PASSWORD)
    assert "Break cover on nights" not in client.get(reverse("actions:board")).content.decode()


def test_drafts_stay_off_the_board(client, org):
    services.create_action(org.leader, title="Draft idea", description="Not yet.", scope=org.ward_a)
    client.login(username="reporter", password=PASSWORD)
    assert "Draft idea" not in client.get(reverse("actions:board")).content.decode()


def test_a_small_number_of_linked_concerns_is_not_counted_out_loud(client, org, published):
    client.login(username="reporter", password=PASSWORD)
    page = client.get(reverse("actions:board")).content.decode()
    assert "answers concerns raised by staff" in page and "answers 1 concerns" not in page


def test_progress_must_be_a_percentage(org, published):
    with pytest.raises(services.ActionError, match="0 to 100"):
        services.add_update(published, org.leader, "Oops", 140)


def test_a_leader_cannot_publish_for_a_unit_they_do_not_lead(org):
    with pytest.raises(services.ActionError, match="units you lead"):
        services.create_action(org.other_leader, title="x", description="y", scope=org.ward_a)


def test_the_new_action_page_records_the_concern_excerpts_it_shows_as_reads(client, org):
    from upstream.concerns.models import ReadRecord

    done = released(unit=org.ward_a)
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("actions:new")).content.decode()
    assert done.concern.text[:40] in page
    assert ReadRecord.objects.filter(leader=org.leader, concern=done.concern, via="excerpt").exists()


def test_the_new_action_page_lists_concerns_as_a_fieldset_of_shortened_excerpts(client, org):
    long_text = "Nights on 4 West ran two nurses short again this week, " * 4
    done = released(text=long_text, unit=org.ward_a)
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("actions:new")).content.decode()
    # The boxes are grouped under a legend (a label pointing at no box named nothing), and an
    # excerpt cut at 80 characters says so instead of stopping mid-word.
    assert "<fieldset><legend>Concerns this answers</legend>" in page
    assert '<label for="id_concerns">' not in page
    assert f"{done.concern.reference} · 4 West · {long_text[:79]}…" in page


def test_leaders_see_every_published_action_in_their_subtree_and_above(client, org, published):
    from upstream.org.models import LeaderAssignment

    system_leader = org.outsider
    LeaderAssignment.objects.create(user=system_leader, unit=org.system, title="Well-being officer")
    department_action = services.create_action(
        org.chair, title="Scribes in clinic", description="Two scribes.", scope=org.medicine
    )
    services.publish_action(department_action)
    for username, sees in (
        ("outsider", {"Break cover on nights", "Scribes in clinic"}),  # leads the whole system
        ("chair", {"Break cover on nights", "Scribes in clinic"}),  # a unit below the department
        ("leader_b", {"Scribes in clinic"}),  # the department above, not the sibling unit
    ):
        client.login(username=username, password=PASSWORD)
        page = client.get(reverse("actions:board")).content.decode()
        assert {t for t in ("Break cover on nights", "Scribes in clinic") if t in page} == sees, username


def test_a_leader_finds_their_drafts_and_published_actions_again_on_the_board(client, org, published):
    draft = services.create_action(org.leader, title="Draft idea", description="Not yet.", scope=org.ward_a)
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("actions:board")).content.decode()
    assert reverse("actions:new") in page
    assert "Your drafts" in page and "Draft idea" in page
    assert reverse("actions:detail", args=[draft.pk]) in page
    assert reverse("actions:detail", args=[published.pk]) + "#update" in page  # to post progress


def test_a_leader_sees_neither_drafts_nor_updates_for_actions_they_do_not_lead(client, org):
    services.create_action(org.leader, title="Draft idea", description="Not yet.", scope=org.ward_a)
    above = services.create_action(
        org.chair, title="Medicine-wide huddles", description="Daily.", scope=org.medicine
    )
    services.publish_action(above)
    client.login(username="leader_b", password=PASSWORD)
    page = client.get(reverse("actions:board")).content.decode()
    assert "Draft idea" not in page
    assert "Medicine-wide huddles" in page  # on the board of every unit below Medicine
    assert reverse("actions:detail", args=[above.pk]) not in page  # but only Medicine's leaders update it


def test_staff_get_no_leader_tools_on_the_board(client, org, published):
    client.login(username="reporter", password=PASSWORD)
    page = client.get(reverse("actions:board")).content.decode()
    assert reverse("actions:new") not in page and "Your drafts" not in page
    assert reverse("actions:detail", args=[published.pk]) not in page


def api(client, user, path: str) -> dict:
    from upstream.api.tokens import create_token

    answer = client.get(path, HTTP_AUTHORIZATION=f"Bearer {create_token(user)}")
    assert answer.status_code == 200
    return answer.json()


def test_the_api_lists_a_leaders_drafts_and_which_board_actions_they_may_update(client, org, published):
    draft = services.create_action(org.leader, title="Draft idea", description="Not yet.", scope=org.ward_a)
    assert [d["id"] for d in api(client, org.leader, "/api/v1/actions/drafts")["items"]] == [draft.pk]
    assert api(client, org.other_leader, "/api/v1/actions/drafts")["items"] == []
    assert api(client, org.reporter, "/api/v1/actions/drafts")["items"] == []
    mine = api(client, org.leader, "/api/v1/board")["items"]
    assert [(a["id"], a["you_lead"]) for a in mine] == [(published.pk, True)]
    theirs = api(client, org.reporter, "/api/v1/board")["items"]
    assert [(a["id"], a["you_lead"]) for a in theirs] == [(published.pk, False)]


def test_the_board_api_gives_each_update_its_day_and_progress(client, org, published):
    """The board shows "14 Nov: Float nurse posted… (60%)"; the API gave the bare text (an API walk)."""
    services.add_update(published, org.leader, "Float nurse posted to nights.", 60)
    services.add_update(published, org.leader, "Rota shared with the unit.")
    [item] = [a for a in api(client, org.reporter, "/api/v1/board")["items"] if a["id"] == published.pk]
    today = str(timezone.localdate())
    assert [(u["on"], u["text"], u["progress"]) for u in item["update_details"]][-2:] == [
        (today, "Float nurse posted to nights.", 60),
        (today, "Rota shared with the unit.", None),
    ]

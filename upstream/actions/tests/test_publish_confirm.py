"""Publishing a draft cannot be undone: its title reaches a whole subtree's board and every linked
reporter's thread. The page asks first, says who will read it, and a stale or unconfirmed POST
publishes nothing; the API's one call stays."""

from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD
from upstream.actions import services
from upstream.actions.models import Action
from upstream.concerns.models import Event
from upstream.concerns.tests.helpers import released


def test_the_page_asks_who_will_read_it_before_publishing(client, org):
    concern = released(unit=org.ward_a).concern
    action = services.create_action(
        org.chair,
        title="Break cover on nights",
        description="A float nurse covers breaks.",
        scope=org.medicine,
        concern_ids=[str(concern.pk)],
    )
    client.login(username="chair", password=PASSWORD)
    publish = reverse("actions:publish", args=[action.pk])

    asked = client.post(publish).content.decode()  # the draft page's button: no confirmation yet
    action.refresh_from_db()
    assert action.state == Action.State.DRAFT
    assert "Publish “Break cover on nights”?" in asked
    # 10 people in 4 West and 5 East, the reporter counted once though a member of both.
    assert "Medicine (department) and every unit under it: 10 people work there." in asked
    assert "The reporter of the linked concern sees it in their thread." in asked
    assert "cannot be changed" in asked and 'name="confirmed" value="yes"' in asked
    assert f'href="{reverse("actions:detail", args=[action.pk])}"' in asked  # the way back
    assert not Event.objects.filter(kind=Event.Kind.ACTION_LINKED).exists()

    done = client.post(publish, {"confirmed": "yes"}, follow=True).content.decode()
    action.refresh_from_db()
    assert action.state == Action.State.PUBLISHED
    assert "Published on the “You said, we did” board." in done
    assert Event.objects.filter(kind=Event.Kind.ACTION_LINKED, concern=concern).count() == 1

    again = client.post(publish, {"confirmed": "yes"}, follow=True).content.decode()
    assert "This action is already published." in again
    assert Event.objects.filter(kind=Event.Kind.ACTION_LINKED).count() == 1  # told once


def test_another_units_leader_cannot_reach_the_question(client, org):
    action = services.create_action(
        org.leader, title="Quiet room", description="A room for breaks.", scope=org.ward_a, concern_ids=[]
    )
    client.login(username="leader_b", password=PASSWORD)
    publish = reverse("actions:publish", args=[action.pk])
    assert client.get(publish).status_code == 404
    assert client.post(publish, {"confirmed": "yes"}).status_code == 404
    action.refresh_from_db()
    assert action.state == Action.State.DRAFT


def test_the_question_counts_reporters_of_merged_concerns_and_names_no_units_under_a_unit(client, org):
    """After a merge the page said "the reporter of the linked concern" for two people; for 4 West,
    which has no unit under it, "and every unit under it" (found by a leader walk)."""
    from upstream.concerns import services as concerns

    first = released(unit=org.ward_a).concern
    second = released("Breaks never happen on nights; two nurses short every week.", unit=org.ward_a).concern
    concerns.merge_concerns(first, [second], org.leader)
    action = services.create_action(
        org.leader,
        title="Break cover",
        description="A float nurse.",
        scope=org.ward_a,
        concern_ids=[str(first.pk)],
    )
    client.login(username="leader_a", password=PASSWORD)
    asked = client.get(reverse("actions:publish", args=[action.pk])).content.decode()
    assert "2 reporters see it in their threads" in asked
    assert "board of 4 West (unit):" in asked and "every unit under it" not in asked

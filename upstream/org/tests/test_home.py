"""The home page each person lands on after signing in."""

from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD


def test_it_handles_a_leader_by_putting_their_inbox_and_dashboard_first(client, org):
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("home")).content.decode()
    inbox, dashboard = page.index(reverse("concerns:inbox")), page.index(reverse("insights:dashboard"))
    # After the header's menu, which links everything: the cards start at the grid.
    grid = page.index('class="grid"')
    cards = page[grid:]
    assert cards.index(reverse("concerns:inbox")) < cards.index(reverse("speak:new"))
    assert reverse("insights:dashboard") in cards
    assert inbox < grid and dashboard < grid  # and the menu still has both


def test_it_handles_staff_with_no_leader_cards(client, org):
    client.login(username="reporter", password=PASSWORD)
    page = client.get(reverse("home")).content.decode()
    cards = page[page.index('class="grid"') :]
    assert reverse("concerns:inbox") not in cards and reverse("insights:dashboard") not in cards
    assert reverse("speak:new") in cards and reverse("receipt:lookup") in cards

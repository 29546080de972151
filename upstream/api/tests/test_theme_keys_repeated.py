"""A theme key given twice in a correction is one theme (found by test_schema_fuzz_existing.py: the
concern holds each theme once, and a repeated key was a 500 from the database's unique rule)."""

from __future__ import annotations

from upstream.api.tokens import create_token
from upstream.concerns.tests.helpers import released
from upstream.themes.models import Theme


def test_it_handles_a_theme_key_repeated_in_a_correction_as_one_theme(client, org):
    concern = released(unit=org.ward_a).concern
    primary, other = Theme.objects.filter(active=True).order_by("key")[:2]
    answer = client.post(
        f"/api/v1/concerns/{concern.pk}/themes",
        {"primary": primary.key, "secondary": [other.key, other.key, primary.key]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(org.leader)}",
    )
    assert answer.status_code == 200
    assert [t["key"] for t in answer.json()["themes"]] == [primary.key, other.key]
    assert sorted(concern.themes.values_list("theme__key", flat=True)) == sorted([primary.key, other.key])

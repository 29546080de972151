"""The concern admin lists references, never text (every model's names: ops/tests/test_admin_names.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from upstream.concerns.tests.helpers import released

STAFFING_WORDS = "nobody could take a break"  # from the helper's concern text


@pytest.mark.django_db
def test_the_concern_list_shows_references_and_never_the_text(admin_client, org):
    concern = released(unit=org.ward_a).concern
    listing = admin_client.get(reverse("admin:concerns_concern_changelist")).content.decode()
    assert "Reference" in listing and concern.reference in listing
    assert STAFFING_WORDS not in listing  # operators see the shape of a concern, never its text

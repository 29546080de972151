"""The API token admin in the operator's language (every model's names: ops/tests/test_admin_names.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from upstream.api.models import Scope
from upstream.api.tokens import create_token


@pytest.mark.django_db
def test_the_token_list_shows_permissions_by_their_labels_not_their_codes(admin_client, admin_user):
    create_token(admin_user, "nightly export", [Scope.READ])
    page = admin_client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert str(Scope.READ.label) in page

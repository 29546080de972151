"""The admin in Spanish, end to end (issue 12); every model's names: ops/tests/test_admin_names.py."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_an_operator_who_reads_spanish_gets_the_admin_in_spanish(admin_client):
    # The whole chain: names marked for translation, the Spanish catalogue, the compiled .mo and the
    # language cookie the footer's switcher sets.
    admin_client.cookies["django_language"] = "es"
    page = admin_client.get(reverse("admin:org_membership_changelist")).content.decode()
    assert "<title>Seleccione pertenencia a modificar" in page
    assert '<a href="/admin/org/">Organización</a>' in page
    assert ">Unidades</a>" in page
    assert "Membership" not in page
    assert ">Units</a>" not in page
    # The admin carries the product's name, not Django's, in both languages.
    assert "Administración de Upstream" in page and "Django" not in page
    admin_client.cookies["django_language"] = "en"
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Upstream administration" in index and "Operators&#x27; tables" in index

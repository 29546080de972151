"""The crisis-resources API answers with the built-in lines, translated, while the office has
curated none (they are lazily translated settings; a lazy string once failed the response schema)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_fallback_crisis_lines_are_served_as_plain_text_in_the_callers_language(client):
    response = client.get("/api/v1/community/resources/crisis", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body and all(isinstance(r["name"], str) and isinstance(r["description"], str) for r in body)
    assert any("988" in r["description"] for r in body)

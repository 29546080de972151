"""The with-code answer's comment states the service's limit (the schema said 20,000 while 2,001 was
refused, with no field named)."""

from __future__ import annotations

import pytest

from upstream.surveys.services import MAX_COMMENT


@pytest.mark.django_db
def test_both_answer_bodies_state_the_comment_limit_the_service_keeps(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert schemas["CodeAnswerIn"]["properties"]["comment"]["maxLength"] == MAX_COMMENT == 2000
    assert schemas["AnswerIn"]["properties"]["comment"]["maxLength"] == MAX_COMMENT

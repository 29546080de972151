"""Each component in /api/openapi.json is the model the operations using it really read and answer.

Ninja names a component after its model's class and let a later model of the same name replace an
earlier one: two `MeetingIn`s documented the campaign meeting with the mentoring meeting's fields, the
surveys' `RowOut` was published as the listening one, and a fuzzer's valid requests were refused.
"""

from __future__ import annotations

from unittest import mock

import pytest
from ninja import Router, Schema
from pydantic import create_model

from upstream.api.openapi import SchemaNameClash, UpstreamAPI


def _schema(client):
    return client.get("/api/openapi.json").json()


def _body(schema, path, method="post"):
    ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


def _answer(schema, path, code="200", method="get"):
    return schema["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]


def test_it_documents_each_operation_with_its_own_body(client, db):
    schema = _schema(client)
    campaign = _body(schema, "/api/v1/community/campaigns/{campaign_id}/meetings")
    mentoring = _body(schema, "/api/v1/community/mentoring/matches/{match_id}/meetings")
    assert set(campaign["required"]) == {"starts_at", "location"}
    assert mentoring["required"] == ["on"]
    assert set(_body(schema, "/api/v1/community/campaigns/asks/{ask_id}/answer")["required"]) == {
        "answer",
        "decision",
    }
    assert "answers" in _body(schema, "/api/v1/surveys/answer/{wave_id}")["required"]
    update = _body(schema, "/api/v1/community/campaigns/{campaign_id}/updates")["properties"]["text"]
    assert update["minLength"] == 3
    similar = _body(schema, "/api/v1/community/shared/similar")["properties"]["text"]
    assert similar["maxLength"] == 5000 and "minLength" not in similar


def test_it_documents_each_answer_with_its_own_shape(client, db):
    schema = _schema(client)
    components = schema["components"]["schemas"]
    survey_rows = components["SurveyRowOut"]["properties"]
    assert {"kind", "label", "n", "scores"} <= set(survey_rows)
    assert {"key", "name", "cells"} <= set(components["RowOut"]["properties"])
    shared = _answer(schema, "/api/v1/community/shared/similar", method="post")["items"]["$ref"]
    assert shared.endswith("/SharedSimilarOut")
    assert set(components["SharedSimilarOut"]["required"]) == {"kind", "id", "title", "score"}
    assert set(components["SimilarOut"]["required"]) == {"concern", "similarity", "words"}


# Two models that both call themselves "Thing", as two modules' classes of one name do.
FirstThing = create_model("Thing", __base__=Schema, a=(int, ...))
SecondThing = create_model("Thing", __base__=Schema, b=(str, ...))


def test_it_refuses_two_different_models_under_one_name():
    first, second = Router(), Router()

    @first.post("/a")
    def a(request, payload: FirstThing) -> None: ...

    @second.post("/b")
    def b(request, payload: SecondThing) -> None: ...

    api = UpstreamAPI(urls_namespace="clash-test")
    api.add_router("/first", first)
    api.add_router("/second", second)
    with pytest.raises(SchemaNameClash, match="'Thing'"):
        api.get_openapi_schema(path_prefix="")


def test_it_lists_the_values_a_choice_field_takes_and_refuses_others_in_a_sentence(client, org):
    components = _schema(client)["components"]["schemas"]
    assert components["UseIn"]["properties"]["kind"]["enum"] == ["call", "text", "open"]
    assert "senior" in components["ProfileIn"]["properties"]["career_stage"]["enum"]
    assert "declined" in components["AskAnswerIn"]["properties"]["decision"]["enum"]
    assert "crisis" in components["ResourceIn"]["properties"]["category"]["enum"]
    client.force_login(org.reporter)
    refused = client.put(
        "/api/v1/community/mentoring/profile",
        {"wants": "", "career_stage": "early", "interests": []},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["detail"]


def test_it_states_the_lengths_the_services_enforce(client, db):
    """The schema promised 4,000 characters for a campaign update the service caps at 2,000, and a
    survey comment of 20,000 where 2,000 are kept; several minimums were missing."""
    schema = _schema(client)
    components = schema["components"]["schemas"]

    def limits(component, field):
        found = components[component]["properties"][field]
        return found.get("minLength"), found.get("maxLength")

    update = _body(schema, "/api/v1/community/campaigns/{campaign_id}/updates")["properties"]["text"]
    ask = _body(schema, "/api/v1/community/campaigns/{campaign_id}/ask")["properties"]["text"]
    assert (update["minLength"], update["maxLength"]) == (3, 2000)
    assert (ask["minLength"], ask["maxLength"]) == (10, 4000)
    assert limits("AnswerIn", "comment") == (None, 2000)
    assert limits("StoryIn", "text") == (20, 8000)
    assert limits("PeerRequestIn", "contact") == (3, 200)
    assert limits("GatheringIn", "title") == (3, 200)
    assert limits("ResourceIn", "name") == (2, 200)
    assert limits("ThanksIn", "text") == (3, 280)
    assert limits("DeclineIn", "reason") == (5, 1000)
    assert limits("ApproveIn", "text") == (10, 5000)
    assert components["WaveIn"]["properties"]["title"]["minLength"] == 1
    assert "schwartz_round" in components["GatheringIn"]["properties"]["kind"]["enum"]
    assert components["DecisionIn"]["properties"]["decision"]["enum"] == ["approve", "decline", "cancel"]


def test_the_schema_is_built_once_and_each_caller_gets_a_copy_of_its_own(client, db, settings):
    from upstream.api import openapi
    from upstream.api.urls import api

    with mock.patch.object(openapi, "add_common_errors", wraps=openapi.add_common_errors) as build:
        settings.UPSTREAM_UNUSED = 1  # a changed setting starts afresh, as a test's override does
        served = _schema(client)
        mine = api.get_openapi_schema()
        mine["paths"].clear()  # changing one's copy changes nobody else's
        assert _schema(client) == served and api.get_openapi_schema()["paths"]
        assert build.call_count == 1
        settings.UPSTREAM_UNUSED = 2
        assert _schema(client) == served and build.call_count == 2

"""A request that does not match the schema is answered in the product's words, in the request's
language, with pydantic's `loc` and `type` kept for the clients that match on them.

Before, each `msg` was pydantic's stock English ("Field required", "String should have at most 5000
characters", "Input should be a valid integer, unable to parse string as an integer"), whatever
language the request asked for.
"""

from __future__ import annotations

import json

from upstream.actions.models import Action
from upstream.api.errors import plain_message
from upstream.api.tests.test_api import auth, post
from upstream.concerns.tests.helpers import released
from upstream.intake.models import IntakeEntry
from upstream.lib.forms import DATE_WORDS, FILL_IN, WHOLE, shorten_to


def _problems(response) -> dict[str, dict]:
    assert response.status_code == 400, response.content
    return {".".join(str(p) for p in error["loc"]): error for error in response.json()["errors"]}


def test_it_names_each_problem_in_plain_words_and_keeps_loc_and_type(client, org):
    body = {"text": "x" * 5001, "unit_id": "ward four", "colour": "red"}
    response = post(client, "/api/v1/concerns", body, **auth(org.reporter))
    problems = _problems(response)
    assert problems["body.payload.text"]["type"] == "string_too_long"
    assert problems["body.payload.text"]["msg"] == shorten_to(5000)
    assert problems["body.payload.text"]["ctx"] == {"max_length": 5000}
    assert problems["body.payload.unit_id"]["type"] == "int_parsing"
    assert problems["body.payload.unit_id"]["msg"] == str(WHOLE)
    assert problems["body.payload.colour"]["type"] == "extra_forbidden"
    assert "check its spelling" in problems["body.payload.colour"]["msg"]
    detail = response.json()["detail"]
    assert "text: Please shorten this to 5,000 characters or fewer." in detail
    assert "payload" not in detail  # our parameter's name, which the caller never wrote
    assert "String should" not in detail and "valid integer" not in detail
    assert not IntakeEntry.objects.exists()


def test_a_missing_field_gets_the_forms_words(client, org):
    problems = _problems(post(client, "/api/v1/concerns", {}, **auth(org.reporter)))
    assert problems["body.payload.text"] == {
        "type": "missing",
        "loc": ["body", "payload", "text"],
        "msg": FILL_IN,
    }


def test_query_parameters_get_plain_words_for_bounds_choices_and_yes_or_no(client, org):
    headers = auth(org.leader)
    assert _problems(client.get("/api/v1/inbox?limit=0", **headers))["query.limit"]["msg"] == (
        "Please enter a number of 1 or more."
    )
    assert _problems(client.get("/api/v1/inbox?limit=500", **headers))["query.limit"]["msg"] == (
        "Please enter a number of 100 or less."
    )
    assert _problems(client.get("/api/v1/inbox?urgent=maybe", **headers))["query.urgent"]["msg"] == (
        "Please give true or false."
    )
    status = _problems(client.get("/api/v1/inbox?status=urgentish", **headers))["query.status"]
    assert status["type"] == "literal_error"
    assert (
        status["msg"]
        == "Please choose one of: 'open', 'new', 'acknowledged', 'in_progress', 'action_taken', 'closed'."
    )


def test_dates_and_ids_that_cannot_be_read_say_the_form_expected(client, org):
    deputy = {"person": "chair", "starts_on": "2026-13-01", "ends_on": "soon"}
    problems = _problems(post(client, "/api/v1/deputies", deputy, **auth(org.leader)))
    assert problems["body.payload.starts_on"]["msg"] == str(DATE_WORDS)
    assert problems["body.payload.ends_on"]["type"] == "date_parsing"  # not year-month-day
    assert problems["body.payload.ends_on"]["msg"] == str(DATE_WORDS)
    released(unit=org.ward_a)
    action = {
        "title": "Cover",
        "description": "A float nurse.",
        "scope_unit_id": org.ward_a.pk,
        "concern_ids": ["x"],
    }
    problems = _problems(post(client, "/api/v1/actions", action, **auth(org.leader)))
    assert problems["body.payload.concern_ids.0"]["type"] == "uuid_parsing"
    assert problems["body.payload.concern_ids.0"]["msg"].startswith("Please give an id of the form")


def test_our_own_validators_words_come_without_pydantics_prefix(client, org):
    body = {"text": "The lifts are broken again on the east side.", "unit_id": True}
    problems = _problems(post(client, "/api/v1/concerns", body, **auth(org.reporter)))
    assert problems["body.payload"]["msg"] == "unit_id must be a number, not true or false."


def test_the_words_follow_the_requests_language(client, org):
    headers = {**auth(org.reporter), "HTTP_ACCEPT_LANGUAGE": "es"}
    response = client.post("/api/v1/concerns", json.dumps({}), content_type="application/json", **headers)
    assert _problems(response)["body.payload.text"]["msg"] == "Rellene este campo."
    assert "Field required" not in response.json()["detail"]


def test_a_rare_error_type_keeps_pydantics_message():
    error = {"type": "url_parsing", "loc": ["body", "payload", "site"], "msg": "Input should be a valid URL"}
    assert plain_message(error) == "Input should be a valid URL"
    # A known type whose context lacks what the words need falls back too, never a 500.
    assert plain_message({"type": "string_too_long", "msg": "too long", "ctx": {}}) == "too long"


def test_the_schema_states_the_shape_of_these_answers(client, db):
    schema = client.get("/api/openapi.json").json()
    shape = schema["components"]["schemas"]["ValidationErrorOut"]["properties"]["errors"]["description"]
    assert "`loc`" in shape and "`type`" in shape and "request's language" in shape
    assert all(
        "400" in operation["responses"] for item in schema["paths"].values() for operation in item.values()
    )


def test_a_text_that_misses_a_stated_pattern_gets_the_patterns_own_words_in_the_requests_language(
    client, org
):
    """Not pydantic's "String should match pattern '^[\\s-]*(?:[0-9A-Za-z][\\s-]*){20}$'", which a
    person who mistyped a receipt code cannot use."""
    for language, words in [
        ("en", "Receipt codes have 20 letters and digits, like ABCD-EFGH-JKMN-PQRS-TVWX."),
        ("es", "Los códigos de recibo tienen 20 letras y números, como ABCD-EFGH-JKMN-PQRS-TVWX."),
    ]:
        response = post(
            client, "/api/v1/receipts/lookup", {"receipt": "HD8J-TBXV"}, HTTP_ACCEPT_LANGUAGE=language
        )
        [error] = _problems(response).values()
        assert (error["type"], error["msg"]) == ("string_pattern_mismatch", words)
    client.force_login(org.reporter)
    spanish = client.get("/api/v1/speakup/keys/payroll", HTTP_ACCEPT_LANGUAGE="es")
    assert "Propósito desconocido: indique concern, wave:<id> o cosign:<id>." in spanish.json()["detail"]


def test_text_whose_bytes_are_not_utf8_is_asked_for_in_utf8():
    """pydantic's string_unicode (a value read from bytes that are not UTF-8, as a multipart or
    form field can be) gets our words, not "unable to parse raw data as a unicode string"."""
    import pydantic

    try:
        pydantic.TypeAdapter(str).validate_python(b"Staffing on nights \xe9")
    except pydantic.ValidationError as problem:
        error = problem.errors()[0]
    assert error["type"] == "string_unicode"
    assert plain_message(error).startswith("This text has a character that cannot be stored")


def test_numbers_sent_as_text_and_ids_in_other_forms_are_refused_as_the_schema_says(client, org):
    """The schema says integer and `uuid`; lax pydantic took "3" for 3 and an id without hyphens."""
    concern = released(unit=org.ward_a).concern
    hex_only = concern.pk.hex
    action = {"title": "Cover", "description": "A float nurse.", "scope_unit_id": str(org.ward_a.pk)}
    for written in (hex_only, f"{{{concern.pk}}}", f"urn:uuid:{concern.pk}"):
        problems = _problems(
            post(client, "/api/v1/actions", {**action, "concern_ids": [written]}, **auth(org.leader))
        )
        assert problems["body.payload.scope_unit_id"]["type"] == "int_type"
        assert problems["body.payload.scope_unit_id"]["msg"] == str(WHOLE)
        assert problems["body.payload.concern_ids.0"]["type"] == "uuid_parsing", written
    assert not Action.objects.exists()
    as_written = {**action, "scope_unit_id": org.ward_a.pk, "concern_ids": [str(concern.pk).upper()]}
    assert post(client, "/api/v1/actions", as_written, **auth(org.leader)).status_code == 201


def test_ids_in_the_path_are_held_to_the_same_form(client, org):
    """The body refused 32 digits without hyphens, braces and urn:uuid:, but a path took them: an
    acknowledgment through a hyphenless id changed the concern (found by fuzzing)."""
    concern = released(unit=org.ward_a).concern
    for written in (concern.pk.hex, f"{{{concern.pk}}}", f"urn:uuid:{concern.pk}"):
        for method, path in (
            ("get", f"/api/v1/concerns/{written}"),
            ("post", f"/api/v1/concerns/{written}/acknowledge"),
            ("get", f"/api/v1/concerns/{written}/similar"),
        ):
            response = getattr(client, method)(path, content_type="application/json", **auth(org.leader))
            assert response.status_code == 400, (path, response.status_code)
            assert response.json()["errors"][0]["type"] == "uuid_parsing"
    concern.refresh_from_db()
    assert concern.acknowledged_at is None
    assert client.get(f"/api/v1/concerns/{str(concern.pk).upper()}", **auth(org.leader)).status_code == 200

"""A control character in a request's text: stated in the schema, refused as a schema problem.

Every service refuses an invisible control character (NUL included) with "It contains an invisible
control character, which cannot be stored; please remove it." The schema said nothing of it, so a
request it allowed was refused (a schema-driven fuzzer's "schema-valid request rejected"). Now every
text field of a request states the rule as a `pattern`, and a text that breaks it is a 400 like any
other schema problem: `loc` names the field, `type` is pydantic's `string_pattern_mismatch`, and
`msg` is the same sentence, in the request's language. Tabs and line breaks are text. Answers carry
no such pattern and are never checked against it: a name stored before the rule still reads.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from upstream.api.tests.test_api import auth, post
from upstream.community.models import Recognition
from upstream.concerns.tests.helpers import released
from upstream.lib.text import PLAIN_TEXT_PATTERN, plain_text_pattern

SENTENCE = "It contains an invisible control character, which cannot be stored; please remove it."


def test_the_schema_states_the_rule_on_request_texts_and_not_on_answers(client, db):
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    # With a least length, the pattern that also counts as the service does (test_blank_texts).
    assert components["ConcernIn"]["properties"]["text"]["pattern"] == plain_text_pattern(10)
    assert components["PeerRequestIn"]["properties"]["contact"]["pattern"] == plain_text_pattern(3)
    assert components["ConfirmIn"]["properties"]["extra_names"]["items"]["pattern"] == PLAIN_TEXT_PATTERN
    # A text with a form of its own keeps that form (it has no control character either).
    assert components["ReceiptIn"]["properties"]["receipt"]["pattern"] != PLAIN_TEXT_PATTERN
    assert "pattern" not in components["SharedOut"]["properties"]["text"]
    search = schema["paths"]["/api/v1/community/resources"]["get"]["parameters"]
    assert next(p for p in search if p["name"] == "q")["schema"]["pattern"] == PLAIN_TEXT_PATTERN
    # The pattern is the service's rule: tab, line feed and carriage return are text; the rest of
    # C0 and C1 is not.
    for allowed in ("\t", "\n", "\r", "é", "\u00a0", "😀"):
        assert re.fullmatch(PLAIN_TEXT_PATTERN, f"a{allowed}b")
    for refused in ("\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f"):
        assert not re.fullmatch(PLAIN_TEXT_PATTERN, f"a{refused}b")


@pytest.mark.parametrize(
    ("user", "path", "body", "field"),
    [
        ("leader", "{concern}/messages", {"text": "We hear you \x07 and will act."}, "text"),
        (
            "leader",
            "/api/v1/actions",
            {"title": "Cover\x1b[0m", "description": "A float.", "scope_unit_id": 1},
            "title",
        ),
        ("reporter", "/api/v1/community/peer/requests", {"contact": "ext 4412\x0f"}, "contact"),
        ("reporter", "/api/v1/community/thanks", {"text": "Thank you\x00", "team_id": 1}, "text"),
        (
            None,
            "/api/v1/receipts/reply",
            {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX", "text": "Any news \x85 yet?"},
            "text",
        ),
    ],
)
def test_it_handles_a_control_character_as_a_schema_problem_naming_the_field(
    client, org, user, path, body, field
):
    concern = released(unit=org.ward_a).concern
    headers = auth(getattr(org, user)) if user else {}
    response = post(client, path.format(concern=f"/api/v1/concerns/{concern.pk}"), body, **headers)
    assert response.status_code == 400, response.content
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "payload", field]
    assert (error["type"], error["msg"]) == ("string_pattern_mismatch", SENTENCE)
    assert error["ctx"] == {"pattern": PLAIN_TEXT_PATTERN}
    assert not concern.messages.exists()


def test_the_search_words_and_the_spanish_words(client, org):
    search = client.get("/api/v1/community/resources", {"q": "sleep\x0b"})
    assert search.status_code == 400 and search.json()["errors"][0]["msg"] == SENTENCE
    spanish = post(
        client,
        "/api/v1/concerns",
        {"text": "Faltan enfermeras \x07 cada noche."},
        HTTP_ACCEPT_LANGUAGE="es",
        **auth(org.reporter),
    )
    assert "carácter de control invisible" in spanish.json()["errors"][0]["msg"]
    # Tabs and line breaks are text.
    ok = post(
        client, "/api/v1/concerns", {"text": "Nights:\tshort.\r\nDays:\tshort too."}, **auth(org.reporter)
    )
    assert ok.status_code == 201


def test_an_answer_holding_a_name_stored_before_the_rule_still_reads(client, org):
    org.leader.first_name = "Da\x07na"
    org.leader.save(update_fields=["first_name"])
    Recognition.objects.create(
        author=org.leader, to_team=org.ward_a, unit=org.ward_a, text="Thanks, team", created_at=timezone.now()
    )
    feed = client.get("/api/v1/community/thanks", **auth(org.reporter))
    assert feed.status_code == 200 and "Da\x07na" in feed.json()[0]["author"]


def test_a_text_with_a_form_of_its_own_is_held_to_that_form_alone(client, org):
    """A receipt code's pattern lets spaces in (a tab, a no-break space) and the lookup drops them;
    the control-character check ran on top of such patterns and refused what they allowed
    (Schemathesis found it). A web address's own pattern keeps control characters out itself."""
    done = released(unit=org.ward_a)
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    spaced = done.receipt.replace("-", "\t", 1).replace("-", "\u00a0", 1)
    assert re.fullmatch(schema["ReceiptIn"]["properties"]["receipt"]["pattern"], spaced)
    view = post(client, "/api/v1/receipts/lookup", {"receipt": spaced})
    assert view.status_code == 200, view.content
    url = schema["ResourceIn"]["properties"]["url"]["pattern"]
    assert re.fullmatch(url, "https://example.org/help") and not re.fullmatch(url, "https://a\x07b")


def test_the_patterns_spell_whitespace_out_so_every_regex_engine_reads_them_alike(client, db):
    """`\\s` is not the same set in ECMA-262 (the schema's dialect), Python (the fuzzer's) and Rust
    (pydantic's): a code holding U+001C matched the fuzzer's reading and missed pydantic's."""
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    for model, field in (("ReceiptIn", "receipt"), ("TokenConcernIn", "token"), ("CosignIn", "code")):
        assert "\\s" not in schema[model]["properties"][field]["pattern"], model
    blinded = schema["IssueIn"]["properties"]["blinded_messages"]["items"]["pattern"]
    # base64url of any number of bytes; never 4n+1 characters, which no bytes encode to.
    assert (
        re.fullmatch(blinded, "AQID") and re.fullmatch(blinded, "AQ") and not re.fullmatch(blinded, "AQIDB")
    )

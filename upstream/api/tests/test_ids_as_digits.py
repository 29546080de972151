"""An id in a path or a query string is read only when it is written in digits.

A schema-driven fuzzer found `GET /api/v1/units/1_0` answered with unit 10, and `/units/+2`,
`/units/%202` and `/units/2.0` with unit 2: pydantic's lax mode reads Python's ways of writing a
number, which the schema's `integer` does not allow. Each is now the documented 400 (`int_parsing`,
at the parameter), as other text that is not a number is.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

WHOLE = "Please enter a whole number, in digits (for example 12)."


def written_otherwise(pk: int) -> list[str]:
    """The unit's id as lax mode read it, never as digits alone."""
    return [f"0_{pk}", f"+{pk}", f" {pk}", f"{pk} ", f"{pk}.0"]


@pytest.fixture
def signed_in(client, org):
    client.force_login(org.reporter)
    return client


def test_an_id_in_the_path_that_is_not_digits_is_a_400(signed_in, org):
    pk = org.ward_a.pk
    assert signed_in.get(f"/api/v1/units/{pk}").status_code == 200
    assert signed_in.get(f"/api/v1/units/0{pk}").json()["id"] == pk  # digits read as the number they write
    for written in written_otherwise(pk):
        answer = signed_in.get(f"/api/v1/units/{quote(written)}")
        assert answer.status_code == 400, written
        assert [(e["loc"], e["type"], e["msg"]) for e in answer.json()["errors"]] == [
            (["path", "unit_id"], "int_parsing", WHOLE)
        ], written


def test_an_id_in_the_query_that_is_not_digits_is_a_400(signed_in, org):
    pk = org.ward_a.pk
    assert signed_in.get(f"/api/v1/units/group-check?unit_id={pk}").status_code == 200
    for written in written_otherwise(pk):
        answer = signed_in.get(f"/api/v1/units/group-check?unit_id={quote(written)}")
        assert answer.status_code == 400, written
        assert [(e["loc"], e["type"]) for e in answer.json()["errors"]] == [
            (["query", "unit_id"], "int_parsing")
        ]


@pytest.mark.parametrize(
    ("address", "name"),
    [
        ("/api/v1/units?limit={}", "limit"),
        ("/api/v1/units?offset={}", "offset"),
        ("/api/v1/inbox?limit={}", "limit"),
    ],
)
def test_a_page_size_or_offset_that_is_not_digits_is_a_400(client, org, address, name):
    """`?limit=1_0` gave ten items; a page's numbers are digits, like an id."""
    client.force_login(org.leader)
    assert client.get(address.format("10")).status_code == 200
    for written in ["1_0", "+1", " 1", "1.0"]:
        answer = client.get(address.format(quote(written)))
        assert answer.status_code == 400, written
        assert [(e["loc"], e["type"], e["msg"]) for e in answer.json()["errors"]] == [
            (["query", name], "int_parsing", WHOLE)
        ], written

"""POST /api/v1/org/import: the CSV of `upstream import-org`, all or nothing, for operators and the
well-being office only."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from upstream.api.tests.test_endpoints import auth
from upstream.api.tokens import create_token
from upstream.org.models import LeaderAssignment, Membership, Unit, User
from upstream.org.tests.test_import_org import EXAMPLE, HEADER

IMPORT = "/api/v1/org/import"


def _counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        LeaderAssignment.objects.count(),
    )


def _send(client, user, content: bytes, **fields):
    upload = SimpleUploadedFile("org.csv", content, content_type="text/csv")
    return client.post(IMPORT, {"file": upload, **fields}, **auth(user))


def _operator() -> User:
    return User.objects.create_superuser("operator", "ops@example.org", "x-long-password-1")


def _office() -> User:
    office = User.objects.create_user("office", "office@example.org", "x-long-password-1")
    office.user_permissions.add(Permission.objects.get(codename="wellbeing_office"))
    return office


def test_it_handles_the_shipped_example_like_the_command(client, db):
    response = _send(client, _operator(), EXAMPLE.read_bytes())
    assert response.status_code == 200
    body = response.json()
    assert body["summary"] == "9 units (9 new), 21 people (21 new), 17 memberships, 9 leader assignments"
    assert (body["units_new"], body["people_new"], body["dry_run"]) == (9, 21, False)
    four_west = Unit.objects.get(code="lmc-4w")
    assert [u.code for u in Unit.objects.get_ancestors(four_west)] == ["lakeside", "lmc", "lmc-med"]
    again = _send(client, _operator_again(), EXAMPLE.read_bytes()).json()
    assert (again["units_new"], again["people_new"]) == (0, 0)
    assert Unit.objects.filter(code="lmc-4w").count() == 1


def _operator_again() -> User:
    return User.objects.get(username="operator")


def test_a_dry_run_checks_the_file_and_saves_nothing(client, db):
    office = _office()
    before = _counts()
    response = _send(client, office, EXAMPLE.read_bytes(), dry_run="true")
    assert response.status_code == 200
    assert response.json()["dry_run"] is True and response.json()["units_new"] == 9
    assert _counts() == before


def test_a_file_with_problems_gets_400_listing_each_by_line_and_nothing_is_saved(client, db):
    operator = _operator()
    before = _counts()
    body = (
        "unit,top,Top,system,,,,,,,\n"
        "unit,ward,Ward,ward,top,,,,,,\n"
        "person,,,,,jo@,Jo,Smith,ward,nurse,\n"
        "person,,,,,al@example.org,Al,Lee,top,doctor,\n"
    )
    response = _send(client, operator, (HEADER + body).encode())
    assert response.status_code == 400
    problems = response.json()
    assert problems["detail"] == "3 problems in the file; nothing was imported."
    assert [e["line"] for e in problems["errors"]] == [3, 4, 5]
    assert "unknown level 'ward'" in problems["problems"][0]
    assert "'jo@' is not a valid e-mail address" in problems["errors"][1]["msg"]
    assert "unknown role group 'doctor'" in problems["problems"][2]
    assert _counts() == before


def test_problems_come_in_the_language_of_the_request_with_their_line_as_a_number(client, db):
    body = "unit,top,Top,system,,,,,,,\nunit,ward,Ward,ward,top,,,,,,\n"
    upload = SimpleUploadedFile("org.csv", (HEADER + body).encode(), content_type="text/csv")
    response = client.post(IMPORT, {"file": upload}, HTTP_ACCEPT_LANGUAGE="es", **auth(_operator()))
    assert response.status_code == 400
    assert response.json()["detail"] == "1 problema en el archivo; no se importó nada."
    assert response.json()["errors"][0]["line"] == 3
    assert response.json()["problems"] == [
        "línea 3: nivel desconocido 'ward'; use uno de system, hospital, department, unit"
    ]


def test_a_file_that_is_not_utf8_csv_gets_400(client, db):
    operator = _operator()
    not_utf8 = _send(client, operator, (HEADER + "unit,top,Café,system,,,,,,,\n").encode("latin-1"))
    assert not_utf8.status_code == 400 and "not UTF-8" in not_utf8.json()["detail"]
    nul = _send(client, operator, (HEADER + "unit,top,T\x00p,system,,,,,,,\n").encode())
    assert (
        nul.status_code == 400 and nul.json()["errors"][0]["line"] == 2 and "NUL" in nul.json()["problems"][0]
    )
    empty = _send(client, operator, b"")
    assert empty.status_code == 400 and "the file is empty" in empty.json()["problems"][0]
    missing = client.post(IMPORT, {}, **auth(operator))
    assert missing.status_code == 400 and missing.json()["errors"][0]["loc"][-1] == "file"
    assert _counts() == (0, 1, 0, 0)


def test_leaders_and_staff_cannot_import(client, org):
    before = _counts()
    for user in (org.leader, org.chair, org.reporter):
        response = _send(client, user, EXAMPLE.read_bytes())
        assert response.status_code == 403
        assert "operators and the well-being office" in response.json()["detail"]
    assert _counts() == before


def test_a_read_only_token_cannot_import(client, db):
    operator = _operator()
    upload = SimpleUploadedFile("org.csv", EXAMPLE.read_bytes(), content_type="text/csv")
    token = create_token(operator, scopes=["read"])
    response = client.post(IMPORT, {"file": upload}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403 and "write" in response.json()["detail"]
    assert Unit.objects.count() == 0

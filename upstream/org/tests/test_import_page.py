"""/organisation/import/: the well-being office sends the organisation's CSV from a browser, with the
command's rules (all or nothing) and its problems listed by line, in the reader's language."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from upstream.org.models import Unit, User
from upstream.org.tests.test_import_org import EXAMPLE, HEADER, counts

pytestmark = pytest.mark.django_db

PAGE = "/organisation/import/"


def _office(client) -> User:
    office = User.objects.create_user("office", "office@example.org", "x-long-password-1")
    office.user_permissions.add(Permission.objects.get(codename="wellbeing_office"))
    client.force_login(office)
    return office


def _send(client, content: bytes, **fields):
    upload = SimpleUploadedFile("org.csv", content, content_type="text/csv")
    return client.post(PAGE, {"file": upload, **fields}, follow=True)


def test_the_office_imports_the_example_and_sees_what_changed(client):
    _office(client)
    page = client.get(PAGE)
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    response = _send(client, EXAMPLE.read_bytes())
    assert response.redirect_chain == [(PAGE, 302)]
    assert "Imported 9 units (9 new), 21 people (21 new), 17 memberships" in response.content.decode()
    assert "Upstream knows 9 units and 22 active accounts now" in response.content.decode()
    assert Unit.objects.filter(code="lmc-4w").exists()


def test_check_only_saves_nothing_and_says_the_file_is_ready(client):
    _office(client)
    before = counts()
    response = _send(client, EXAMPLE.read_bytes(), check_only="on")
    assert "The file is ready to import; nothing was saved: 9 units (9 new)" in response.content.decode()
    assert counts() == before


def test_a_file_with_problems_lists_each_by_line_and_saves_nothing(client):
    _office(client)
    before = counts()
    body = "unit,top,Top,system,,,,,,,\nunit,ward,Ward,ward,top,,,,,,\nperson,,,,,jo@,Jo,Smith,ward,nurse,\n"
    response = _send(client, (HEADER + body).encode(), check_only="on")
    text = response.content.decode()
    assert response.status_code == 400
    assert "2 problems in the file; nothing was imported." in text
    assert "<li>line 3: unknown level &#x27;ward&#x27;; use one of system, hospital" in text
    assert "<li>line 4: &#x27;jo@&#x27; is not a valid e-mail address</li>" in text
    assert 'name="check_only" type="checkbox" checked' in text  # as it was sent
    assert counts() == before


def test_problems_are_in_the_readers_language(client):
    _office(client)
    body = "unit,top,Top,system,,,,,,,\nunit,ward,Ward,ward,top,,,,,,\n"
    upload = SimpleUploadedFile("org.csv", (HEADER + body).encode(), content_type="text/csv")
    response = client.post(PAGE, {"file": upload}, HTTP_ACCEPT_LANGUAGE="es")
    text = response.content.decode()
    assert "1 problema en el archivo; no se importó nada." in text
    assert "<li>línea 3: nivel desconocido &#x27;ward&#x27;" in text
    assert "Qué corregir en el archivo" in text


def test_a_long_list_of_problems_shows_the_first_two_hundred_and_counts_the_rest(client):
    _office(client)
    body = "unit,top,Top,system,,,,,,,\n" + "".join(f"unit,u{n},U,ward,top,,,,,,\n" for n in range(205))
    text = _send(client, (HEADER + body).encode()).content.decode()
    assert text.count("unknown level &#x27;ward&#x27;") == 200
    assert "And 5 more problems" in text


def test_no_file_or_a_file_that_is_not_csv_text_gets_a_clear_message(client):
    _office(client)
    missing = client.post(PAGE, {})
    assert missing.status_code == 400 and "Choose the CSV file to import." in missing.content.decode()
    latin1 = _send(client, (HEADER + "unit,top,Café,system,,,,,,,\n").encode("latin-1"))
    assert latin1.status_code == 400 and "Save it as &#x27;CSV UTF-8&#x27;" in latin1.content.decode()
    workbook = _send(client, b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))
    assert workbook.status_code == 400 and "spreadsheet workbook" in workbook.content.decode()
    assert "pick &#x27;CSV UTF-8&#x27;" in workbook.content.decode()
    assert counts() == (0, 1, 0, 0)


def test_only_operators_and_the_office_reach_the_page_and_its_card(client):
    staff = User.objects.create_user("staff", "staff@example.org", "x-long-password-1")
    client.force_login(staff)
    assert client.get(PAGE).status_code == 404
    assert _send(client, EXAMPLE.read_bytes()).status_code == 404 and counts()[0] == 0
    assert "/organisation/import/" not in client.get("/").content.decode()
    operator = User.objects.create_superuser("operator", "ops@example.org", "x-long-password-1")
    client.force_login(operator)
    assert client.get(PAGE).status_code == 200
    assert "/organisation/import/" in client.get("/").content.decode()
    client.logout()
    assert client.get(PAGE)["Location"].startswith("/accounts/login/")


def test_a_header_naming_none_of_the_columns_is_said_once(client):
    _office(client)
    text = _send(client, b"Full name,Mail\nAnn Lee,ann@example.org\n").content.decode()
    assert "line 1: the first line names none of the columns; it must name: record, code," in text
    assert "missing required" not in text

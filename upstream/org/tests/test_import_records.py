"""Every saved organisation import is recorded: who sent it, through which door, the file's name and
what it changed, listed on the import page and in the API. A check-only run or a refused file saved
nothing and leaves no record. An import decides who leads (and so who reads the concerns of) every
unit, so the office and IT need to see who changed the tree and when."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from upstream.api.tests.test_endpoints import auth
from upstream.org.models import OrgImport, User
from upstream.org.tests.test_import_org import EXAMPLE, HEADER
from upstream.org.tests.test_import_page import PAGE, _office

pytestmark = pytest.mark.django_db

EXAMPLE_COUNTS = {"units": 9, "units_new": 9, "people": 21, "people_new": 21, "memberships": 17, "leaders": 9}


def upload(content: bytes, name: str = "hr-export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_an_import_from_the_page_is_listed_with_who_sent_it_and_what_it_changed(client):
    office = _office(client)
    office.first_name, office.last_name = "Ana", "Ruiz"
    office.save()
    client.post(PAGE, {"file": upload(EXAMPLE.read_bytes())}, follow=True)
    record = OrgImport.objects.get()
    assert (record.by, record.via, record.file_name) == (office, "page", "hr-export.csv")
    assert {key: getattr(record, key) for key in EXAMPLE_COUNTS} == EXAMPLE_COUNTS
    page = client.get(PAGE).content.decode()
    assert "Recent imports" in page and "Ana Ruiz" in page and "hr-export.csv" in page
    assert "9 units (9 new), 21 people (21 new)" in page


def test_a_check_only_run_and_a_refused_file_leave_no_record(client):
    _office(client)
    client.post(PAGE, {"file": upload(EXAMPLE.read_bytes()), "check_only": "on"})
    refused = (HEADER + "unit,x,X,ward,nowhere,,,,,,\n").encode()
    assert client.post(PAGE, {"file": upload(refused)}).status_code == 400
    assert not OrgImport.objects.exists()
    assert "No import has been saved yet." in client.get(PAGE).content.decode()


def test_the_api_and_the_command_are_recorded_and_listed_newest_first(client, tmp_path):
    operator = User.objects.create_superuser("operator", "ops@example.org", "x-long-password-1")
    path = tmp_path / "from-hr.csv"
    path.write_bytes(EXAMPLE.read_bytes())
    call_command("import_org", str(path), stdout=io.StringIO())
    answer = client.post(
        "/api/v1/org/import", {"file": upload(EXAMPLE.read_bytes(), "C:\\hr\\again.csv")}, **auth(operator)
    )
    assert answer.status_code == 200
    listed = client.get("/api/v1/org/imports", **auth(operator))
    assert listed.status_code == 200
    newest, oldest = listed.json()
    assert (newest["via"], newest["by_username"], newest["file_name"]) == ("api", "operator", "again.csv")
    assert (newest["units_new"], newest["people_new"]) == (0, 0)  # the same file again changed nothing new
    # The command line has no signed-in person; the folders of the path are not kept.
    assert (oldest["via"], oldest["by"], oldest["file_name"]) == ("command", None, "from-hr.csv")
    assert {key: oldest[key] for key in EXAMPLE_COUNTS} == EXAMPLE_COUNTS


def test_only_operators_and_the_office_read_the_list(client, org):
    assert client.get("/api/v1/org/imports", **auth(org.leader)).status_code == 403


def test_the_page_says_what_each_column_takes_before_a_file_is_refused(client, org):
    """A first file learnt the levels, the role groups and the top unit's code from its refusal
    (an officer's walk): the page lists them."""
    _office(client)
    page = client.get(PAGE).content.decode()
    help_text = page.split("What goes in each column")[1].split("</details>")[0]
    assert all(f"<code>{level}</code>" in help_text for level in ("system", "hospital", "department", "unit"))
    assert "<code>pharmacist</code> (Pharmacist)" in help_text
    assert f"<code>{org.system.code}</code>" in help_text  # the parent a new hospital names

"""`upstream import-org`: the tree, people, memberships and leaders from one CSV file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upstream.org.importer import import_org
from upstream.org.models import LeaderAssignment, Membership, Unit, User

pytestmark = pytest.mark.django_db

HEADER = "record,code,name,level,parent,email,first_name,last_name,unit,role_group,leader_title\n"
EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "org.csv"


def run(tmp_path: Path, body: str, *, header: str = HEADER) -> tuple[str, str]:
    path = tmp_path / "org.csv"
    path.write_text(header + body, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_org", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failure(tmp_path: Path, body: str, *, header: str = HEADER) -> str:
    path = tmp_path / "org.csv"
    path.write_text(header + body, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_org", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        LeaderAssignment.objects.count(),
    )


def test_it_handles_the_shipped_example(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_org", str(EXAMPLE), stdout=out)
    assert "9 units (9 new), 21 people (21 new), 17 memberships, 9 leader assignments" in out.getvalue()
    four_west = Unit.objects.get(code="lmc-4w")
    assert [u.code for u in Unit.objects.get_ancestors(four_west)] == ["lakeside", "lmc", "lmc-med"]
    assert four_west.level == "unit"
    resident = User.objects.get(username="r.silva@lakeside.example")
    assert resident.display_name == "Rafael Silva"
    assert not resident.has_usable_password()
    assert set(resident.memberships.values_list("unit__code", "role_group")) == {
        ("lmc-4w", "resident"),
        ("lmc-micu", "resident"),
    }
    charge = User.objects.get(username="k.osei@lakeside.example")
    assert charge.memberships.get().role_group == "nurse"
    assert charge.leader_assignments.get().title == "Charge Nurse"
    manager = User.objects.get(username="j.baker@lakeside.example")
    assert not manager.memberships.exists()
    assert manager.leader_assignments.get().unit == four_west


def test_it_handles_a_rerun_without_duplicates(tmp_path: Path) -> None:
    call_command("import_org", str(EXAMPLE), stdout=io.StringIO())
    before = counts()
    out = io.StringIO()
    call_command("import_org", str(EXAMPLE), stdout=out)
    assert counts() == before
    assert "9 units (0 new), 21 people (0 new)" in out.getvalue()


def test_it_handles_updates_on_a_rerun(tmp_path: Path) -> None:
    run(
        tmp_path,
        "unit,top,Top,system,,,,,,,\nunit,a,A,unit,top,,,,,,\nperson,,,,,Pat@X.example,Pat,Lee,a,nurse,\n",
    )
    user = User.objects.get(username="pat@x.example")
    user.set_password("chosen-by-pat")
    user.save()
    run(
        tmp_path,
        "unit,top,Top,system,,,,,,,\nunit,a,A renamed,unit,top,,,,,,\n"
        "person,,,,,pat@x.example,Patricia,Lee,a,app,Lead APP\n",
    )
    user.refresh_from_db()
    assert user.display_name == "Patricia Lee"
    assert user.check_password("chosen-by-pat"), "a rerun must not reset a password someone set"
    assert Unit.objects.get(code="a").name == "A renamed"
    assert user.memberships.get().role_group == "app"
    assert user.leader_assignments.get().title == "Lead APP"


def test_it_handles_a_parent_defined_later_in_the_file(tmp_path: Path) -> None:
    run(
        tmp_path,
        "unit,icu,ICU,unit,crit,,,,,,\nunit,crit,Critical Care,department,hosp,,,,,,\n"
        "unit,hosp,Hospital,hospital,,,,,,,\n",
    )
    assert Unit.objects.get_parent(Unit.objects.get(code="icu")).code == "crit"
    assert Unit.objects.get_parent(Unit.objects.get(code="crit")).code == "hosp"


def test_it_handles_a_parent_already_in_the_database(tmp_path: Path) -> None:
    run(tmp_path, "unit,hosp,Hospital,hospital,,,,,,,\n")
    run(tmp_path, "unit,ed,Emergency,department,hosp,,,,,,\n")
    assert Unit.objects.get_parent(Unit.objects.get(code="ed")).code == "hosp"


def test_it_reports_an_unknown_parent(tmp_path: Path) -> None:
    err = failure(tmp_path, "unit,hosp,Hospital,hospital,,,,,,,\nunit,4w,4 West,unit,med,,,,,,\n")
    assert "line 3: parent unit 'med' is not defined in the file or the database" in err
    assert counts() == (0, 0, 0, 0)


def test_it_reports_every_bad_row_and_saves_nothing(tmp_path: Path) -> None:
    run(tmp_path, "unit,top,Top,system,,,,,,,\n")
    before = counts()
    err = failure(
        tmp_path,
        (
            "unit,hosp,Hospital,hospital,top,,,,,,\n"  # line 2: fine on its own
            "unit,4w,4 West,unit,hosp,,,,,,\n"  # line 3
            "unit,4w,4 West again,unit,hosp,,,,,,\n"  # line 4: duplicate
            "unit,x,X,ward,hosp,,,,,,\n"  # line 5: bad level
            "unit,c1,C1,unit,c2,,,,,,\n"  # line 6: cycle
            "unit,c2,C2,unit,c1,,,,,,\n"  # line 7
            "unit,other,Other,system,,,,,,,\n"  # line 8: second root
            "person,,,,,ok@x.example,Ok,Person,4w,nurse,\n"  # line 9: fine on its own
            "person,,,,,not-an-email,A,B,4w,nurse,\n"  # line 10
            "person,,,,,b@x.example,B,C,4w,doctor,\n"  # line 11
            "person,,,,,c@x.example,C,D,nowhere,nurse,\n"  # line 12
            "person,,,,,d@x.example,D,E,4w,,\n"  # line 13: neither role nor title
            "bogus,,,,,,,,,,\n"  # line 14
        ),
    )
    for expected in (
        "line 4: duplicate unit code '4w'",
        "line 5: unknown level 'ward'",
        "line 6: the parents of these units form a cycle",
        "line 8: unit 'other' has no parent",
        "line 10: 'not-an-email' is not a valid e-mail address",
        "line 11: unknown role group 'doctor'; use one of nurse, resident,",
        "line 12: unit 'nowhere' is not defined",
        "line 13: a person needs a role_group",
        "line 14: record must be 'unit' or 'person'",
    ):
        assert expected in err, expected
    assert counts() == before


def test_it_reports_a_missing_column(tmp_path: Path) -> None:
    err = failure(
        tmp_path,
        "unit,top,Top,system,,,,,\n",
        header="record,code,name,level,parent,email,first_name,last_name,unit\n",
    )
    assert "line 1: missing required columns 'role_group', 'leader_title'" in err
    assert counts() == (0, 0, 0, 0)


def test_it_reports_a_person_named_two_ways(tmp_path: Path) -> None:
    err = failure(
        tmp_path,
        "unit,top,Top,system,,,,,,,\nperson,,,,,a@x.example,Ann,Lee,top,nurse,\n"
        "person,,,,,A@x.example,Anne,Lee,top,,Manager\n",
    )
    assert "line 4: A@x.example is named 'Anne Lee' here but 'Ann Lee' on line 3" in err
    assert "line 4: A@x.example is already listed for unit 'top' on line 3" in err


def test_it_handles_a_dry_run(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_org", str(EXAMPLE), "--dry-run", stdout=out)
    assert "nothing saved" in out.getvalue()
    assert counts() == (0, 0, 0, 0)


def test_it_handles_a_unit_moved_to_another_parent(tmp_path: Path) -> None:
    call_command("import_org", str(EXAMPLE), stdout=io.StringIO())
    run(tmp_path, "unit,lmc-micu,Medical ICU,unit,lmc-ed,,,,,,\n")
    micu = Unit.objects.get(code="lmc-micu")
    assert Unit.objects.get_parent(micu).code == "lmc-ed"
    assert micu.memberships.count() == 4
    assert Unit.objects.get(code="lmc-med").numchild == 1
    assert Unit.objects.get(code="lmc-ed").numchild == 2


def test_a_dry_run_reports_what_the_import_then_does_without_writing(tmp_path: Path) -> None:
    """A dry run wrote the whole file and rolled it back, holding the write lock as long as the
    import (on SQLite, fuzzing saw every other write fail for a minute). It now only reads; its
    summary must still be the import's own, on an empty organisation and on a second import."""
    text = EXAMPLE.read_text(encoding="utf-8")
    with CaptureQueriesContext(connection) as queries:
        preview = import_org(io.StringIO(text), dry_run=True)
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert counts() == (0, 0, 0, 0)
    assert preview == import_org(io.StringIO(text))
    # Again, with one new unit and one new person beside everything already there.
    more = text.rstrip("\n") + "\n" + "unit,lmc-new,New unit,unit,lmc-ed,,,,,,\n"
    more += "person,,,,,new.nurse@example.org,New,Nurse,lmc-new,nurse,\n"
    again = import_org(io.StringIO(more), dry_run=True)
    assert (again.units_new, again.people_new) == (1, 1)
    assert again == import_org(io.StringIO(more))


def test_a_control_character_in_a_cell_is_refused_by_line_and_column_as_every_form_refuses_it(
    tmp_path: Path,
) -> None:
    """A bell in a unit's name was imported and shown raw in every unit picker and the report's CSV,
    while every page and the API refuse it (a new-user walk)."""
    err = failure(tmp_path, "unit,top,Top,system,,,,,,,\nunit,bell,Bell\x07 unit,unit,top,,,,,,\n")
    assert "line 3: column name: It contains an invisible control character" in err
    assert counts() == (0, 0, 0, 0)


def test_a_file_with_only_its_header_imports_nothing_and_says_so(tmp_path: Path) -> None:
    """It was recorded under "Recent imports" as an import of 0 units (0 new)."""
    from upstream.org.models import OrgImport

    err = failure(tmp_path, "")
    assert "line 2: the file has no unit or person rows under its header" in err
    assert not OrgImport.objects.exists()

"""Importing the organisation through the API: the CSV of `upstream import-org` (docs/import-org.md).

The same importer as the command, so the same rules: the whole file is checked first, every problem
is reported with its line number and nothing is saved; a file without problems is saved in one
transaction. Only operators (superusers) and the well-being office may import, since an import
creates accounts and decides who leads (and so who reads the concerns of) every unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from upstream.api.auth import signed_in
from upstream.api.errors import InvalidInput
from upstream.api.schemas import Error, ValidationErrorOut, fixed
from upstream.org.importer import ImportSummary, OrgImportError, UnreadableFile, can_import_org, import_upload
from upstream.org.models import OrgImport

router = Router(tags=["organisation import"], auth=signed_in)

CSV_FILE = File(..., description="The CSV file: UTF-8, up to 20 MB (docs/import-org.md).")


class ImportOptions(Schema):
    dry_run: bool = Field(False, description="Check the file and report, but save nothing.")


class ImportCounts(Schema):
    """What an import holds (org.importer.ImportSummary): the same fields in its answer and its record."""

    units: int = Field(description="Unit rows in the file.")
    units_new: int
    people: int = Field(description="Distinct people (by e-mail address) in the file.")
    people_new: int
    memberships: int
    leaders: int = Field(description="Leader assignments.")


class ImportOut(ImportCounts):
    dry_run: bool = Field(description="True: checked only, nothing was saved.")
    summary: str = Field(description="The same line `upstream import-org` prints.")


class ImportProblems(ValidationErrorOut):
    """400 for a file with problems: nothing was imported. `errors` has one entry per problem, with
    the CSV line (the header is line 1); `problems` the same as the lines the command prints."""

    problems: list[str] = Field(
        default_factory=list,
        description=(
            "One line per problem, as the command prints it, in the language of the request "
            "(Accept-Language): 'line N: ...' in English. Read the number from `errors[].line`."
        ),
    )


@router.post(
    "/import",
    response={200: ImportOut, 400: ImportProblems, 403: Error},
    summary="Import units, people, memberships and leaders from one CSV file (all or nothing)",
    description=(
        "Multipart form with the CSV as `file` (UTF-8, up to 20 MB; the columns of docs/import-org.md) "
        "and optionally `dry_run`. The whole file is checked first: with any problem, the answer is "
        "400 listing every problem with its line number, and nothing is saved. Otherwise the whole "
        "file is saved in one transaction; running the same file again updates, never duplicates. "
        "Operators and the well-being office only (403 for anyone else)."
    ),
)
def import_organisation(
    request: HttpRequest,
    options: Form[ImportOptions],
    file: UploadedFile = CSV_FILE,
) -> ImportOut | tuple[int, Any]:
    if not can_import_org(request.user):
        return 403, Error(detail=_("Only operators and the well-being office can import the organisation."))
    try:
        summary = import_upload(file, dry_run=options.dry_run, by=request.user, via=OrgImport.Via.API)
    except UnreadableFile as error:
        raise InvalidInput([{"loc": ["form", "file"], "msg": str(error), "type": error.kind}]) from None
    except OrgImportError as error:
        return 400, ImportProblems(
            detail=str(error),
            errors=[
                {"loc": ["form", "file"], "line": p.line, "msg": str(p), "type": "import"}
                for p in error.problems
            ],
            problems=[str(p) for p in error.problems],
        )
    return ImportOut(dry_run=options.dry_run, summary=str(summary), **asdict(summary))


ImportVia = fixed(OrgImport.Via.values)


class ImportRecordOut(ImportCounts):
    at: dt.datetime = Field(description="When the import was saved.")
    by: str | None = Field(description="Who sent it (their name); null for the command line.")
    by_username: str | None
    via: ImportVia = Field(description="page, api or command.")
    file_name: str = Field(description="The file's name as sent (empty when read from standard input).")


IMPORTS_LISTED = 50


@router.get(
    "/imports",
    response={200: list[ImportRecordOut], 403: Error},
    summary="The saved organisation imports, newest first",
    description=(
        f"Every import that was saved (a check-only run or a refused file saved nothing and is not "
        f"listed), the {IMPORTS_LISTED} newest: when, who, through which door, the file's name and "
        "what it changed. Operators and the well-being office only (403 for anyone else)."
    ),
)
def list_imports(request: HttpRequest) -> list[ImportRecordOut] | tuple[int, Error]:
    if not can_import_org(request.user):
        return 403, Error(detail=_("Only operators and the well-being office can import the organisation."))
    return [
        ImportRecordOut(
            at=record.at,
            by=str(record.by) if record.by else None,
            by_username=record.by.username if record.by else None,
            via=record.via,
            file_name=record.file_name,
            **asdict(ImportSummary.of(record)),
        )
        for record in OrgImport.objects.select_related("by")[:IMPORTS_LISTED]
    ]

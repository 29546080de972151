"""The organisation import page: the CSV of `upstream import-org`, sent from a browser by the
well-being office or an operator (docs/import-org.md). Same importer, same rules, same messages as
the command and the API: the whole file is checked first and a file with problems saves nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from upstream.org.importer import (
    COLUMNS,
    ImportSummary,
    OrgImportError,
    UnreadableFile,
    can_import_org,
    import_upload,
)
from upstream.org.models import OrgImport, RoleGroup, Unit, UnitLevel, User

# A file with thousands of problems is usually one wrong column; the first ones show what to fix.
PROBLEMS_SHOWN = 200
IMPORTS_SHOWN = 10  # the rest in the API (GET /api/v1/org/imports)


@login_required
def import_organisation(request: HttpRequest) -> HttpResponse:
    if not can_import_org(request.user):
        raise Http404(_("Only operators and the well-being office import the organisation."))
    error, problems, status = "", [], 200
    check_only = request.method == "POST" and request.POST.get("check_only") == "on"
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise UnreadableFile(_("Choose the CSV file to import."), "missing")
            summary = import_upload(upload, dry_run=check_only, by=request.user)
        except UnreadableFile as unreadable:
            error = str(unreadable)
        except OrgImportError as refused:
            error, problems = str(refused), refused.problems
        else:
            if check_only:
                message = _("The file is ready to import; nothing was saved: %(summary)s")
            else:
                message = _("Imported %(summary)s")
            messages.success(request, message % {"summary": summary})
            return redirect("org_import")
        status = 400
    context = {
        "columns": ",".join(COLUMNS),
        "error": error,
        "problems": problems[:PROBLEMS_SHOWN],
        "problems_not_shown": max(0, len(problems) - PROBLEMS_SHOWN),
        "check_only": check_only,
        "units": Unit.objects.count(),
        "people": User.objects.filter(is_active=True).count(),
        # What the columns take, on the page: a first file otherwise learnt them from its refusal
        # ("has no parent, but the database already has the top unit 'riverbend'", an officer's walk).
        "levels": UnitLevel.choices,
        "role_groups": RoleGroup.choices,
        "top_units": list(Unit.objects.get_root_nodes().values_list("code", "name")),
        "imports": [
            (record, ImportSummary.of(record))
            for record in OrgImport.objects.select_related("by")[:IMPORTS_SHOWN]
        ],
    }
    return render(request, "org/import.html", context, status=status)

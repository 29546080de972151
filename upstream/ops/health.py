"""Is this instance fit to serve? The database answers, every migration is applied, the cache
(Redis, where one is set) answers, the text model loads, and the settings that only fail when used
are valid: the holiday calendar, which every release needs, and the receipt and intake keys, which
must open the data in the database (upstream/ops/keys_match.py). Used by `upstream check` (for
operators, with details) and `/healthz` (for load balancers, with nothing but ok or failing per
check: error text can name hosts and users)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upstream.lib.text import first_line


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connections[DEFAULT_DB_ALIAS].vendor


def check_migrations() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        message = ngettext(
            "%(count)d migration not applied: %(names)s",
            "%(count)d migrations not applied: %(names)s",
            len(plan),
        )
        raise RuntimeError(message % {"count": len(plan), "names": names})
    return _("all applied")


def check_cache() -> str:
    """Sign-in limits, the daily submission limit and receipt look-ups count in the cache: with
    Redis down sign-in limits are not counted and submissions are answered 503, while the database
    alone looked healthy (upstream/lib/tolerant_cache.py)."""
    from django.core.cache import cache

    from upstream.lib.tolerant_cache import required

    probe = "upstream-health-probe"
    with required():
        cache.set(probe, "1", timeout=10)
        kept = cache.get(probe)
    if kept != "1":
        raise RuntimeError(_("the cache did not keep a value"))
    return "redis" if "RedisCache" in settings.CACHES["default"]["BACKEND"] else _("in memory")


def check_model() -> str:
    # Loaded once per process (cached in the themes package); later checks cost nothing.
    from upstream.themes.textmodel.embedders import get_embedder
    from upstream.themes.textmodel.service import current_classifier

    embedder = get_embedder()
    current_classifier(embedder.name)
    return embedder.name


def check_settings() -> str:
    # The system check's Error (upstream/ops/checks.py) stops commands at start, but gunicorn runs no
    # system checks: without this a web process with an unknown calendar looked healthy while every
    # release failed.
    from upstream.concerns.timing import holiday_settings_problem
    from upstream.ops.keys_match import require_match

    country, subdivision = settings.UPSTREAM_HOLIDAYS_COUNTRY, settings.UPSTREAM_HOLIDAYS_SUBDIVISION
    problem = holiday_settings_problem(country, subdivision)
    if problem is not None and problem.breaks_releases:
        raise ValueError(problem.message)
    # Keys that do not open the data (a restore without the data directory's key files) looked healthy
    # while every receipt gave 404. Under "settings", not a check of its own, so probes and scripts
    # that match on the names keep working; one read of a two-row table when all is well.
    keys = require_match()
    if not country:
        return "; ".join([_("no public holidays (weekends only)"), keys])
    calendar = f"{country}-{subdivision}" if subdivision else country
    return "; ".join([_("public holidays of %(calendar)s") % {"calendar": calendar}, keys])


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "model": check_model,
    "settings": check_settings,
}


def run_checks() -> list[Check]:
    results = []
    for name, check in CHECKS.items():
        if name == "settings" and not all(r.ok for r in results if r.name == "migrations"):
            # Its key check reads tables the migrations make: before `migrate` it printed
            # "ProgrammingError: relation ... does not exist" and the SQL (an operator's walk).
            results.append(Check(name, False, _("not checked until the migrations are applied")))
            continue
        try:
            results.append(Check(name, True, check()))
        except Exception as error:  # noqa: BLE001 - a health check reports every failure
            results.append(Check(name, False, f"{type(error).__name__}: {first_line(error)}"))
        if name == "database" and not results[-1].ok:
            results.append(Check("migrations", False, _("database unreachable")))
            break
    return results

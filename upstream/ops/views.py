"""`/healthz` for load balancers: 200 when the database answers, migrations are applied, the text
model loads, the holiday calendar is valid and the receipt and intake keys open the data in the
database ("settings"); 503 otherwise. The body names each check as ok or failing and nothing else
(no versions, hosts or error text), and the endpoint needs no sign-in.

A cache (Redis) that does not answer alone is "degraded" with 200, not 503: every web machine shares
the one Redis, so a load balancer that took failing machines out took all of them out, though
sign-in and every page but the anonymous submission work without it (an operator's walk;
upstream/lib/tolerant_cache.py). Monitoring should alert on "degraded"; `upstream check` fails."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from upstream.ops.health import run_checks


@never_cache
@require_safe  # GET, and HEAD for probes such as `curl -I`
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    failing = {check.name for check in checks if not check.ok}
    status = "ok" if not failing else "degraded" if failing == {"cache"} else "failing"
    body = {
        "status": status,
        "checks": {check.name: "failing" if check.name in failing else "ok" for check in checks},
    }
    return JsonResponse(body, status=503 if status == "failing" else 200)

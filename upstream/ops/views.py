"""`/healthz` for load balancers: 200 when the database answers, migrations are applied, the text
model loads, the holiday calendar is valid and the receipt and intake keys open the data in the
database ("settings"); 503 otherwise. The body names each check as ok or failing and nothing else
(no versions, hosts or error text), and the endpoint needs no sign-in."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from upstream.ops.health import run_checks


@never_cache
@require_safe  # GET, and HEAD for probes such as `curl -I`
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(check.ok for check in checks)
    body = {
        "status": "ok" if healthy else "failing",
        "checks": {check.name: "ok" if check.ok else "failing" for check in checks},
    }
    return JsonResponse(body, status=200 if healthy else 503)

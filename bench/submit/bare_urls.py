"""The product's URLs plus one bare view: the yardstick the anonymous submit is measured against.

`/bench/bare` authenticates the same Bearer token as the API and does one INSERT, nothing else:
what a submission would cost if it did no checking, sealing, screening or limiting at all.
"""

from __future__ import annotations

import json
import uuid

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from upstream.api.tokens import user_for_token
from upstream.config.urls import urlpatterns as product_urls


@csrf_exempt
def bare(request: HttpRequest) -> JsonResponse:
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if user_for_token(token) is None:
        return JsonResponse({"detail": "unauthorised"}, status=401)
    text = json.loads(request.body)["text"]
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare (id, text) VALUES (%s, %s)", [str(uuid.uuid4()), text])
    return JsonResponse({"ok": True}, status=201)


urlpatterns = [path("bench/bare", bare), *product_urls]

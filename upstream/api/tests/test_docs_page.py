"""The API docs page (/api/docs) has a heading and says its language, for screen readers."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders


def test_the_docs_page_has_one_visually_hidden_h1(client, db):
    page = client.get("/api/docs").content.decode()
    assert re.findall(r"<h1[^>]*>.*?</h1>", page) == ['<h1 class="sr-only">Upstream API: documentation</h1>']
    assert '<html lang="en">' in page
    assert "upstream/api-docs.css" in page and finders.find("upstream/api-docs.css")
    assert 'id="swagger-ui"' in page and "ninja/swagger-ui-init.js" in page


def test_the_docs_page_heading_in_spanish(client, db):
    page = client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in page
    assert '<h1 class="sr-only">Documentación de Upstream API</h1>' in page
    # What Swagger UI draws is the schema's English: marked so, or a Spanish voice reads it.
    assert '<div id="swagger-ui" lang="en"></div>' in page

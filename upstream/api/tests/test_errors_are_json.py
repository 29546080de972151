"""Under /api/, an unknown address (404) and a method an operation does not take (405) answer JSON.

Both were the site's HTML pages, though the API docs say every error is JSON: a client parsing the
answer got HTML. The documentation page under /api/ stays HTML.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_unknown_address_is_a_json_404(client, org, signed_in):
    if signed_in:
        client.force_login(org.leader)
    answer = client.get("/api/v1/nope")
    assert answer.status_code == 404 and answer["Content-Type"] == "application/json"
    assert "/api/docs" in answer.json()["detail"]


def test_a_method_an_operation_does_not_take_is_a_json_405_naming_the_ones_it_does(client, org):
    client.force_login(org.leader)
    answer = client.put("/api/v1/concerns/00000000-0000-0000-0000-000000000000")
    assert answer.status_code == 405 and answer["Content-Type"] == "application/json"
    assert answer["Allow"] == "GET, HEAD"
    assert answer.json()["detail"] == "This address does not take PUT; it takes GET, HEAD."


def test_the_api_s_own_errors_and_the_docs_page_are_untouched(client, org):
    client.force_login(org.leader)
    missing = client.get("/api/v1/concerns/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and "No such concern" in missing.json()["detail"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and docs["Content-Type"].startswith("text/html")


def test_a_page_outside_the_api_keeps_its_html_404(client, org):
    answer = client.get("/no-such-page/")
    assert answer.status_code == 404 and answer["Content-Type"].startswith("text/html")


def _fail_with(monkeypatch, error: Exception) -> None:
    def fail(**_kwargs):
        raise error

    monkeypatch.setattr("upstream.concerns.services.submit_concern", fail)
    monkeypatch.setattr("upstream.concerns.retries.submit_concern", fail)  # the page and the API


def _concern(client):
    return client.post(
        "/api/v1/concerns", {"text": "Nights are short staffed."}, content_type="application/json"
    )


def test_a_server_error_under_the_api_is_json_too(client, org, monkeypatch):
    _fail_with(monkeypatch, RuntimeError("boom"))
    client.raise_request_exception = False
    client.force_login(org.reporter)
    answer = client.post(
        "/api/v1/concerns", {"text": "Nights are short staffed."}, content_type="application/json"
    )
    assert answer.status_code == 500 and answer["Content-Type"] == "application/json"
    assert (
        "Something went wrong on our side" in answer.json()["detail"]
        and "boom" not in answer.content.decode()
    )


def test_a_database_busy_with_an_import_is_a_503_to_retry(client, org, monkeypatch, caplog):
    """Fuzzing saw every write fail as an HTML 500 after 20 s while an organisation import held
    SQLite's write lock. Nothing was written; the same request a little later succeeds."""
    from django.db import OperationalError

    _fail_with(monkeypatch, OperationalError("database is locked"))
    client.force_login(org.reporter)
    answer = client.post(
        "/api/v1/concerns", {"text": "Nights are short staffed."}, content_type="application/json"
    )
    assert answer.status_code == 503 and answer["Retry-After"] == "30"
    assert "saved nothing of this request" in answer.json()["detail"]
    page = client.post("/speak/", {"text": "Nights are short staffed again and again."})
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "nothing of what you just sent was saved" in page.content.decode()
    busy = [r.getMessage() for r in caplog.records if r.name == "upstream.api.middleware"]
    assert len(busy) == 2 and all("speak" not in line and "Nights" not in line for line in busy)

"""Every answer that carries a concern's words counts as a read of it in the audit log (DESIGN.md
rule 7). Acknowledging, writing to the reporter, moving, merging, changing the status or the themes
through the API answered with the whole text and recorded no read: a leader could read a unit's
concerns by acknowledging them, unseen by the audit (found writing the API's descriptions)."""

from __future__ import annotations

import pytest

from upstream.api.tokens import create_token
from upstream.concerns.models import ReadRecord
from upstream.concerns.tests.helpers import released

TEXT = "Night shift on 4 West has one nurse for twelve patients and no cover for breaks."


def changes(concern, other, org) -> dict[str, tuple[str, dict]]:
    return {
        "acknowledge": (f"/api/v1/concerns/{concern.pk}/acknowledge", {}),
        "message": (f"/api/v1/concerns/{concern.pk}/messages", {"text": "Thank you; we are on it."}),
        "status": (f"/api/v1/concerns/{concern.pk}/status", {"status": "acknowledged"}),
        "move": (f"/api/v1/concerns/{concern.pk}/move", {"unit_id": org.ward_b.pk}),
        "themes": (
            f"/api/v1/concerns/{concern.pk}/themes",
            {"primary": "workload_staffing", "secondary": []},
        ),
        "merge": (f"/api/v1/concerns/{concern.pk}/merge", {"concern_ids": [other.pk]}),
    }


@pytest.mark.parametrize("change", ["acknowledge", "message", "status", "move", "themes", "merge"])
def test_each_change_that_answers_with_the_text_records_one_read(client, org, change):
    concern = released(TEXT, unit=org.ward_a).concern
    other = released(TEXT + " Again.", unit=org.ward_a).concern
    path, body = changes(concern, other, org)[change]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.chair, scopes=['read', 'write'])}"}
    answer = client.post(path, body, content_type="application/json", **headers)
    assert answer.status_code in (200, 201), answer.content
    assert TEXT in answer.content.decode()
    reads = ReadRecord.objects.filter(concern=concern, leader=org.chair, via="api")
    assert reads.count() == 1

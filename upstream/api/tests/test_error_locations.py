"""A body field's problem is at ["body", "payload", field, ...], whoever finds it.

docs/api.md tells scripts to match on `loc`, with `["body", "payload", "concern_ids", 0]` as its
example; the schema's own problems are there, but three found by the services were at
["body", "concern_ids", 0], ["body", "redact"] and ["body", "blinded_messages"] (an integrator's
walk through the doc). This reads every module that builds a `loc` by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
BODY_FIELD_WITHOUT_PAYLOAD = re.compile(r'\[\s*"body",\s*(?!"payload")(?:"|services\.|[a-z_]+\.field)')


def test_no_hand_built_location_leaves_out_payload():
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if BODY_FIELD_WITHOUT_PAYLOAD.search(line)
    ]
    assert found == []


def test_the_check_finds_what_it_looks_for():
    assert BODY_FIELD_WITHOUT_PAYLOAD.search('where = ["body", "concern_ids", 0]')
    assert BODY_FIELD_WITHOUT_PAYLOAD.search('where = ["body", services.TooManyAtOnce.field]')
    assert not BODY_FIELD_WITHOUT_PAYLOAD.search('"loc": ["body", "payload", "redact"],')
    assert not BODY_FIELD_WITHOUT_PAYLOAD.search('problem = {"loc": ["body"], "msg": message}')

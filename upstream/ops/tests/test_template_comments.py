"""A Django template comment `{# ... #}` must open and close on one line: over two lines Django
prints it, and /speak/ and every crisis-line card once showed their comments to staff (re-walk,
stop 38). Longer comments use {% comment %}...{% endcomment %}."""

from __future__ import annotations

from pathlib import Path

UPSTREAM = Path(__file__).resolve().parents[2]


def test_no_template_comment_spans_two_lines():
    broken = []
    for template in UPSTREAM.rglob("templates/**/*.html"):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
            opened = line.count("{#")
            if opened and line.rfind("{#") > line.rfind("#}"):
                broken.append(f"{template.relative_to(UPSTREAM)}:{number}")
    assert broken == []

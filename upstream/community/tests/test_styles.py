"""Every class a community page uses is styled on that page: by upstream.css, which every page loads,
or by a stylesheet the template links itself. The figures on the peer-support office page, the badges
on stories and campaigns and the thanks feed were styled in community.css, which four other pages
loaded, so on their own pages they showed as plain text."""

from __future__ import annotations

import re
from pathlib import Path

import upstream

ROOT = Path(upstream.__file__).parent
TEMPLATES = ROOT / "community" / "templates" / "community"
# Classes that only scripts look for, never styled.
HOOKS = {"lang"}


def _stylesheets(template: str) -> str:
    css = (ROOT / "static" / "upstream" / "upstream.css").read_text()
    for linked in re.findall(r"{% static '([^']+\.css)' %}", template):
        app = linked.split("/")[0]
        css += (ROOT / app / "static" / linked).read_text()
    return css


def test_it_handles_every_class_on_a_community_page_with_a_loaded_style():
    unstyled = []
    for path in TEMPLATES.rglob("*.html"):
        template = path.read_text()
        css = _stylesheets(template)
        for attribute in re.findall(r'class="([^"{]*)"', template):
            for name in attribute.split():
                if name not in HOOKS and not re.search(rf"\.{re.escape(name)}(?![\w-])", css):
                    unstyled.append(f"{path.relative_to(TEMPLATES)}: .{name}")
    assert unstyled == []

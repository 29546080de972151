"""The board report's typeface: DejaVu Sans, shipped in `fonts/` and embedded in each PDF.

reportlab's built-in Helvetica knows only Latin-1: a unit called "Łódź" or a leader named
"Nguyễn" printed as "■ód■" and "Nguy■n" in the report a board reads. DejaVu Sans covers Latin,
Greek, Cyrillic and more (not emoji or Chinese, Japanese and Korean, which still print as boxes);
only the glyphs a report uses are embedded.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import StyleSheet1, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR, BOLD = "UpstreamSans", "UpstreamSans-Bold"
OBLIQUE, BOLD_OBLIQUE = "UpstreamSans-Oblique", "UpstreamSans-BoldOblique"
_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    OBLIQUE: "DejaVuSans-Oblique.ttf",
    BOLD_OBLIQUE: "DejaVuSans-BoldOblique.ttf",
}
# reportlab's sample styles are set in Helvetica's faces; each is drawn in the matching one here.
_INSTEAD_OF = {
    "Helvetica": REGULAR,
    "Helvetica-Bold": BOLD,
    "Helvetica-Oblique": OBLIQUE,
    "Helvetica-BoldOblique": BOLD_OBLIQUE,
}


@cache
def register() -> None:
    """Once a process: reportlab keeps registered fonts in a module-level registry."""
    folder = Path(__file__).with_name("fonts")
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, folder / file))
    # <b> and <i> in a paragraph pick the family's faces by these mappings.
    for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, OBLIQUE), (1, 1, BOLD_OBLIQUE)):
        addMapping(REGULAR, bold, italic, name)


def stylesheet() -> StyleSheet1:
    """reportlab's sample styles, each in the matching face of the report's typeface."""
    register()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        font = getattr(style, "fontName", None)
        if font in _INSTEAD_OF:
            style.fontName = _INSTEAD_OF[font]
        if style.name.startswith("Heading"):
            # A heading stays on the page of what it heads: "Open early warnings" stood alone at
            # the foot of page 1 with its table on page 2 (an officer's walk).
            style.keepWithNext = 1
    return styles

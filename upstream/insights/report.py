"""The board report: a printable PDF (reportlab) and a CSV bundle of the same figures.

Everything comes from `dashboard.figures`, so the report shows exactly what the dashboard shows,
suppression included.
"""

from __future__ import annotations

import csv
import io
import zipfile
from functools import cache
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from upstream.insights.dashboard import (
    Figures,
    Filters,
    figures,
    freshness,
    responsiveness_note,
    series_start_note,
    signals_withheld_sentence,
)
from upstream.insights.engagement import community_start_note
from upstream.insights.moves import period_before, theme_moves, top_moves, totals
from upstream.insights.report_fonts import BOLD, REGULAR, register, stylesheet
from upstream.lib.spreadsheet import safe_rows
from upstream.org.models import RoleGroup
from upstream.themes.models import UNCLEAR

PALETTE = [colors.HexColor(c) for c in ("#1f5f8b", "#e07b2a", "#3a8f5c", "#8b3a62", "#6b6b6b", "#c9a227")]
HIDDEN = "hidden"


def _cell(value: int | None) -> str:
    """A count in the CSV files, which are for machines: "hidden" in every language."""
    return HIDDEN if value is None else str(value)


def _shown(value: int | None) -> str:
    """A count in the PDF, which people read: a hidden one in the reader's words, as on the dashboard."""
    return _("hidden") if value is None else str(value)


def top_themes(data: Figures, count: int = 5) -> list[tuple[str, int | None, int | None]]:
    """The report's "Top themes and how they moved": (theme's name, this period, the period before)."""
    return [(name, now, before) for _key, name, now, before in top_moves(theme_moves(data), count)]


def _moves_rows(data: Figures, now: int | None, before: int | None) -> list[list[str]]:
    """Every concern (`totals`) first, then the top themes: the report gave no total at all
    (officer's probe). A period before with no concern at all (before the product ran) reads "–",
    not a column of zeros that a board reads as a jump from nothing."""
    empty_before = before == 0
    rows = [[_("All concerns"), _shown(now), "–" if empty_before else _shown(before)]]
    for name, this, last in top_themes(data):
        rows.append([name, _shown(this), "–" if empty_before else _shown(last)])
    return rows


def _themes_left_out(data: Figures, styles) -> list:  # type: ignore[no-untyped-def]
    """The themes with concerns that the top table leaves out, by name: a board reader took their
    absence for none (an officer's walk: 8, 7 and 6 concerns on the dashboard, not in the PDF)."""
    moves = theme_moves(data)
    listed = {key for key, *_rest in top_moves(moves)} | {UNCLEAR}
    left = sorted((-now, key, name) for key, name, now, _before in moves if now and key not in listed)
    left = [(name, -minus) for minus, _key, name in left]
    if not left:
        return []
    names = ", ".join(f"{name} ({now})" for name, now in left)
    note = ngettext(
        "One more theme had concerns this period: %(themes)s.",
        "%(count)d more themes had concerns this period: %(themes)s.",
        len(left),
    )
    return [Paragraph(escape(note % {"count": len(left), "themes": names}), styles["Normal"])]


def _nothing_before(data: Figures, before: int | None, styles) -> list:  # type: ignore[no-untyped-def]
    if before != 0:
        return []
    note = _("No concern was recorded in %(period)s, the period before: there is nothing to compare with.")
    return [Paragraph(escape(note % {"period": period_before(data)}), styles["Normal"])]


def _short(name: str, room: float, size: float) -> str:
    """`name` as it fits in `room` points at `size` points: theme names run longer than the legend's
    column, so cut at a word, and say so. Measured, not counted: 28 characters of the report's wide
    typeface ran past the page's edge ("What helps: connection a")."""
    if stringWidth(name, REGULAR, size) <= room:
        return name
    words = name.split(" ")
    while len(words) > 1 and stringWidth(" ".join(words) + "…", REGULAR, size) > room:
        words.pop()
    cut = " ".join(words)
    while len(cut) > 1 and stringWidth(cut + "…", REGULAR, size) > room:
        cut = cut[:-1]  # one long word: cut within it
    return cut.rstrip(" ,:") + "…"


def volume_chart(data: Figures, width: float = 16 * cm, height: float = 7 * cm) -> Drawing:
    """Stacked bars of the top themes by quarter. A hidden figure cannot be drawn: a quarter with one
    is starred and its bar said to be short, so that no one reads the missing part as zero."""
    register()  # the legend measures its names in the report's typeface
    drawing = Drawing(width, height, initialFontName=REGULAR)  # its renderer starts in Helvetica
    keys = _chart_keys(data)
    names = {key: data.volume.labels.get(key, name) for key, name in data.volume.themes}
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 1.2 * cm, 1.6 * cm, width - 5.5 * cm, height - 2.2 * cm
    chart.data = [[data.volume.values[k][p] or 0 for p in data.volume.periods] for k in keys] or [[0]]
    starred = hidden_quarters(data)
    chart.categoryAxis.categoryNames = [f"{p}*" if p in starred else p for p in data.volume.periods]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    # Counts are whole: left to itself, the axis ran 0, 0.002 ... 0.01 when every figure was hidden.
    top = max((sum(bars) for bars in zip(*chart.data, strict=True)), default=0)
    step = _step(top)
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = max(step, -(-top // step) * step)
    chart.valueAxis.labelTextFormat = "%d"
    chart.categoryAxis.style = "stacked"
    for index in range(len(keys)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 4 * cm, height - 0.5 * cm
    legend.fontName = REGULAR
    legend.fontSize = 6
    legend.alignment = "right"
    # One column: reportlab's default of three entries a column put a second column of the six
    # themes past the page's edge ("What helps: connection a", an officer's walk).
    legend.columnMaximum = max(1, len(keys))
    room = width - legend.x - legend.dx - legend.dxTextSpace - 2  # from the text's start to the edge
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], _short(names[k], room, legend.fontSize)) for i, k in enumerate(keys)
    ]
    drawing.add(legend)
    return drawing


def _step(top: int, most: int = 6) -> int:
    """The smallest whole step of 1, 2 or 5 times a power of ten that reaches `top` in `most` steps."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if step * most >= top:
                return step
        scale *= 10


def _drawable(data: Figures) -> bool:
    """Whether the chart has a bar to draw: some shown count above zero among its themes."""
    return any(data.volume.values[k][p] for k in _chart_keys(data) for p in data.volume.periods)


def _volume(data: Figures, styles) -> list:  # type: ignore[no-untyped-def]
    """The chart and the note on its starred quarters, or why there is no chart: an empty frame
    read as a broken report."""
    if _drawable(data):
        return [
            volume_chart(data),
            *_hidden_note(data, styles),
            *_note(series_start_note(data.filters, data.volume), styles),
        ]
    if _chart_keys(data):
        message = _(
            "No chart: every figure of these quarters is hidden (too few people to stay anonymous, "
            "or hidden to protect such a figure)."
        )
        if not data.filters.is_quarter:
            # A year's own figures can be shown when none of its quarters can: the table below then
            # held figures under a line that read as "everything is hidden" (found by a leader walk).
            message += " " + _("The year's own figures count more people, so the table below may show some.")
    else:
        message = _("No chart: no concerns were raised in these quarters.")
    return [Paragraph(message, styles["Normal"])]


CHART_THEMES = 6


def _chart_keys(data: Figures) -> list[str]:
    """The themes drawn: the largest over the chart's quarters, by their shown counts.

    Ranked by the counts and keys, never by name: the themes were taken in the order of their names
    in the reader's language, so a Spanish board saw other themes than an English one, and six small
    ones could crowd out the largest. A hidden figure counts for nothing here (as on the dashboard's
    chart, which leaves it out): ranking by its real count would give it away by its place. A theme
    with a hidden figure but no shown one is ranked after every theme with a shown count (still
    drawn when there is room, so that its quarters are starred), among such themes by key.
    "Theme unclear" is ranked like a theme, as on the dashboard's chart: its concerns stay in the
    chart and the CSV and are left out only of the top-themes table, which reads as a list of findings.
    The largest shown theme of the last quarter is always among them.
    """
    values = data.volume.values
    shown = {key: sum(v or 0 for v in values[key].values()) for key, _n in data.volume.themes}
    drawn = [key for key, _n in data.volume.themes if any(v != 0 for v in values[key].values())]
    keys = sorted(drawn, key=lambda key: (-shown[key], key))[:CHART_THEMES]
    # The largest theme of the report's own quarter is drawn too, in the last place if need be: moral
    # injury, top of the quarter at 14, was left out as seventh over eight quarters (officer's probe).
    last = data.volume.periods[-1]
    latest = sorted((k for k in drawn if values[k][last]), key=lambda k: (-(values[k][last] or 0), k))
    if latest and latest[0] not in keys and len(keys) == CHART_THEMES:
        keys[-1] = latest[0]
    return keys


def _hidden_note(data: Figures, styles) -> list:  # type: ignore[no-untyped-def]
    """Under the chart, what its starred quarters mean (nothing when no quarter is starred)."""
    if not hidden_quarters(data):
        return []
    note = _(
        "* Some figures are hidden in this quarter (too few people to stay anonymous, or hidden to "
        "protect such a figure): its bar is shorter than the real count, and the hidden part can be large."
    )
    return [Paragraph(note, styles["Normal"])]


def _note(text: str, styles) -> list:  # type: ignore[no-untyped-def]
    """A sentence under a table or chart (why a series starts late), or nothing when there is none."""
    return [Paragraph(escape(text), styles["Normal"])] if text else []


def hidden_quarters(data: Figures) -> set[str]:
    """The chart's quarters where a drawn theme's figure is hidden (its bar is short)."""
    keys = _chart_keys(data)
    return {p for p in data.volume.periods if any(data.volume.values[k][p] is None for k in keys)}


def _wrapped(text: str) -> Paragraph:
    """A table cell that wraps, in the table's 8 points. Escaped: reportlab reads a paragraph as
    markup, so a unit named "Labor <b>& Delivery" or an action titled "Ratios <i>now" was a 500."""
    return Paragraph(escape(text), _cell_style())


@cache
def _head_style() -> ParagraphStyle:
    return ParagraphStyle("head", parent=_cell_style(), fontName=BOLD)


@cache
def _cell_style() -> ParagraphStyle:
    # Built on first use, not at import: the typeface's files are read when a report is drawn.
    return ParagraphStyle("cell", parent=stylesheet()["Normal"], fontSize=8, leading=10)


def _table(rows: list[list[str]], widths: list[float] | None = None) -> Table:
    # Headings wrap in their column: as plain strings the Spanish ones ("Días hasta confirmar",
    # "Con medidas") ran into each other (an officer's walk).
    head = [Paragraph(escape(cell), _head_style()) if isinstance(cell, str) else cell for cell in rows[0]]
    table = Table([head, *rows[1:]], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _on_time(row) -> str:  # type: ignore[no-untyped-def]
    """ "hidden" when too few concerns are decided to show a share of them; "–" when none is."""
    return _shown(None) if row.on_time_hidden else _pct(row.acknowledged_on_time)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _decimal(value: float | None, places: int) -> str:
    """As the dashboard's `floatformat`: half up, with the reader's decimal mark (2,3 in Spanish)."""
    return "–" if value is None else floatformat(value, places)


def _days(value: float | None) -> str:
    return _decimal(value, 1)


def _titles(data: Figures) -> tuple[str, str, list[str]]:
    """The document's title, the page's title and, for one role group, what the filter covers: a
    report for nurses had the title of everyone's, so a board could take it for the whole unit."""
    names = {"scope": data.filters.scope.name, "period": data.filters.period}
    if not data.filters.role_group:
        return (
            _("Board report: %(scope)s, %(period)s") % names,
            _("Clinician well-being: %(scope)s, %(period)s") % names,
            [],
        )
    names["role"] = RoleGroup(data.filters.role_group).label
    return (
        _("Board report: %(scope)s, %(period)s, role group: %(role)s") % names,
        _("Clinician well-being: %(scope)s, %(period)s, role group: %(role)s") % names,
        [
            _(
                "Only concerns and survey answers from the role group %(role)s are counted. Early "
                "warnings, actions, co-signs, thanks and peer support are not recorded by role group, "
                "so they cover everyone."
            )
            % names
        ],
    )


# Countries that print on US Letter; everyone else on A4 (a US system's board got A4 pages).
LETTER_COUNTRIES = {"US", "CA", "MX", "CL", "CO", "PH", "VE", "GT", "CR", "PR"}


def paper_size() -> tuple[float, float]:
    from upstream.community.services.resources import default_country

    return LETTER if default_country() in LETTER_COUNTRIES else A4


def render_pdf(data: Figures) -> bytes:
    styles = stylesheet()
    out = io.BytesIO()
    document_title, title, filtered = _titles(data)
    period_totals = totals(data)  # the period's and the one before's, read once
    doc = SimpleDocTemplate(
        out,
        pagesize=paper_size(),
        title=document_title,
        author="Upstream",
        initialFontName=REGULAR,  # each page's canvas starts in it: no Helvetica left in the file
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    story: list = [
        Paragraph(escape(title), styles["Title"]),
        *(Paragraph(escape(line), styles["Normal"]) for line in filtered),
        Paragraph(
            _(
                "What staff raised, how leaders answered and what changed. Counts below the minimum "
                "group size, and any that would reveal one, are shown as 'hidden'."
            ),
            styles["Normal"],
        ),
        Paragraph(escape(freshness(data)), styles["Normal"]),
        Spacer(1, 0.4 * cm),
        Paragraph(_("Concerns by theme, quarter by quarter"), styles["Heading2"]),
        *_volume(data, styles),
        Paragraph(_("Top themes and how they moved"), styles["Heading2"]),
        _table(
            [
                [
                    _("Theme"),
                    *(
                        (_("This quarter"), _("Quarter before"))
                        if data.filters.is_quarter
                        else (_("This year"), _("Year before"))
                    ),
                ]
            ]
            + _moves_rows(data, *period_totals)
        ),
        *_nothing_before(data, period_totals[1], styles),
        *_themes_left_out(data, styles),
        Paragraph(_("Open early warnings"), styles["Heading2"]),
    ]
    story += [Paragraph(escape(s.sentence), styles["Normal"]) for s in data.signals] or (
        [] if data.signals_withheld else [Paragraph(_("None open."), styles["Normal"])]
    )
    if data.signals_withheld:
        withheld = signals_withheld_sentence(data.signals_withheld)
        story.append(Paragraph(escape(withheld), styles["Normal"]))
    story += [
        # A new page only when this one has no room for the heading and the first rows: a forced
        # break left a page holding one warning when the charts ran over (executive's probe).
        CondPageBreak(9 * cm),
        Paragraph(_("Responsiveness"), styles["Heading2"]),
        Paragraph(
            _(
                "How quickly leaders acknowledged and acted. "
                "Responsiveness is published; burnout is never ranked."
            ),
            styles["Normal"],
        ),
        Paragraph(escape(responsiveness_note()), styles["Normal"]),
        _table(
            [[_("Unit"), _("Concerns"), _("On time"), _("Days to ack."), _("Acted on"), _("Days to action")]]
            + [
                [
                    _wrapped(r.unit.name),
                    _shown(r.concerns),
                    _on_time(r),
                    _days(r.days_to_acknowledge),
                    _pct(r.actioned),
                    _days(r.days_to_action),
                ]
                for r in data.responsiveness
            ],
            widths=[5.5 * cm, 2 * cm, 2 * cm, 2.2 * cm, 2 * cm, 2.3 * cm],
        ),
        Paragraph(_("You said, we did"), styles["Heading2"]),
        Paragraph(escape(_actions_sentence(data)), styles["Normal"]),
    ]
    if data.actions.recent:
        if data.actions.published > len(data.actions.recent):
            # "12 actions published" over five rows read as the full list (re-walk).
            shown = len(data.actions.recent)
            story.append(
                Paragraph(
                    escape(
                        ngettext(
                            "The most recently published one:",
                            "The %(count)d most recently published:",
                            shown,
                        )
                        % {"count": shown}
                    ),
                    styles["Normal"],
                )
            )
        story.append(
            _table(
                [[_("Action"), _("Where"), _("Progress")]]
                + [[_wrapped(a.title), _wrapped(a.place), f"{a.progress}%"] for a in data.actions.recent],
                widths=[8.5 * cm, 5.5 * cm, 2 * cm],
            )
        )
    story += _engagement(data, styles)
    doc.build(story)
    return out.getvalue()


def _actions_sentence(data: Figures) -> str:
    """ "1 actions published" read wrong, and an empty table under "0 actions published" looked broken."""
    published, completed = data.actions.published, data.actions.completed
    if not published:
        return _("No action was published in this period.")
    # "completed" agrees with its own count in Spanish, not with the published one: two messages.
    return " ".join(
        (
            ngettext("%(count)d action published.", "%(count)d actions published.", published)
            % {"count": published},
            ngettext("%(count)d completed.", "%(count)d completed.", completed) % {"count": completed},
        )
    )


def _past_cutoff(score):  # type: ignore[no-untyped-def]
    """The share with what the cut-off means: "Connection 33%" read as 33% connected (officer's
    probe); it is 33% "disconnected (disagree or strongly disagree)"."""
    if score.share_above_cutoff is None and score.mean is not None and score.cutoff_label:
        return _("hidden")  # too few people for the share (surveys.results.share_shown)
    share = _pct(score.share_above_cutoff)
    if score.share_above_cutoff is None or not score.cutoff_label:
        return share
    return _wrapped(f"{share} {score.cutoff_label}")


def _score_label(score) -> str:  # type: ignore[no-untyped-def]
    """The score's name with its scale, so a mean of 48.8 (0 to 100) beside 2.99 (1 to 5) reads right."""
    scale = _("scale %(low)s to %(high)s") % {
        "low": floatformat(score.minimum, "-2"),
        "high": floatformat(score.maximum, "-2"),
    }
    worse = f"; {_('higher is worse')}" if score.higher_is == "worse" else ""
    return f"{score.label} ({scale}{worse})"


def _engagement(data: Figures, styles) -> list:  # type: ignore[no-untyped-def]
    """Survey trends for the scope (never ranked across units) and the community counts."""
    story: list = [Paragraph(_("Pulse survey results and trends"), styles["Heading2"])]
    if data.surveys:
        story.append(
            _table(
                [[_("Wave"), _("Closed"), _("Score"), _("People"), _("Mean"), _("Crossed the cut-off")]]
                + [
                    [
                        _wrapped(s.wave),
                        date_format(s.closed_on, _("j M Y")),
                        _wrapped(_score_label(s)),
                        _shown(s.people),
                        _decimal(s.mean, 2),
                        _past_cutoff(s),
                    ]
                    for s in data.surveys
                ],
                widths=[3.6 * cm, 2 * cm, 3.8 * cm, 1.3 * cm, 1.3 * cm, 4.4 * cm],
            )
        )
    else:
        story.append(Paragraph(_("No survey results for this period yet."), styles["Normal"]))
    community = data.community
    if community is None:
        return story
    names = {
        "cosigns": _("Co-signs given"),
        "recognition": _("Thanks given"),
        "peer_requests": _("Peer-support requests"),
        "peer_contacted": _("Requests with a first contact"),
    }
    quarters = community.quarters[-4:]
    story += [
        Paragraph(_("Co-signs, recognition and peer support"), styles["Heading2"]),
        _table(
            [["", *quarters]]
            + [[names[row["key"]], *(_shown(v) for v in row["values"][-4:])] for row in community.rows()]
            + _first_contact_row(community)
        ),
        *_note(community_start_note(data.filters, community), styles),
        Spacer(1, 0.2 * cm),
        Paragraph(
            _(
                "Campaigns: %(open)d open with %(members)d members; formal asks sent in the period: "
                "%(sent)d, acknowledged on time: %(on_time)d, answered: %(answered)d."
            )
            % {
                "open": community.campaigns_open,
                "members": community.campaign_members,
                "sent": community.asks_sent,
                "on_time": community.asks_acknowledged_on_time,
                "answered": community.asks_answered,
            },
            styles["Normal"],
        ),
    ]
    return story


def _first_contact_row(community) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The dashboard's mean days to first contact, which the PDF left out (officer's probe)."""
    if not community.peer_shown:
        return []
    days = community.days_to_first_contact[-4:]
    hidden = community.days_to_first_contact_hidden[-4:]
    return [
        [
            _("Mean days to first contact"),
            *(_shown(None) if h else _decimal(v, 1) for v, h in zip(days, hidden, strict=True)),
        ]
    ]


def csv_bundle(data: Figures) -> bytes:
    """A zip of CSV files: the same figures as the PDF and the dashboard."""
    files: dict[str, list[list[object]]] = {
        # The key for scripts, the name for people (a new-user walk found only `admin_burden_ehr`).
        "volume_by_theme.csv": [["theme", "theme_name", *data.volume.periods]]
        + [
            [
                key,
                data.volume.labels.get(key, name),
                *(_cell(data.volume.values[key][p]) for p in data.volume.periods),
            ]
            for key, name in data.volume.themes
        ]
        # Every concern of each quarter, last (scripts read the themes first), under the key "all".
        + [["all", _("All concerns"), *(_cell(data.volume.totals[p]) for p in data.volume.periods)]],
        "units_by_theme.csv": [["unit", *(key for key, _n in data.heatmap.themes)]]
        + [[row["unit"].name, *(_cell(v) for v in row["values"])] for row in data.heatmap.rows()],
        # acknowledged_on_time is a share of acknowledgment_due (added last: scripts read by position).
        "responsiveness.csv": [
            [
                "unit",
                "concerns",
                "acknowledged_on_time",
                "days_to_acknowledge",
                "actioned",
                "days_to_action",
                "acknowledgment_due",
            ]
        ]
        + [
            [
                r.unit.name,
                _cell(r.concerns),
                "" if r.acknowledged_on_time is None else round(r.acknowledged_on_time, 3),
                "" if r.days_to_acknowledge is None else round(r.days_to_acknowledge, 2),
                "" if r.actioned is None else round(r.actioned, 3),
                "" if r.days_to_action is None else round(r.days_to_action, 2),
                _cell(r.acknowledgment_due),
            ]
            for r in data.responsiveness
        ],
        "actions.csv": [["published", "completed"], [data.actions.published, data.actions.completed]],
        # The PDF's table of the most recent ones (the zip had only the two counts above).
        "actions_recent.csv": [["published_on", "action", "where", "progress_percent"]]
        + [
            [timezone.localdate(a.published_at).isoformat(), a.title, a.place, a.progress]
            for a in data.actions.recent
        ],
        "signals.csv": [["raised_on", "scope", "theme", "message"]]
        + [[s.raised_on.isoformat(), s.scope.name, s.theme.key, s.sentence] for s in data.signals],
        "surveys.csv": [["wave", "closed_on", "instrument", "score", "people", "mean", "share_above_cutoff"]]
        + [
            [
                s.wave,
                s.closed_on.isoformat(),
                s.instrument,
                s.score,
                _cell(s.people),
                "" if s.mean is None else round(s.mean, 3),
                "" if s.share_above_cutoff is None else round(s.share_above_cutoff, 3),
            ]
            for s in data.surveys
        ],
    }
    if data.community is not None:
        community = data.community
        files["community.csv"] = [["measure", *community.quarters]] + [
            [row["key"], *(_cell(v) for v in row["values"])] for row in community.rows()
        ]
        # The dashboard's and the PDF's counts of now and of the period (the zip had none of them).
        files["campaigns.csv"] = [
            ["measure", "value"],
            ["shared_concerns_open", community.shared_published],
            ["campaigns_open", community.campaigns_open],
            ["campaign_members", community.campaign_members],
            ["campaigns_started", community.campaigns_started],
            ["formal_asks_sent", community.asks_sent],
            ["formal_asks_acknowledged_on_time", community.asks_acknowledged_on_time],
            ["formal_asks_answered", community.asks_answered],
        ]
        if community.peer_shown:  # as on the dashboard (officer's probe: the CSV left it out)
            files["community.csv"].append(
                [
                    "days_to_first_contact",
                    *("" if v is None else round(v, 2) for v in community.days_to_first_contact),
                ]
            )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, rows in files.items():
            text = io.StringIO()
            csv.writer(text).writerows(safe_rows(rows))
            bundle.writestr(name, text.getvalue())
    return out.getvalue()


CONTENT_TYPES = {"pdf": "application/pdf", "zip": "application/zip"}


def board_file(filters: Filters, ext: str) -> HttpResponse:
    """The report ("pdf") or its CSV bundle ("zip") as a download, for the dashboard's buttons and
    the API alike. Every open warning of the scope is listed, whoever downloads it (`figures(None,
    ...)`): noting a warning is each leader's own, and a board document must not change with it."""
    data = figures(None, filters)
    response = HttpResponse(
        render_pdf(data) if ext == "pdf" else csv_bundle(data), content_type=CONTENT_TYPES[ext]
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(filters, ext)}"'
    return response


def file_name(filters: Filters, ext: str) -> str:
    """upstream-general-2026-Q4.pdf, or upstream-general-2026-Q4-nurse.pdf for one role group: two
    downloads for the same unit and quarter were told apart only by opening them."""
    role = f"-{filters.role_group}" if filters.role_group else ""
    return f"upstream-{filters.scope.code}-{filters.period}{role}.{ext}"

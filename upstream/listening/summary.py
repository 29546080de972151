"""A session's summary: themes by role group and representative excerpts, through the privacy rules.

Role groups are sized by distinct speakers, not turns: a group with fewer speakers than the minimum
is folded into "Other roles" (via `suppress`, so a lone small group drags the next smallest along,
and a lone pair of groups folds together),
and if "Other roles" is itself too small its turns are left out of the table and the excerpts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from upstream.listening.models import FACILITATOR, ListeningSession, Turn
from upstream.org.models import RoleGroup
from upstream.privacy.groups import min_group_size
from upstream.privacy.suppression import suppress

OTHER = RoleGroup.OTHER.value
OTHER_LABEL = _("Other roles")
EXCERPT_CHARS = 300
MAX_EXCERPTS = 3
TOP_THEMES = 5
MIN_EXCERPT_SPEAKERS = 2


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Row:
    key: str
    name: str  # the stored theme name (the API's)
    cells: list[int]
    label: str = ""  # the name in the reader's language (Theme.label), for the page

    @property
    def shown(self) -> str:
        return self.label or self.name


@dataclass
class TopTheme:
    key: str
    name: str  # the stored theme name (the API's)
    label: str  # the name in the reader's language (Theme.label), for the page
    excerpts: list[tuple[str, str]] = field(default_factory=list)  # (text, column label)
    single_speaker: bool = False


@dataclass
class Summary:
    minimum: int
    columns: list[Column]
    rows: list[Row]
    top: list[TopTheme]
    folded: bool  # some role groups were counted under "Other roles"
    left_out: bool  # "Other roles" was too small to show at all
    speakers: int
    crisis_turns: int


def _speaker(turn: Turn) -> tuple[str, str]:
    return turn.speaker_role, turn.speaker_label.strip().lower()


def _column_of_roles(turns: list[Turn], minimum: int) -> tuple[dict[str, str | None], bool, bool]:
    """Role -> column key (None: left out), whether any group folded, whether "Other roles" was dropped."""
    speakers: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for turn in turns:
        speakers[turn.speaker_role].add(_speaker(turn))
    # "other" takes part like any group: when it is itself small, it already hides a folded group.
    shown = suppress({role: len(s) for role, s in speakers.items()}, minimum)
    column: dict[str, str | None] = {role: (role if value else OTHER) for role, value in shown.items()}
    folded = any(value is None for role, value in shown.items() if role != OTHER)
    other_speakers = sum(len(s) for role, s in speakers.items() if column.get(role) == OTHER)
    left_out = 0 < other_speakers < minimum
    if left_out:
        # Nobody is counted under "Other roles" then: the page says only that they are left out.
        column = {role: (None if key == OTHER else key) for role, key in column.items()}
        folded = False
    return column, folded, left_out


def _columns(column_of: dict[str, str | None], turns: list[Turn]) -> list[Column]:
    present = {column_of.get(t.speaker_role) for t in turns} - {None}
    labels = dict(RoleGroup.choices) | {OTHER: OTHER_LABEL}
    return [Column(key, labels[key]) for key in labels if key in present]


def _rows(turns: list[Turn], columns: list[Column], column_of: dict[str, str | None]) -> list[Row]:
    counts: Counter[tuple[str, str]] = Counter()
    names = {"": gettext("No clear theme")}
    labels = dict(names)
    for turn in turns:
        key = turn.theme.key if turn.theme else ""
        names.setdefault(key, turn.theme.name if turn.theme else "")
        labels.setdefault(key, turn.theme.label if turn.theme else "")
        counts[key, column_of[turn.speaker_role] or ""] += 1
    rows = [Row(key, names[key], [counts[key, c.key] for c in columns], labels[key]) for key in names]
    rows = [r for r in rows if sum(r.cells)]
    # Most-raised first; "no clear theme" always last, as it is not a finding.
    return sorted(rows, key=lambda r: (r.key == "", -sum(r.cells), r.name))


def _top_themes(turns: list[Turn], columns: list[Column], column_of: dict[str, str | None]) -> list[TopTheme]:
    labels = {c.key: c.label for c in columns}
    by_theme: dict[str, list[Turn]] = defaultdict(list)
    for turn in turns:
        if turn.theme is not None:
            by_theme[turn.theme.key].append(turn)
    ranked = sorted(by_theme.values(), key=lambda ts: (-len({_speaker(t) for t in ts}), -len(ts)))
    top: list[TopTheme] = []
    for theme_turns in ranked[:TOP_THEMES]:
        theme = theme_turns[0].theme
        item = TopTheme(theme.key, theme.name, theme.label)
        # One voice can be recognised by how it speaks: quote only themes that several people raised.
        if len({_speaker(t) for t in theme_turns}) < MIN_EXCERPT_SPEAKERS:
            item.single_speaker = True
        else:
            best = sorted(theme_turns, key=lambda t: -t.score)[:MAX_EXCERPTS]
            item.excerpts = [
                (Truncator(t.text).chars(EXCERPT_CHARS), labels[column_of[t.speaker_role] or ""])
                for t in best
            ]
        top.append(item)
    return top


def summarise(session: ListeningSession, minimum: int | None = None) -> Summary:
    minimum = min_group_size() if minimum is None else minimum
    turns = list(session.turns.exclude(speaker_role=FACILITATOR).select_related("theme"))
    column_of, folded, left_out = _column_of_roles(turns, minimum)
    shown = [t for t in turns if column_of.get(t.speaker_role)]
    columns = _columns(column_of, shown)
    return Summary(
        minimum=minimum,
        columns=columns,
        rows=_rows(shown, columns, column_of),
        top=_top_themes(shown, columns, column_of),
        folded=folded,
        left_out=left_out,
        speakers=len({_speaker(t) for t in turns}),
        crisis_turns=sum(1 for t in turns if t.crisis),
    )

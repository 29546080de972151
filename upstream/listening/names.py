"""Find names in a transcript and redact them before anything is stored.

Flagging errs toward over-flagging: the person uploading reviews every candidate and can untick
the ones that are not names, while a missed name would be stored for good.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from upstream.listening.transcripts import ParsedTurn, name_words_in_label
from upstream.listening.words import is_not_a_name

REDACTED = "[name]"
_TITLE = re.compile(r"^(?:Dr|Doctor|Nurse|RN|NP|PA|Mr|Mrs|Ms|Mx|Prof|Professor)\.?\s+")
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:['’-][A-Za-z]+)*")
# A capitalised word after these starts a sentence (or a quote), so capitals say nothing there.
_SENTENCE_ENDS = frozenset('.!?:;"“”(…—–-')
# ...except after a title's full stop: "Dr. Hartwell" is mid-sentence.
_TITLE_BEFORE = re.compile(r"(?:^|\s)(?:Dr|Mr|Mrs|Ms|Mx|Prof|St)\.$")
_REPEATED = re.compile(r"\[name\](?:\s+\[name\])+")


def _bare(name: str) -> str:
    # "Dr. Lopez" is flagged as "Lopez": redacting the name keeps the title, which is a role.
    return _TITLE.sub("", name).strip()


def capitalised_names(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised words mid-sentence that are not role, calendar, everyday, theme or unit words."""
    found: list[str] = []
    for match in _CAPITALISED.finditer(text):
        word = re.sub(r"['’]s$", "", match.group(0))
        before = text[max(0, match.start() - 40) : match.start()].rstrip()  # a window: turns can be long
        initial = not before or (before[-1] in _SENTENCE_ENDS and not _TITLE_BEFORE.search(before))
        if len(word) < 2 or initial:
            continue
        if is_not_a_name(word) or word.lower() in known:
            continue
        found.append(word)
    return found


def unit_words() -> frozenset[str]:
    """Words of unit names ("Riverbend", "Northside"): places, not people."""
    from upstream.org.models import Unit

    words: set[str] = set()
    for name in Unit.objects.values_list("name", flat=True):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", name))
    return frozenset(words)


def flag_names(turns: Sequence[ParsedTurn]) -> list[str]:
    """Candidate names, first seen first, one entry per name whatever its case."""
    from upstream.concerns.safety import named_people

    known = unit_words()
    found: list[str] = []
    for turn in turns:
        found += name_words_in_label(turn.label)
        found += [_bare(name) for name in named_people(turn.text)]
        found += capitalised_names(turn.text, known)
    unique: dict[str, str] = {}
    for name in found:
        if name:
            unique.setdefault(name.lower(), name)
    return list(unique.values())


def _pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    # Longest first, so "Robin Quill" goes whole before "Robin" is tried.
    ordered = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)", re.IGNORECASE)


def redact(text: str, names: Iterable[str]) -> str:
    """Every whole-word occurrence of each name, in any case, becomes "[name]"."""
    pattern = _pattern(names)
    if pattern is None:
        return text
    return _REPEATED.sub(REDACTED, pattern.sub(REDACTED, text))


def redact_turns(turns: Sequence[ParsedTurn], names: Iterable[str]) -> list[ParsedTurn]:
    """Redacted text; a label holding a redacted name becomes "Speaker N" so speakers stay distinct."""
    names = list(names)
    pattern = _pattern(names)
    renamed: dict[str, str] = {}
    out: list[ParsedTurn] = []
    for turn in turns:
        label = turn.label
        if pattern is not None and pattern.search(label):
            label = renamed.setdefault(label.lower(), f"Speaker {len(renamed) + 1}")
        out.append(ParsedTurn(turn.role, label, redact(turn.text, names), turn.line))
    return out


def highlight(text: str, names: Iterable[str]) -> list[tuple[str, bool]]:
    """The text as (segment, is_name) pairs, for the review page to mark names without raw HTML."""
    pattern = _pattern(names)
    if pattern is None:
        return [(text, False)]
    segments: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        segments += [(text[position : match.start()], False), (match.group(0), True)]
        position = match.end()
    segments.append((text[position:], False))
    return [s for s in segments if s[0]]

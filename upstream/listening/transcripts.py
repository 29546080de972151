"""Parse uploaded transcripts (plain text or WebVTT) into speaker turns. Pure functions.

Django is used only to translate the error messages, which people read on the upload page.

Speakers are labelled by role ("Resident 2:", "<v Nurse>"); labels are mapped to role groups with a
forgiving table. Timestamps are dropped on purpose: exact times could be joined with who was in the
room when, and the summary never needs them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from upstream.listening.words import OTHER, ROLE_PHRASES, is_not_a_name

MAX_TURNS = 3000
MAX_LABEL_WORDS = 5
NEEDS_ROLE = gettext_lazy("a turn must start with the speaker's role, like 'Nurse:' or 'Resident 2:'")


class TranscriptError(ValueError):
    """The transcript cannot be read; the message names the line where that is known."""

    def __init__(self, message: str | Promise, line: int | None = None) -> None:
        self.line = line
        super().__init__(
            gettext("line %(line)s: %(problem)s") % {"line": line, "problem": message}
            if line
            else str(message)
        )


@dataclass(frozen=True)
class ParsedTurn:
    role: str  # a RoleGroup value, "facilitator" or "other"
    label: str  # "Resident 2", as written; may be a name until redaction replaces it
    text: str
    line: int  # where the turn starts in the upload, for messages only (never stored)


def _tokens(label: str) -> list[str]:
    # "PGY-2" and "Resident2" lose their numbers: the number tells speakers apart, not roles.
    words = re.sub(r"[^a-z0-9 ]", " ", label.lower()).split()
    return [w for w in (re.sub(r"\d+$", "", w) for w in words) if w]


def role_for(label: str) -> str:
    """The role group for a speaker label; the longest matching phrase wins; "other" if none."""
    tokens = _tokens(label)
    for size in (3, 2, 1):
        for start in range(len(tokens) - size + 1):
            role = ROLE_PHRASES.get(" ".join(tokens[start : start + size]))
            if role:
                return role
    return OTHER


def _has_role_word(label: str) -> bool:
    tokens = _tokens(label)
    return any(
        " ".join(tokens[i : i + n]) in ROLE_PHRASES for n in (3, 2, 1) for i in range(len(tokens) - n + 1)
    )


def name_words_in_label(label: str) -> list[str]:
    """Capitalised words of a speaker label that are not role words: a personal name, most likely."""
    return [w for w in re.findall(r"[A-Z][a-zA-Z'’-]+", label) if not is_not_a_name(w)]


def is_speaker_label(label: str) -> bool:
    """Whether the text before a colon names a speaker, rather than being part of a sentence."""
    words = label.split()
    if not words or len(words) > MAX_LABEL_WORDS:
        return False
    if _has_role_word(label):
        return True
    # A name ("Maria:", "Dr. Lopez 2:") counts too, so that it is flagged rather than read as text.
    capitalised = all(w[0].isupper() or w.isdigit() for w in words)
    return capitalised and bool(name_words_in_label(label))


def normalise_label(label: str) -> str:
    return " ".join(label.replace("\u00a0", " ").split())[:60]


_TIMESTAMP = re.compile(r"^[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s+")
_SPEAKER = re.compile(r"^(?P<label>[^:\n]{1,60}?)\s*:(?:\s+(?P<text>.*)|$)")


def speaker_line(line: str) -> tuple[str, str] | None:
    match = _SPEAKER.match(line)
    if match is None or not is_speaker_label(match.group("label")):
        return None
    return normalise_label(match.group("label")), (match.group("text") or "").strip()


class TurnBuilder:
    """Collects turns, joining text for the same speaker and dropping turns that say nothing."""

    def __init__(self) -> None:
        self.turns: list[ParsedTurn] = []
        self.label: str | None = None
        self.parts: list[str] = []
        self.line = 0

    def start(self, label: str, text: str, line: int, *, join_same: bool = False) -> None:
        if join_same and self.label is not None and label.lower() == self.label.lower():
            self.add(text)
            return
        self.flush()
        self.label, self.parts, self.line = label, [text] if text else [], line

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)

    def flush(self) -> None:
        text = " ".join(self.parts).strip()
        if self.label is not None and text:
            self.turns.append(ParsedTurn(role_for(self.label), self.label, text, self.line))
            if len(self.turns) > MAX_TURNS:
                raise TranscriptError(
                    gettext("more than %(count)s turns; split the session into parts") % {"count": MAX_TURNS},
                    self.line,
                )
        self.label, self.parts = None, []

    def finish(self) -> list[ParsedTurn]:
        self.flush()
        if not self.turns:
            raise TranscriptError(gettext("the transcript has no turns with anything said in them"))
        return self.turns


def parse_plain(text: str) -> list[ParsedTurn]:
    """`Role: words` starts a turn; other lines continue it; blank lines are only separators."""
    builder = TurnBuilder()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _TIMESTAMP.sub("", raw.strip())
        if not line:
            continue
        speaker = speaker_line(line)
        if speaker is not None:
            builder.start(*speaker, number)
        elif builder.label is None:
            raise TranscriptError(NEEDS_ROLE, number)
        else:
            builder.add(line)
    return builder.finish()


def parse_transcript(text: str) -> list[ParsedTurn]:
    """Parse either format, without contact details; WebVTT is recognised by its `WEBVTT` first line."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise TranscriptError(gettext("the transcript is empty"))
    if text.lstrip().startswith("WEBVTT"):
        from upstream.listening.webvtt import parse_vtt

        turns = parse_vtt(text)
    else:
        turns = parse_plain(text)
    # Email addresses and phone numbers go as the transcript is read, before anyone is asked about
    # names: the review page, its signed payload and the name flagging never see them.
    from upstream.listening.contacts import remove_contacts_from_turns

    return remove_contacts_from_turns(turns)


def clean_cue_text(text: str) -> str:
    """Cue payload without markup: class, italic and inline timestamp tags go, entities are decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", text)).strip()

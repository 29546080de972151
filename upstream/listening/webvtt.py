"""WebVTT transcripts (what Zoom, Teams and most captioning tools export).

Cue timings are read only to recognise cues and then dropped; consecutive cues of the same
speaker become one turn, since captioners split sentences into cues by time, not by meaning.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_lazy

from upstream.listening.transcripts import (
    NEEDS_ROLE,
    ParsedTurn,
    TranscriptError,
    TurnBuilder,
    clean_cue_text,
    normalise_label,
    speaker_line,
)

_TIMING = re.compile(r"^(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}\s+-->\s+(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}")
_VOICE = re.compile(r"^<v(?:\.[^\s>]*)?\s+([^>]+)>(.*)$")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")
NEEDS_TIMING = gettext_lazy("expected cue timings like '00:01:02.000 --> 00:01:05.000'")
NEEDS_SPEAKER = gettext_lazy(
    "this cue does not say who is speaking; add a voice tag like <v Nurse> or start it with 'Nurse:'"
)


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Blocks of (line number, line) separated by blank lines."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line:
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _cue_payload(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines after the timing line; an optional cue id comes before it."""
    for index, (_, line) in enumerate(block[:2]):
        if _TIMING.match(line):
            return block[index + 1 :]
    raise TranscriptError(NEEDS_TIMING, block[0][0])


def _read_line(builder: TurnBuilder, number: int, line: str, first_in_cue: bool) -> None:
    voice = _VOICE.match(line)
    if voice:
        builder.start(normalise_label(voice.group(1)), clean_cue_text(voice.group(2)), number, join_same=True)
        return
    speaker = speaker_line(clean_cue_text(line))
    if speaker is not None:
        builder.start(*speaker, number, join_same=True)
    elif builder.label is None:
        raise TranscriptError(NEEDS_SPEAKER if first_in_cue else NEEDS_ROLE, number)
    else:
        # No speaker given: the captioner continued the previous speaker's sentence.
        builder.add(clean_cue_text(line))


def parse_vtt(text: str) -> list[ParsedTurn]:
    blocks = _blocks(text.lstrip("\ufeff"))
    if not blocks or not blocks[0][0][1].startswith("WEBVTT"):
        raise TranscriptError(gettext("a WebVTT file must start with the line WEBVTT"), 1)
    builder = TurnBuilder()
    for block in blocks[1:]:
        if block[0][1].split(" ", 1)[0] in _SKIPPED_BLOCKS:
            continue
        for index, (number, line) in enumerate(_cue_payload(block)):
            _read_line(builder, number, line, first_in_cue=index == 0)
    return builder.finish()

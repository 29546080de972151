"""Remove email addresses and phone numbers from a transcript, with no one asked. Pure functions.

Names need a person's judgement (is "Hope" a name?), so the review page asks about them. Contact
details do not: a phone number or an address in a transcript leads to one person, and the summary
never needs one. They are replaced as the transcript is read, before the review page shows it, so
they travel in no review payload and are never stored; storing replaces them again, for a review
signed before this step existed.

Ordinary numbers stay: a phone number is recognised by its shape (3-3-4 digits in the US, a `+` or
`00` country code, a national number starting with 0), never by its length alone, and a colon, a
slash between day and month or a comma never joins digits into one. A seven-digit local number
("555-1234") looks like a range ("100-1000"), so it needs a word such as "call" or "number" just
before it. Numbers said as words ("five five five...") are not recognised: the review page says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from upstream.listening.namelists import is_english_word
from upstream.listening.transcripts import ParsedTurn

# In the style of the names' "[name]": stored as written, in every language, like it.
EMAIL = "[email]"
PHONE = "[phone]"
_PLACEHOLDER = re.compile(r"\[(?:email|phone)\]")

# --- email addresses ---------------------------------------------------------------------------

# Top-level domains accepted in an address spelled out in words ("gupta at riverbend dot org"),
# where an ordinary sentence could otherwise be read as one. An address with "@" takes any.
_SPOKEN_TLDS = (
    "com|org|net|edu|gov|mil|int|us|uk|ca|au|nz|ie|in|io|co|info|biz|health|care|med|nhs|me|email|mail"
)
_AT = r"(?:\s*@\s*|\s*[\[(]\s*at\s*[\])]\s*)"
_SPOKEN_AT = r"\s+at\s+"
_DOT = r"(?:\.|\s*[\[(]\s*dot\s*[\])]\s*|\s+dot\s+)"
# Parts bounded in number: unbounded, "a dot a dot a dot..." was read again from every word (quadratic).
_LOCAL = r"[\w%+\-]+(?:(?:\.|\s*[\[(]\s*dot\s*[\])]\s*|\s+dot\s+|\s+underscore\s+)[\w%+\-]+){0,5}"
# A host with at least one dot: "@ the ward" in a caption is no address.
_HOST = r"[\w\-]+(?:" + _DOT + r"[\w\-]+){0,5}" + _DOT + r"[a-z]{2,}"
# "sofia.gupta@riverbend.org", "sofia.gupta @ riverbend.org" (captions), "sofia[at]riverbend[dot]org".
_EMAIL = re.compile(rf"(?<![\w.+\-]){_LOCAL}{_AT}{_HOST}(?![\w@])", re.IGNORECASE)
# "sofia dot gupta at riverbend dot org": needs a known top-level domain after its last dot.
_SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.+\-])(?P<local>{_LOCAL}){_SPOKEN_AT}"
    rf"[\w\-]+(?:{_DOT}[\w\-]+){{0,5}}{_DOT}(?:{_SPOKEN_TLDS})(?![\w@])",
    re.IGNORECASE,
)


def _spoken_email(match: re.Match[str]) -> bool:
    """ "sofia at riverbend dot org" is an address; "I work at riverbend.org" is not, though it has
    the same shape: one word before "at" counts only when it is no English word."""
    local = match.group("local")
    if re.search(r"[._]|\bdot\b|\bunderscore\b", local, re.IGNORECASE):
        return True
    return not is_english_word(local)


# --- phone numbers -----------------------------------------------------------------------------

# Between groups of digits: a space, or a dot or dash (a word processor's hyphens too) with a space
# either side or none ("555 - 1234" in captions). Never a colon (07:00, 1:6), a comma (4,500) or,
# but after an area code, a slash (3/14).
_SEP = r"(?:[ \t\u00a0]?[.\-\u2010\u2011–][ \t\u00a0]?|[ \t\u00a0])"
_EXTENSION = r"(?:\s*,?\s*(?:x|ext\.?|extension)\s*\d{1,6})?"
_START = r"(?<![\w+\-./])"  # not inside a word or a longer number
_END = r"(?![\w]|[.\-/:]\d)"
# US and Canada: 555-123-4567, (555) 123-4567, 555.123.4567, 5551234567, +1 555 123 4567, 1-800-555-1234.
_US = re.compile(
    rf"{_START}(?:(?:\+|00)?1{_SEP}?)?"  # the country code
    rf"(?:\(\d{{3}}\)[ \t\u00a0]?|\d{{3}}(?:{_SEP}|/)?)"  # the area code
    rf"\d{{3}}{_SEP}?\d{{4}}{_EXTENSION}{_END}",
    re.IGNORECASE,
)
# With a country code: +44 20 7946 0958, +33 1 23 45 67 89, +49 (0)30 123456, 0044 20 7946 0958.
_INTERNATIONAL = re.compile(
    rf"{_START}(?:\+|00)\d{{1,3}}(?:{_SEP}?\(?\d{{1,6}}\)?){{1,6}}{_EXTENSION}{_END}", re.IGNORECASE
)
# A national number starting with 0: 020 7946 0958, 07700 900123, 06 12 34 56 78, 030/1234567.
_NATIONAL = re.compile(
    rf"{_START}0\d{{1,4}}(?:{_SEP}|/)\d{{2,6}}(?:{_SEP}\d{{2,6}}){{0,4}}{_EXTENSION}{_END}", re.IGNORECASE
)
# A local number without its area code, after a word that says a number follows.
_LOCAL_NUMBER = re.compile(
    rf"\b(?:call|called|calling|phone|cell|mobile|number|text|texted|reach|dial|tel|fax)"
    rf"(?:\s+(?:me|him|her|them|us|is|was|at|on|it's|its|my|his|her|their|number|directly)){{0,3}}\s*:?\s*"
    rf"(?P<number>{_START}\d{{3}}(?:{_SEP})\d{{4}}{_EXTENSION}){_END}",
    re.IGNORECASE,
)


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _phone_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _US.finditer(text)]
    # A country code and 7 to 14 more digits (E.164 allows 15 in all).
    spans += [m.span() for m in _INTERNATIONAL.finditer(text) if 8 <= _digits(_no_extension(m.group())) <= 15]
    # 9 to 11 digits: fewer are a date (01.02.2026) or shift times (0700 1900).
    spans += [m.span() for m in _NATIONAL.finditer(text) if 9 <= _digits(_no_extension(m.group())) <= 11]
    spans += [m.span("number") for m in _LOCAL_NUMBER.finditer(text)]
    return spans


def _no_extension(number: str) -> str:
    return re.split(r"(?i)\s*,?\s*(?:x|ext\.?|extension)\s*\d", number, maxsplit=1)[0]


# --- together --------------------------------------------------------------------------------


def contact_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, placeholder) for each email address and phone number, in order, not overlapping."""
    found = [(m.start(), m.end(), EMAIL) for m in _EMAIL.finditer(text)]
    found += [(m.start(), m.end(), EMAIL) for m in _SPOKEN_EMAIL.finditer(text) if _spoken_email(m)]
    found += [(start, end, PHONE) for start, end in _phone_spans(text)]
    merged: list[tuple[int, int, str]] = []
    # The longest first where two overlap: an address's digits are not a phone number of their own.
    for start, end, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(end, last[1]), last[2])
        else:
            merged.append((start, end, kind))
    return merged


def remove_contacts(text: str) -> str:
    """The text with each email address as "[email]" and each phone number as "[phone]"."""
    out: list[str] = []
    position = 0
    for start, end, placeholder in contact_spans(text):
        out += [text[position:start], placeholder]
        position = end
    out.append(text[position:])
    return "".join(out)


def remove_contacts_from_turns(turns: Sequence[ParsedTurn]) -> list[ParsedTurn]:
    """Every turn's text and speaker label without contact details."""
    return [replace(t, label=remove_contacts(t.label), text=remove_contacts(t.text)) for t in turns]


def removed_counts(turns: Sequence[ParsedTurn]) -> tuple[int, int]:
    """How many email addresses and phone numbers were replaced: the placeholders in the turns."""
    found = [p for t in turns for text in (t.label, t.text) for p in _PLACEHOLDER.findall(text)]
    return found.count(EMAIL), found.count(PHONE)


def placeholder_segments(text: str) -> list[tuple[str, bool]]:
    """The text as (segment, is_placeholder) pairs, for the review page to show what was removed."""
    segments: list[tuple[str, bool]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        segments += [(text[position : match.start()], False), (match.group(), True)]
        position = match.end()
    segments.append((text[position:], False))
    return [s for s in segments if s[0]]

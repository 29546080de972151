"""An early warning as a sentence in the reader's language, drawn when the page is.

``Signal.message`` keeps the English sentence written when the rise was found (the API and the
admin show it). Pages render the sentence again from the stored figures, so a Spanish reader reads
Spanish: whole sentences with placeholders, one per source and usual rate, plural by the count.
"""

from __future__ import annotations

from django.utils.translation import ngettext


def _in_sentence(name: str) -> str:
    # Lower-case "Workload and staffing" inside a sentence, but keep acronyms like "EHR burden".
    if name[:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def _sentence(source: str, rare: bool, count: int) -> str:
    if source == "surveys":
        if rare:
            return ngettext(
                "%(count)d survey comment about %(theme)s in %(scope)s in the last %(days)d days; "
                "usual is fewer than 1 in %(days)d days.",
                "%(count)d survey comments about %(theme)s in %(scope)s in the last %(days)d days; "
                "usual is fewer than 1 in %(days)d days.",
                count,
            )
        return ngettext(
            "%(count)d survey comment about %(theme)s in %(scope)s in the last %(days)d days; "
            "usual is about %(usual)d in %(days)d days.",
            "%(count)d survey comments about %(theme)s in %(scope)s in the last %(days)d days; "
            "usual is about %(usual)d in %(days)d days.",
            count,
        )
    if source == "both":
        if rare:
            return ngettext(
                "%(count)d concern or survey comment about %(theme)s in %(scope)s in the last %(days)d "
                "days; usual is fewer than 1 in %(days)d days.",
                "%(count)d concerns and survey comments about %(theme)s in %(scope)s in the last "
                "%(days)d days; usual is fewer than 1 in %(days)d days.",
                count,
            )
        return ngettext(
            "%(count)d concern or survey comment about %(theme)s in %(scope)s in the last %(days)d "
            "days; usual is about %(usual)d in %(days)d days.",
            "%(count)d concerns and survey comments about %(theme)s in %(scope)s in the last "
            "%(days)d days; usual is about %(usual)d in %(days)d days.",
            count,
        )
    if rare:
        return ngettext(
            "%(count)d concern about %(theme)s in %(scope)s in the last %(days)d days; "
            "usual is fewer than 1 in %(days)d days.",
            "%(count)d concerns about %(theme)s in %(scope)s in the last %(days)d days; "
            "usual is fewer than 1 in %(days)d days.",
            count,
        )
    return ngettext(
        "%(count)d concern about %(theme)s in %(scope)s in the last %(days)d days; "
        "usual is about %(usual)d in %(days)d days.",
        "%(count)d concerns about %(theme)s in %(scope)s in the last %(days)d days; "
        "usual is about %(usual)d in %(days)d days.",
        count,
    )


def warning_sentence(
    *, observed: int, expected: float, window_days: int, theme: str, scope: str, source: str
) -> str:
    """'7 concerns about workload and staffing in 4 West in the last 14 days; usual is about 1 in
    14 days.' in the active language; ``theme`` is the name to show (``Theme.label``)."""
    rare = expected < 0.5
    return _sentence(source, rare, observed) % {
        "count": observed,
        "theme": _in_sentence(theme),
        "scope": scope,
        "days": window_days,
        "usual": max(1, round(expected)),
    }

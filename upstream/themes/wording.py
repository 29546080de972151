"""Model scores in words for the leader's concern page. The numbers stay in the API.

A unit leader cannot read a probability of 0.43 or a cosine of 0.71; they can read "also likely"
or "very similar". The bands are fixed here:

- a theme the model chose as the main one reads "main theme", whatever its probability (it
  already passed the model's own threshold);
- another theme reads "also likely" at 0.30 or more, "possible" below (the model lists others from
  0.15, its secondary threshold);
- a theme a leader set reads "corrected by a leader" (its stored 1.0 or 0.5 is not a probability);
- a similar concern reads "very similar" at a cosine of 0.75 or more, "similar" below (the page
  lists none under SIMILAR_THRESHOLD, 0.55).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

ALSO_LIKELY_FROM = 0.30
VERY_SIMILAR_FROM = 0.75


def theme_words(*, primary: bool, corrected: bool, score: float) -> str:
    """How sure the page says the theme is, in words."""
    if corrected:
        return _("main theme, corrected by a leader") if primary else _("corrected by a leader")
    if primary:
        return _("main theme")
    return _("also likely") if score >= ALSO_LIKELY_FROM else _("possible")


def similarity_words(score: float) -> str:
    return _("very similar") if score >= VERY_SIMILAR_FROM else _("similar")

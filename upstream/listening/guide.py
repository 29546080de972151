"""The discussion guide as data: the seed study's seven questions, in our own words.

Kept as data (not template text) so the guide page, the upload form and the docs all show the same
questions, and a later version can be added beside this one without rewriting pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    number: int
    text: str | Promise
    prompts: tuple[str | Promise, ...] = ()


TITLE = _("Listening session discussion guide")
VERSION = "2025-1"
MINUTES = 60

QUESTIONS: tuple[Question, ...] = (
    Question(
        1,
        _("When you hear the word “burnout”, what comes to mind?"),
        (_("Words, pictures, feelings: there are no wrong answers."),),
    ),
    Question(
        2,
        _("And when you hear “resilience”, what comes to mind?"),
        (_("Does the word feel helpful, neutral or loaded to you?"),),
    ),
    Question(
        3,
        _("Tell us about a time you felt burnout yourself, or saw it in someone you work with."),
        (
            _("What was happening around you at the time?"),
            _("Describe the situation, not the person."),
        ),
    ),
    Question(
        4,
        _("What other words or images would you use for burnout?"),
        (_("If burnout were a place or a weather, what would it be?"),),
    ),
    Question(
        5,
        _("Which programs meant to prevent burnout have worked for you, and which have not?"),
        (
            _("What made the difference?"),
            _("Did any of them cost you time you would rather have spent otherwise?"),
        ),
    ),
    Question(
        6,
        _("If you could redesign one of those programs, what would you put at its centre?"),
        (_("Who would be in the room? How often? Whose time would it use?"),),
    ),
    Question(7, _("Is there anything else you want to say about burnout, or about the words we use for it?")),
)

GROUND_RULES: tuple[str | Promise, ...] = (
    _(
        "Roles, not names. Speakers are recorded as ‘Resident 2’ or ‘Nurse’, never by name, and we ask "
        "everyone not to name colleagues, patients or leaders; describe the situation instead."
    ),
    _(
        "What is said here does not leave the room attributed to anyone. Share the themes you heard, "
        "never who said what."
    ),
    _("Speaking is optional. Anyone can pass on a question or leave at any time without explanation."),
    _(
        "Crisis resources are at hand: the 988 Suicide & Crisis Lifeline (call or text 988, US), the "
        "Physician Support Line (1-888-409-0141) and your employee assistance program. Keep the numbers "
        "on a slide or card."
    ),
)

FACILITATOR_NOTES: tuple[str | Promise, ...] = (
    _(
        "Group people by role (for example residents together, attendings together) so nobody speaks in "
        "front of the person who grades or schedules them. A facilitator from outside the reporting line "
        "works best."
    ),
    _("Start the recording only after the ground rules are read, and tell people when it starts and stops."),
    _(
        "Label speakers in the transcript by role and a number (‘Resident 1’, ‘Resident 2’, ‘Attending’),"
        " and keep the number the same for the same person through the session. Facilitator turns are "
        "kept but not coded."
    ),
    _(
        "If someone names a colleague or patient, let it pass in the moment; Upstream flags names for "
        "redaction before anything is stored, and you will review them."
    ),
    _("If someone is in distress, pause the session, check in privately and point to the crisis resources."),
    _(
        "Close by saying what happens next: the themes go to leaders with no names, and you will report "
        "back what is done about them."
    ),
)

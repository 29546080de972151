"""The discussion guide as data: the seed study's seven questions, in our own words.

Kept as data (not template text) so the guide page, the upload form and the docs all show the same
questions, and a later version can be added beside this one without rewriting pages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    number: int
    text: str
    prompts: tuple[str, ...] = ()


TITLE = "Listening session discussion guide"
VERSION = "2025-1"
MINUTES = 60

QUESTIONS: tuple[Question, ...] = (
    Question(
        1,
        "When you hear the word “burnout”, what comes to mind?",
        ("Words, pictures, feelings: there are no wrong answers.",),
    ),
    Question(
        2,
        "And when you hear “resilience”, what comes to mind?",
        ("Does the word feel helpful, neutral or loaded to you?",),
    ),
    Question(
        3,
        "Tell us about a time you felt burnout yourself, or saw it in someone you work with.",
        ("What was happening around you at the time?", "Describe the situation, not the person."),
    ),
    Question(
        4,
        "What other words or images would you use for burnout?",
        ("If burnout were a place or a weather, what would it be?",),
    ),
    Question(
        5,
        "Which programs meant to prevent burnout have worked for you, and which have not?",
        ("What made the difference?", "Did any of them cost you time you would rather have spent otherwise?"),
    ),
    Question(
        6,
        "If you could redesign one of those programs, what would you put at its centre?",
        ("Who would be in the room? How often? Whose time would it use?",),
    ),
    Question(7, "Is there anything else you want to say about burnout, or about the words we use for it?"),
)

GROUND_RULES: tuple[str, ...] = (
    "Roles, not names. Speakers are recorded as ‘Resident 2’ or ‘Nurse’, never by name, and we ask "
    "everyone not to name colleagues, patients or leaders; describe the situation instead.",
    "What is said here does not leave the room attributed to anyone. Share the themes you heard, "
    "never who said what.",
    "Speaking is optional. Anyone can pass on a question or leave at any time without explanation.",
    "Crisis resources are at hand: the 988 Suicide & Crisis Lifeline (call or text 988, US), the "
    "Physician Support Line (1-888-409-0141) and your employee assistance program. Keep the numbers on "
    "a slide or card.",
)

FACILITATOR_NOTES: tuple[str, ...] = (
    "Group people by role (for example residents together, attendings together) so nobody speaks in front of "
    "the person who grades or schedules them. A facilitator from outside the reporting line works best.",
    "Start the recording only after the ground rules are read, and tell people when it starts and stops.",
    "Label speakers in the transcript by role and a number (‘Resident 1’, ‘Resident 2’, ‘Attending’), "
    "and keep the number the same for the same person through the session. Facilitator turns are kept "
    "but not coded.",
    "If someone names a colleague or patient, let it pass in the moment; Upstream flags names for redaction "
    "before anything is stored, and you will review them.",
    "If someone is in distress, pause the session, check in privately and point to the crisis resources.",
    "Close by saying what happens next: the themes go to leaders with no names, and you will report back "
    "what is done about them.",
)

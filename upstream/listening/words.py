"""Word lists shared by transcript parsing and name flagging: role words and words that are not names.

Plain data and pure functions (the theme vocabulary is read from the shipped taxonomy file, not the
database), so parsing stays testable without Django.
"""

from __future__ import annotations

import functools
import re

from upstream.org.models import RoleGroup

FACILITATOR = "facilitator"
OTHER = RoleGroup.OTHER.value

# Phrase (lower case, single spaces) -> role. Longer phrases win, so "nurse practitioner" is an
# advanced practice provider, not a nurse, and "physician assistant" is not an attending.
ROLE_PHRASES: dict[str, str] = {
    **dict.fromkeys(
        [
            "resident",
            "residents",
            "fellow",
            "intern",
            "pgy",
            "house officer",
            "trainee",
            "chief resident",
            "registrar",
        ],
        RoleGroup.RESIDENT.value,
    ),
    **dict.fromkeys(
        [
            "attending",
            "attendings",
            "attending physician",
            "physician",
            "doctor",
            "dr",
            "md",
            "hospitalist",
            "surgeon",
            "consultant",
            "faculty",
            "intensivist",
        ],
        RoleGroup.ATTENDING.value,
    ),
    **dict.fromkeys(
        [
            "nurse",
            "nurses",
            "rn",
            "charge nurse",
            "lpn",
            "lvn",
            "cna",
            "nursing assistant",
            "nurse manager",
            "nurse educator",
        ],
        RoleGroup.NURSE.value,
    ),
    **dict.fromkeys(
        [
            "np",
            "nurse practitioner",
            "pa",
            "physician assistant",
            "physician associate",
            "app",
            "advanced practice provider",
            "advanced practice",
            "crna",
            "midwife",
        ],
        RoleGroup.APP.value,
    ),
    **dict.fromkeys(["pharmacist", "pharmacy", "pharmd"], RoleGroup.PHARMACIST.value),
    **dict.fromkeys(
        [
            "therapist",
            "rt",
            "pt",
            "ot",
            "slp",
            "respiratory therapist",
            "physical therapist",
            "occupational therapist",
            "speech therapist",
            "social worker",
            "case manager",
            "dietitian",
            "chaplain",
            "technologist",
            "allied health",
        ],
        RoleGroup.ALLIED_HEALTH.value,
    ),
    **dict.fromkeys(
        [
            "admin",
            "administrator",
            "administrative",
            "administrative staff",
            "clerk",
            "unit clerk",
            "secretary",
            "unit secretary",
            "unit coordinator",
            "coordinator",
            "receptionist",
            "scheduler",
        ],
        RoleGroup.ADMIN_STAFF.value,
    ),
    **dict.fromkeys(
        [
            "evs",
            "environmental",
            "environmental services",
            "housekeeping",
            "housekeeper",
            "transport",
            "transporter",
            "dietary",
            "food services",
            "porter",
            "support services",
        ],
        RoleGroup.SUPPORT_SERVICES.value,
    ),
    **dict.fromkeys(
        ["facilitator", "moderator", "host", "co facilitator", "cofacilitator", "interviewer"], FACILITATOR
    ),
    # Role-like words that say nothing about the group: a speaker, but in "other".
    **dict.fromkeys(
        [
            "participant",
            "speaker",
            "audience",
            "audience member",
            "attendee",
            "unknown",
            "staff",
            "staff member",
            "member",
            "voice",
            "other",
            "guest",
            "student",
            "medical student",
        ],
        OTHER,
    ),
}

# Words that qualify a role ("Senior Resident", "Night Nurse 2"): never names.
MODIFIERS = frozenset(
    "senior junior chief night day evening weekend charge head lead new float travel traveling agency "
    "per diem clinical registered first second third fourth year icu ed er or floor unit surgical surgery "
    "medicine medical peds pediatric emergency department team of the and from in a an on at".split()
)

_MONTHS_DAYS = (
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct "
    "Nov Dec Mon Tue Tues Wed Thu Thurs Fri Sat Sun"
)
# Capitalised words that turn up mid-sentence in clinical talk and are not people.
_EVERYDAY = (
    "I I'm I've I'd I'll The A An And But Or So Then When What Why How Who Where Which Yes No Not Okay OK "
    "Well Also Just Like Really Maybe Sure Thanks Thank Please Note Question Answer Comment Example Because "
    "If It It's That This These Those There They We You He She Our My Your Their His Her Its Mr Mrs Ms Dr "
    "God Christmas Thanksgiving Easter Halloween Covid Zoom Teams Slack Epic Cerner Pyxis Omnicell English "
    "Spanish American America Medicare Medicaid Hospital Department Unit Clinic Floor Ward West East North "
    "South Emergency Medicine Surgery Pediatrics Psychiatry Oncology Cardiology Radiology Pharmacy Nursing "
    "Wellness Resilience Burnout Schwartz Rounds Grand Morning Night Day Week Weekend Yoga Pizza Code Rapid "
    "Response Team Human Resources Employee Assistance Program Lifeline Support Line Crisis Health System "
    "Board Chief Officer Manager Director President Dean Residency Fellowship Intern Attending Resident "
    "Nurse Doctor Facilitator Moderator Everyone Anyone Someone Nobody Everybody Somebody Again Honestly "
    "Actually Anyway Right Yeah Um Uh Oh Hmm Mm Mhm Wow Hey Hi Hello Bye Good Great Fine Sorry Same Other "
    "More Most Some Any All Every Each Both Never Always Sometimes Now Today Tomorrow Yesterday Last Next "
    "First Second Third One Two Three Four Five Six Seven Eight Nine Ten ICU ED ER OR PACU NICU PICU "
    "Council Committee Office Services Service Center Centre Programme Association Union Group Meeting Forum "
    "Institute School University College Foundation Month Year Quality Safety Policy Human Town Hall"
)
COMMON_WORDS = frozenset(w.lower() for w in f"{_MONTHS_DAYS} {_EVERYDAY}".split())

ROLE_WORDS = frozenset(word for phrase in ROLE_PHRASES for word in phrase.split())
_TOKEN = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=1)
def theme_vocabulary() -> frozenset[str]:
    """Lower-case words of the shipped theme names and descriptions (EHR, Epic, Schwartz...)."""
    from upstream.themes.textmodel.taxonomy import load_default_taxonomy

    words: set[str] = set()
    for theme in load_default_taxonomy():
        words.update(_TOKEN.findall(f"{theme.name} {theme.description}".lower()))
    return frozenset(words)


def is_not_a_name(word: str) -> bool:
    """True for words we know are not people: roles, qualifiers, calendar and everyday words, theme terms."""
    lower = word.lower().strip(".'’")
    return lower in ROLE_WORDS or lower in MODIFIERS or lower in COMMON_WORDS or lower in theme_vocabulary()

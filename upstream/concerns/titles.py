"""Titles before a person's name, for the checks that look for names (no Django imports: the
listening transcripts' name finder reads them at import)."""

from __future__ import annotations

# Titles people put before a colleague's name, in the site's languages, matched in any case. Only a
# capitalised word after a title counts as a name ("the nurse said", "MS patients", "sr resident"),
# except after "dr"/"dra", which nothing but a name follows ("dr patel", typed on a phone).
LOWER_CASE_NAME_AFTER = frozenset({"dr", "dra"})
# Written with a full stop ("Dr. Lee"); after a whole word a full stop ends the sentence ("I called
# the nurse. Then ...").
ABBREVIATIONS = frozenset({"dr", "dra", "mr", "mrs", "ms", "mx", "prof", "sr", "sra", "srta", "enf", "lic"})
TITLES = (
    "Dr",
    "Dra",
    "Mr",
    "Mrs",
    "Ms",
    "Mx",
    "Prof",
    "Sr",
    "Sra",
    "Srta",
    "Enf",
    "Lic",
    "Doctor",
    "Doctora",
    "Doc",
    "Nurse",
    "RN",
    "NP",
    "PA",
    "Professor",
    "Profesor",
    "Profesora",
    "Enfermera",
    "Enfermero",
    "Señor",
    "Señora",
    "Señorita",
    "Don",
    "Doña",
)

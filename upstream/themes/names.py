"""The shipped theme names (upstream/themes/data/taxonomy.json), marked for translation.

Themes are rows an operator may rename in the admin. A theme whose stored name is still the shipped
one is shown in the reader's language (``Theme.label``); a renamed theme is the hospital's own
wording and is shown as stored, like unit names. The API keeps returning the stored name.

``test_theme_names`` checks that this list matches taxonomy.json, so a change there is not missed.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

SHIPPED_NAMES: dict[str, str] = {
    "workload_staffing": gettext_noop("Workload and staffing"),
    "admin_burden_ehr": gettext_noop("Documentation and EHR burden"),
    "leadership_autonomy": gettext_noop("Leadership, hierarchy and autonomy"),
    "moral_injury": gettext_noop("Moral injury and ethical distress"),
    "isolation_disconnection": gettext_noop("Isolation and disconnection"),
    "respect_safety": gettext_noop("Respect, civility and safety"),
    "recognition_growth": gettext_noop("Recognition and growth"),
    "work_life": gettext_noop("Work-life, family and pay"),
    "resources_equipment": gettext_noop("Resources, equipment and space"),
    "patient_social_needs": gettext_noop("Patients' social needs"),
    "mental_health_stigma": gettext_noop("Mental health and stigma"),
    "wellness_program_fit": gettext_noop("Fit of wellness programs"),
    "positive_connection": gettext_noop("What helps: connection and teamwork"),
}


def theme_label(key: str, name: str) -> str:
    """The name to show: translated while it is the shipped one, the stored name once renamed."""
    if SHIPPED_NAMES.get(key) == name:
        return gettext(name)
    return name

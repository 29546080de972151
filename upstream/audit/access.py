"""Who may read the audit trail: the well-being office.

The organisation has no single flag for the office yet, so the office is recognised the ways the
rest of Upstream does: whoever leads the top of the organisation in person, not as a deputy (the
demo's system well-being officer; surveys use the same rule), anyone granted the
`community.wellbeing_office` permission, and superusers (who can already list read records in the
admin).
"""

from __future__ import annotations

from upstream.org.access import leads_the_top_in_person
from upstream.org.models import User

OFFICE_PERMISSION = "community.wellbeing_office"


def can_read_audit_trail(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_perm(OFFICE_PERMISSION):
        return True
    return leads_the_top_in_person(user)

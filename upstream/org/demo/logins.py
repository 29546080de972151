"""The named demo accounts a tester needs: the table `make run` prints, and the sign-in page's card.

One list serves both. The roles and what each account can see are translated on the sign-in page
and stay English in the terminal, where the rest of the table (and the password) is English.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEMO_PASSWORD = "upstream-demo"  # noqa: S105 - public by design: printed for every first-time user
# The account whose password the sign-in card checks: while it still opens with DEMO_PASSWORD, the
# demo's logins are still the ones printed.
WITNESS = "wellbeing"


@dataclass(frozen=True)
class NamedLogin:
    username: str
    first: str
    last: str
    role: Promise
    sees: Promise


# The accounts a tester needs, in the order they are shown, with what each one can see.
NAMED = {
    login.username: login
    for login in (
        NamedLogin(
            "wellbeing",
            "Dana",
            "Whitfield",
            _("system well-being officer"),
            _("every concern, action and dashboard in Riverbend Health"),
        ),
        NamedLogin(
            "cno",
            "Marisol",
            "Ortega",
            _("chief nursing officer"),
            _("concerns and actions across Riverbend General; a listening session at /listening/"),
        ),
        NamedLogin(
            "chair",
            "Anand",
            "Iyer",
            _("department chair"),
            _("concerns and actions in Medicine at Riverbend General"),
        ),
        NamedLogin(
            "manager",
            "Colleen",
            "Brady",
            _("unit manager"),
            _("concerns and actions for 4 West Med-Surg; sees an early warning about staffing on 4 West"),
        ),
        NamedLogin(
            "staff",
            "Jess",
            "Moreau",
            _("nurse"),
            _("a nurse on 4 West: report concerns, receipts, the board"),
        ),
        NamedLogin(
            "resident",
            "Sanjay",
            "Mehta",
            _("resident"),
            _("a medicine resident on 4 West and in the MICU"),
        ),
        NamedLogin(
            "pharmacist",
            "Ruth",
            "Adler",
            _("pharmacist"),
            _("1 of 3 in Oncology Pharmacy: sees the small-group warning"),
        ),
    )
}
# Made by organisation.add_admin, not with the named people, but listed with them.
ADMIN = NamedLogin("admin", "", "", _("superuser"), _("the Django admin at /admin/"))


def listed_logins() -> list[NamedLogin]:
    """Every login the terminal table and the sign-in card list, in order."""
    return [*NAMED.values(), ADMIN]


def logins_table() -> str:
    """The table `make run` shows a first-time user, in English whatever the active language."""
    with translation.override(None):
        rows = [("username", "password", "role", "what they can see")]
        rows += [(n.username, DEMO_PASSWORD, str(n.role), str(n.sees)) for n in listed_logins()]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"Every other demo account (firstname.lastname) also uses the password {DEMO_PASSWORD}.")
    return "\n".join(lines)


def demo_logins_still_open() -> bool:
    """Whether this database holds the demo with its printed password still valid (two queries).

    Checks the demo system's unit and one named account's password. A changed password hides the
    sign-in card on the next request: what is remembered is the answer for one stored hash, and a
    new password is a new hash. Writes nothing: no hash upgrade on a GET.
    """
    from upstream.org.demo.organisation import SYSTEM_CODE
    from upstream.org.models import Unit, User

    if not Unit.objects.filter(code=SYSTEM_CODE).exists():
        return False
    encoded = User.objects.filter(username=WITNESS, is_active=True).values_list("password", flat=True).first()
    return encoded is not None and _opens_with_demo_password(encoded)


@lru_cache(maxsize=4)
def _opens_with_demo_password(encoded: str) -> bool:
    """Hashing the password on every view of the sign-in page took about 0.3 s of a core (70 times
    any other page); the stored hash, not the account, is the key, so a new password is checked."""
    return check_password(DEMO_PASSWORD, encoded)


def sign_in_card() -> dict[str, object] | None:
    """What the sign-in page's "Demo accounts" card shows, or None when it must not show."""
    if not demo_logins_still_open():
        return None
    return {"logins": listed_logins(), "password": DEMO_PASSWORD}


def demo_sign_in(request: HttpRequest) -> dict[str, object]:
    """Context processor: only with UPSTREAM_DEMO_SIGN_IN on, and lazily, so a page that does not ask
    (every page but sign-in) runs no query. The template calls `demo_sign_in` once, in a {% with %}."""
    if not settings.UPSTREAM_DEMO_SIGN_IN:
        return {}
    return {"demo_sign_in": sign_in_card}

"""The named demo accounts a tester needs, and the table of logins printed for a first-time user."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "upstream-demo"  # noqa: S105 - public by design: printed for every first-time user


@dataclass(frozen=True)
class NamedLogin:
    username: str
    first: str
    last: str
    sees: str


# The accounts a tester needs, with what each one can see.
NAMED = {
    "wellbeing": NamedLogin(
        "wellbeing", "Dana", "Whitfield", "every concern, action and dashboard in Riverbend Health"
    ),
    "cno": NamedLogin(
        "cno",
        "Marisol",
        "Ortega",
        ("concerns and actions across Riverbend General; a listening session at /listening/"),
    ),
    "chair": NamedLogin("chair", "Anand", "Iyer", "concerns and actions in Medicine at Riverbend General"),
    "manager": NamedLogin(
        "manager",
        "Colleen",
        "Brady",
        ("concerns and actions for 4 West Med-Surg; sees an early warning about staffing on 4 West"),
    ),
    "staff": NamedLogin("staff", "Jess", "Moreau", "a nurse on 4 West: report concerns, receipts, the board"),
    "resident": NamedLogin("resident", "Sanjay", "Mehta", "a medicine resident on 4 West and in the MICU"),
    "pharmacist": NamedLogin(
        "pharmacist", "Ruth", "Adler", "1 of 3 in Oncology Pharmacy: sees the small-group warning"
    ),
}


def logins_table() -> str:
    """The table `make run` shows a first-time user."""
    rows = [("username", "password", "role", "what they can see")]
    roles = {
        "wellbeing": "system well-being officer",
        "cno": "chief nursing officer",
        "chair": "department chair",
        "manager": "unit manager",
        "staff": "nurse",
        "resident": "resident",
        "pharmacist": "pharmacist",
    }
    for key in ("wellbeing", "cno", "chair", "manager", "staff", "resident", "pharmacist"):
        rows.append((key, DEMO_PASSWORD, roles[key], NAMED[key].sees))
    rows.append(("admin", DEMO_PASSWORD, "superuser", "the Django admin at /admin/"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("Every other demo account (firstname.lastname) also uses the password upstream-demo.")
    return "\n".join(lines)

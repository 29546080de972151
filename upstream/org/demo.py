"""The demo health system `upstream load-demo` builds: Riverbend Health, its people and their concerns.

Deterministic (one seeded random generator), idempotent (keyed by the system's unit code), and
fast on SQLite: people and memberships are bulk-created with one precomputed password hash.
Concern texts come from the theme examples (upstream/themes/data/examples.jsonl), which the project
wrote for training; none is a real report.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from upstream.org.models import LeaderAssignment, Membership, RoleGroup, Unit, UnitLevel, User

DEMO_PASSWORD = "upstream-demo"  # noqa: S105 - public by design: printed for every first-time user
SYSTEM_CODE = "riverbend"
EMAIL_DOMAIN = "riverbend.example"
SEED = 20240917
EXAMPLES = Path(__file__).resolve().parent.parent / "themes" / "data" / "examples.jsonl"

R = RoleGroup
# Staff mixes per kind of unit: role group -> (fewest, most).
MIXES: dict[str, dict[str, tuple[int, int]]] = {
    "ward": {
        R.NURSE: (12, 16),
        R.RESIDENT: (3, 5),
        R.ATTENDING: (2, 3),
        R.APP: (1, 2),
        R.ALLIED_HEALTH: (1, 2),
        R.ADMIN_STAFF: (1, 2),
        R.SUPPORT_SERVICES: (1, 2),
    },
    "icu": {
        R.NURSE: (13, 17),
        R.RESIDENT: (4, 6),
        R.ATTENDING: (3, 4),
        R.APP: (1, 2),
        R.ALLIED_HEALTH: (2, 3),
        R.PHARMACIST: (1, 1),
        R.SUPPORT_SERVICES: (1, 2),
    },
    "ed": {
        R.NURSE: (14, 18),
        R.RESIDENT: (4, 6),
        R.ATTENDING: (4, 5),
        R.APP: (3, 4),
        R.ALLIED_HEALTH: (1, 2),
        R.ADMIN_STAFF: (2, 3),
        R.SUPPORT_SERVICES: (2, 3),
    },
    "periop": {
        R.NURSE: (10, 14),
        R.RESIDENT: (3, 4),
        R.ATTENDING: (3, 5),
        R.APP: (2, 3),
        R.ALLIED_HEALTH: (1, 2),
        R.SUPPORT_SERVICES: (1, 2),
    },
    "clinic": {R.NURSE: (4, 6), R.ATTENDING: (2, 3), R.APP: (1, 2), R.ADMIN_STAFF: (3, 5)},
    "pharmacy": {R.PHARMACIST: (6, 8), R.ALLIED_HEALTH: (2, 3)},
    "small_pharmacy": {R.PHARMACIST: (3, 3)},
    "evs": {R.SUPPORT_SERVICES: (8, 11), R.ADMIN_STAFF: (1, 1)},
    "rehab": {R.ALLIED_HEALTH: (6, 9), R.ADMIN_STAFF: (1, 1)},
}

# (code, name, [(department code, name, [(unit code, name, mix)])]); codes are prefixed per hospital.
HOSPITALS: list[tuple[str, str, list[tuple[str, str, list[tuple[str, str, str]]]]]] = [
    (
        "rg",
        "Riverbend General",
        [
            (
                "med",
                "Medicine",
                [
                    ("4w", "4 West Med-Surg", "ward"),
                    ("5e", "5 East Telemetry", "ward"),
                    ("6n", "6 North Oncology", "ward"),
                ],
            ),
            ("surg", "Surgery", [("or", "Main OR", "periop"), ("3w", "3 West Surgical", "ward")]),
            ("ed", "Emergency", [("ed-adult", "ED Adult", "ed"), ("ed-fast", "ED Fast Track", "clinic")]),
            ("cc", "Critical Care", [("micu", "MICU", "icu"), ("sicu", "SICU", "icu")]),
            ("wh", "Women's Health", [("ld", "Labor & Delivery", "ward"), ("mb", "Mother-Baby", "ward")]),
            (
                "rx",
                "Pharmacy",
                [
                    ("rx-inpt", "Inpatient Pharmacy", "pharmacy"),
                    ("rx-onc", "Oncology Pharmacy", "small_pharmacy"),
                ],
            ),
            ("evs", "Environmental Services", [("evs-main", "EVS Day Crew", "evs")]),
            ("rehab", "Rehabilitation", [("rehab-inpt", "Inpatient Rehab Therapy", "rehab")]),
        ],
    ),
    (
        "ns",
        "Northside Community",
        [
            ("med", "Medicine", [("2s", "2 South Med-Surg", "ward"), ("pcu", "Progressive Care", "ward")]),
            ("surg", "Surgery", [("or", "Surgical Services", "periop")]),
            ("ed", "Emergency", [("ed-adult", "ED Adult", "ed")]),
            ("cc", "Critical Care", [("icu", "ICU", "icu")]),
            ("rx", "Pharmacy", [("rx-inpt", "Inpatient Pharmacy", "pharmacy")]),
            ("evs", "Environmental Services", [("evs-main", "EVS", "evs")]),
            ("amb", "Ambulatory", [("pc", "Primary Care Clinic", "clinic")]),
        ],
    ),
    (
        "sac",
        "St. Anne's Children's",
        [
            ("peds", "Pediatrics", [("peds-med", "Pediatric Medical", "ward"), ("heme", "Hem-Onc", "ward")]),
            ("cc", "Critical Care", [("picu", "PICU", "icu"), ("nicu", "NICU", "icu")]),
            ("ed", "Emergency", [("ped-ed", "Pediatric ED", "ed")]),
            ("surg", "Surgery", [("ped-or", "Pediatric OR", "periop")]),
            ("wh", "Women's Health", [("ld", "Labor & Delivery", "ward")]),
            ("rx", "Pharmacy", [("rx-inpt", "Inpatient Pharmacy", "pharmacy")]),
            ("evs", "Environmental Services", [("evs-main", "EVS", "evs")]),
        ],
    ),
]

FIRST_NAMES = """Aaliyah Abdul Adaeze Aiden Aisha Alejandro Alex Amara Amir Ana Andre Angela Anika Arjun
Aubrey Ava Beatriz Bianca Brandon Bridget Caleb Camila Carmen Chen Chidi Chloe Connor Dana Daniel Darius
Deepa Diego Dimitri Elena Elijah Emeka Emily Esther Ethan Farah Felix Fiona Gabriel Hana Hannah Hector
Ibrahim Ines Isaac Isabel Jamal Jasmine Javier Jin Joanna Jonah Jorge Julia Kai Kareem Kateryna Keisha
Kenji Kiran Lamar Laura Lena Leo Lina Lucas Luis Maya Mei Miguel Mira Mohammed Nadia Naomi Nathan Nia
Noah Olga Omar Oscar Paolo Priya Quinn Rafael Rania Ravi Rebecca Rosa Ruth Samira Santiago Sara Sean
Sofia Tariq Teresa Thabo Tomas Uma Valeria Victor Wei Xavier Yara Yusuf Zainab Zoe""".split()
LAST_NAMES = """Abara Adeyemi Alvarez Anderson Bae Banerjee Bennett Brooks Campbell Castillo Chang Clarke
Cohen Cruz Das Delgado Diallo Dubois Edwards Eze Fischer Flores Foster Garcia Gonzalez Gupta Haddad
Hansen Hernandez Hoang Hughes Ibrahim Ito Jackson Jensen Johnson Kaur Khan Kim Kowalski Larsen Le Lee
Lopez Mahmoud Martin Mendoza Mensah Moreno Murphy Nakamura Navarro Nguyen Novak Nwosu Obi Okafor
Olsen Ortiz Osei Park Patel Perez Petrov Phillips Quinn Ramirez Reddy Reyes Rivera Rossi Russo Sanchez
Santos Schmidt Shah Silva Singh Sokolov Suzuki Tan Taylor Thompson Torres Tran Turner Vargas Vasquez
Walker Wang Watson Williams Wong Yamamoto Yilmaz Young Zhang""".split()


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
    "cno": NamedLogin("cno", "Marisol", "Ortega", "concerns and actions across Riverbend General"),
    "chair": NamedLogin("chair", "Anand", "Iyer", "concerns and actions in Medicine at Riverbend General"),
    "manager": NamedLogin("manager", "Colleen", "Brady", "concerns and actions for 4 West Med-Surg"),
    "staff": NamedLogin("staff", "Jess", "Moreau", "a nurse on 4 West: report concerns, receipts, the board"),
    "resident": NamedLogin("resident", "Sanjay", "Mehta", "a medicine resident on 4 West and in the MICU"),
    "pharmacist": NamedLogin(
        "pharmacist", "Ruth", "Adler", "1 of 3 in Oncology Pharmacy: sees the small-group warning"
    ),
}


@dataclass
class Built:
    """What the builder made, handed from one step to the next."""

    units: dict[str, Unit] = field(default_factory=dict)
    leaders: dict[str, User] = field(default_factory=dict)  # unit code -> the leader accountable there
    members: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))  # unit -> role -> n


def demo_exists() -> bool:
    return Unit.objects.filter(code=SYSTEM_CODE).exists()


def other_org_exists() -> bool:
    return Unit.objects.exclude(code=SYSTEM_CODE).exists() and not demo_exists()


def load_demo(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Build the demo system; returns counts. Call only when demo_exists() is False."""
    now = now or timezone.now()
    rng = random.Random(SEED)
    hashed = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        built = Built()
        _build_tree(built)
        people = _build_people(built, rng, hashed)
        _build_leaders(built, rng, hashed)
        User.objects.create(
            username="admin",
            email=f"admin@{EMAIL_DOMAIN}",
            display_name="Demo administrator",
            is_staff=True,
            is_superuser=True,
            password=hashed,
        )
    counts = build_activity(built, rng, now=now, examples=load_examples())
    return {"units": len(built.units), "people": people, **counts}


def load_examples() -> list[dict[str, str]]:
    with EXAMPLES.open(encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream if line.strip()]
    return [row for row in rows if len(row.get("text", "").strip()) >= 12]


def _build_tree(built: Built) -> None:
    root = Unit.objects.add_root({"code": SYSTEM_CODE, "name": "Riverbend Health", "level": UnitLevel.SYSTEM})
    built.units[SYSTEM_CODE] = root
    for h_code, h_name, departments in HOSPITALS:
        hospital = _add(root, h_code, h_name, UnitLevel.HOSPITAL)
        built.units[h_code] = hospital
        for d_code, d_name, units in departments:
            code = f"{h_code}-{d_code}"
            department = _add(hospital, code, d_name, UnitLevel.DEPARTMENT)
            built.units[code] = department
            for u_code, u_name, _mix in units:
                code = f"{h_code}-{u_code}"
                built.units[code] = _add(department, code, u_name, UnitLevel.UNIT)
    # Re-read: treebeard's sorted inserts shift siblings' paths after the instances were made.
    built.units = {u.code: u for u in Unit.objects.filter(path__startswith=root.path)}


def _add(parent: Unit, code: str, name: str, level: str) -> Unit:
    # Re-read the parent: sorted inserts change stored paths and child counts under our instances.
    fresh = Unit.objects.get(pk=parent.pk)
    return Unit.objects.add_child(fresh, {"code": code, "name": name, "level": level})


def unit_mixes() -> dict[str, str]:
    return {f"{h}-{u}": mix for h, _n, deps in HOSPITALS for _d, _dn, units in deps for u, _un, mix in units}


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set(NAMED)
        self.pairs: set[tuple[str, str]] = {(n.first, n.last) for n in NAMED.values()}

    def person(self, hashed: str) -> User:
        while True:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            if (first, last) not in self.pairs:
                break
        self.pairs.add((first, last))
        return _user(self.username(first, last), first, last, hashed)

    def username(self, first: str, last: str) -> str:
        base = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base}{n}"
        self.used.add(name)
        return name


def _user(username: str, first: str, last: str, hashed: str) -> User:
    return User(
        username=username,
        email=f"{username}@{EMAIL_DOMAIN}",
        first_name=first,
        last_name=last,
        display_name=f"{first} {last}",
        password=hashed,
    )


def _build_people(built: Built, rng: random.Random, hashed: str) -> int:
    names = _Names(rng)
    placements: list[tuple[User, str, str]] = []
    mixes = unit_mixes()
    named = {n.username: _user(n.username, n.first, n.last, hashed) for n in NAMED.values()}
    for code, mix in mixes.items():
        for role, (low, high) in MIXES[mix].items():
            count = rng.randint(low, high)
            if code == "rg-4w" and role == R.NURSE:
                placements.append((named["staff"], code, role))
                count -= 1
            if code == "rg-rx-onc":
                placements.append((named["pharmacist"], code, role))
                count -= 1
            placements += [(names.person(hashed), code, role) for _ in range(count)]
    # Residents rotate: a few hold a second membership, as the named resident does.
    placements += [(named["resident"], "rg-4w", R.RESIDENT), (named["resident"], "rg-micu", R.RESIDENT)]
    residents = [p for p in placements if p[2] == R.RESIDENT and p[0].username != "resident"]
    for user, code, _role in rng.sample(residents, 12):
        other = rng.choice(
            [c for c, m in mixes.items() if m in ("ward", "icu", "ed") and c != code and c[:2] == code[:2]]
        )
        placements.append((user, other, R.RESIDENT))
    users = {u.username: u for u, _c, _r in placements}
    User.objects.bulk_create(users.values())
    ids = dict(User.objects.filter(username__in=users).values_list("username", "pk"))
    seen: set[tuple[str, str]] = set()
    memberships = []
    for user, code, role in placements:
        if (user.username, code) in seen:
            continue
        seen.add((user.username, code))
        memberships.append(Membership(user_id=ids[user.username], unit=built.units[code], role_group=role))
        built.members[code][role] = built.members[code].get(role, 0) + 1
    Membership.objects.bulk_create(memberships)
    return len(users)


def _build_leaders(built: Built, rng: random.Random, hashed: str) -> None:
    names = _Names(rng)
    names.used |= set(User.objects.values_list("username", flat=True))
    named = {
        n: _user(v.username, v.first, v.last, hashed)
        for n, v in NAMED.items()
        if n in ("wellbeing", "cno", "chair", "manager")
    }
    plan: list[tuple[User, str, str]] = [(named["wellbeing"], SYSTEM_CODE, "System Well-being Officer")]
    for h_code, _h_name, departments in HOSPITALS:
        cno = named["cno"] if h_code == "rg" else names.person(hashed)
        plan += [
            (cno, h_code, "Chief Nursing Officer"),
            (names.person(hashed), h_code, "Chief Medical Officer"),
        ]
        for d_code, d_name, units in departments:
            chair = named["chair"] if (h_code, d_code) == ("rg", "med") else names.person(hashed)
            title = "Director" if d_code in ("rx", "evs", "rehab", "amb") else "Chair"
            plan.append((chair, f"{h_code}-{d_code}", f"{title}, {d_name}"))
            for u_code, _u_name, mix in units:
                code = f"{h_code}-{u_code}"
                manager = named["manager"] if code == "rg-4w" else names.person(hashed)
                title = {
                    "pharmacy": "Pharmacy Manager",
                    "small_pharmacy": "Pharmacy Manager",
                    "evs": "EVS Supervisor",
                    "rehab": "Therapy Manager",
                }.get(mix, "Nurse Manager")
                plan.append((manager, code, title))
    users = {u.username: u for u, _c, _t in plan}
    User.objects.bulk_create(users.values())
    ids = dict(User.objects.filter(username__in=users).values_list("username", "pk"))
    LeaderAssignment.objects.bulk_create(
        LeaderAssignment(user_id=ids[u.username], unit=built.units[c], title=t) for u, c, t in plan
    )
    by_id = User.objects.in_bulk(ids.values())
    for user, code, _title in plan:
        built.leaders[code] = by_id[ids[user.username]]


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


# --- Concerns, threads and actions ------------------------------------------------------------

# (status, how many, received between this many days ago)
STATUS_PLAN: list[tuple[str, int, tuple[int, int]]] = [
    ("new", 24, (2, 6)),
    ("overdue", 6, (10, 28)),
    ("acknowledged", 30, (5, 45)),
    ("in_progress", 40, (10, 100)),
    ("action_taken", 34, (20, 120)),
    ("closed", 40, (14, 120)),
]

CRISIS_TEXTS = [
    "I don't know who else to tell. Lately I've been thinking my family would be better off without me. "
    "I keep coming to work because I don't know what else to do.",
    "After the last few months I've had thoughts about wanting to end my life. I haven't told anyone "
    "because I'm afraid of what it would mean for my license.",
]

FIRST_REPLIES = {
    "workload_staffing": (
        "Thank you for telling us. I'm pulling the staffing grids for those shifts this week and taking "
        "them to the staffing committee."
    ),
    "admin_burden_ehr": (
        "Thank you. Can you tell me which screens or notes take the most time? I'm collecting examples "
        "for the informatics team."
    ),
    "leadership_autonomy": (
        "Thank you for saying this plainly. You're right that staff should be asked before changes like "
        "this. I'll bring it to the next leadership huddle."
    ),
    "moral_injury": (
        "Thank you for writing this. What you describe matters, and I'd like to bring it to the ethics "
        "committee. Is there anything you'd add?"
    ),
    "isolation_disconnection": (
        "Thank you. I hear that the team feels disconnected. Would a regular check-in on nights or "
        "weekends help?"
    ),
    "respect_safety": (
        "Thank you for reporting this. Nobody should be treated this way at work. I've started a review "
        "and I'll update you here."
    ),
    "recognition_growth": (
        "Thank you. You're right that this work often goes unseen. I'm looking at how we recognise it and"
        " at education funding."
    ),
    "work_life": (
        "Thank you for telling us. I'm reviewing how schedules and swaps are handled and will share what "
        "we find."
    ),
    "resources_equipment": (
        "Thank you. I've asked supply chain and biomed to look at this and will share what they find."
    ),
    "patient_social_needs": (
        "Thank you. I've shared this with social work and case management so we can look at what support "
        "is missing."
    ),
    "mental_health_stigma": (
        "Thank you for trusting us with this. Confidential support is available through the EAP and the "
        "peer support team. I'm also looking at the policy you mention."
    ),
    "wellness_program_fit": (
        "Thank you for the honest feedback about the program. I'd like to know what would actually help: "
        "more of that would shape how we spend the budget."
    ),
    "positive_connection": (
        "Thank you for sharing this. I'll pass it on to the team; it's good to hear what is working."
    ),
}
REPORTER_REPLIES = [
    "Thanks for answering. It happened again this week, on nights.",
    "Appreciate the reply. Most of us feel the same way, it's not just me.",
    "Thank you. The biggest problem is on weekends when there's no one to escalate to.",
    "Thanks. I'd rather not say more here, but it's still happening.",
    "That helps, thank you. Please keep us posted, people are watching whether anything changes.",
]
FOLLOW_UPS = [
    "Thank you for the detail. The committee meets next week and this is on the agenda.",
    "That's helpful. We're trialling a change on two shifts first and will ask for feedback.",
    "Understood. I'll share what we decide here and on the board.",
]
ACTION_TAKEN_NOTES = [
    "We've made a change because of this concern; it's on the \"you said, we did\" board.",
    "A change is in place now. Tell us here whether it's making a difference.",
]
CLOSING_NOTES = [
    "Closing this one: the change is in place and has held for a month. Reply here if it slips again.",
    "We looked into this carefully. We can't change the policy itself, but we've shared your concern "
    "with the system's leadership and will report back on the board.",
    "Closing now that the new process is running. Thank you for raising it.",
    "This was merged into a wider piece of work on the same issue; the action on the board tracks it.",
]
CRISIS_REPLY = (
    "Thank you for telling us. You are not alone, and you don't have to carry this by yourself. Please reach "
    "the 988 Suicide & Crisis Lifeline (call or text 988) or the Physician Support Line today. Our EAP and "
    "peer support team are confidential. I'm here and will keep reading this thread."
)

# (scope code, theme, title, description, updates as (days after publishing, text, progress))
ACTIONS: list[tuple[str, str, str, str, list[tuple[int, str, int]]]] = [
    (
        "rg-4w",
        "workload_staffing",
        "You said nights run short; we added a float nurse 7p-7a",
        "4 West now has a dedicated float nurse every night shift, funded from the travel budget.",
        [
            (7, "Float nurse posted for 5 of 7 nights this week.", 60),
            (21, "Every night covered for two weeks running.", 100),
        ],
    ),
    (
        "rg-micu",
        "resources_equipment",
        "You said the MICU ran out of pumps; we added 12 and a daily par check",
        "Biomed added 12 infusion pumps and the night charge nurse checks the par level at 0400.",
        [(5, "Pumps delivered and tagged.", 70), (14, "No shortages reported since.", 100)],
    ),
    (
        "rg-ed-adult",
        "respect_safety",
        "You said triage didn't feel safe; security is now at the ED door around the clock",
        "A security officer is stationed at ED triage 24/7 and staff have a new duress button.",
        [(10, "Officer in place on all shifts; duress buttons being installed.", 50)],
    ),
    (
        "ns-ed-adult",
        "work_life",
        "You said shift swaps were impossible; you can now self-schedule",
        "The Northside ED moved to self-scheduling with manager approval within 48 hours.",
        [(14, "First schedule built by staff; approvals average 30 hours.", 80)],
    ),
    (
        "sac-picu",
        "isolation_disconnection",
        "You said nights feel cut off; leaders now join a monthly night huddle",
        "The CNO and PICU medical director join a 15-minute huddle at 0300 once a month.",
        [(30, "First two huddles held; topics shared on the unit board.", 40)],
    ),
    (
        "rg-med",
        "admin_burden_ehr",
        "You said discharge paperwork ate the afternoon; we cut the summary template in half",
        "Informatics removed duplicate fields from the discharge summary and added smart defaults.",
        [(20, "New template live on all Medicine units.", 100)],
    ),
    (
        "rg-rx",
        "workload_staffing",
        "You said the verification queue felt unsafe; we added an evening pharmacist",
        "A second pharmacist now covers 1500-2330 to keep order verification under 30 minutes.",
        [(12, "Evening shift posted; median verification time down to 22 minutes.", 75)],
    ),
    (
        "ns-cc",
        "moral_injury",
        "You said goals-of-care talks came too late; palliative care now joins ICU rounds",
        "The palliative care team joins ICU rounds on Tuesdays and Fridays.",
        [(15, "Joined 4 rounds so far; 9 family meetings held earlier.", 50)],
    ),
    (
        "sac-peds",
        "patient_social_needs",
        "You said families couldn't get home; social work now has a transport fund",
        "Social work can issue ride vouchers and parking passes without a manager's sign-off.",
        [(10, "Fund open; 23 families helped in the first month.", 100)],
    ),
    (
        "rg",
        "mental_health_stigma",
        "You said asking for help felt risky; we removed the mental health question from credentialing",
        "Riverbend General's credentialing form now asks only about current impairment, "
        "as recommended nationally.",
        [(25, "Medical staff bylaws amended; new forms in use.", 100)],
    ),
    (
        "ns",
        "recognition_growth",
        "You said good work goes unseen; everyone now gets a funded education day",
        "Each staff member at Northside gets one paid education day a year, "
        "and units share a monthly shout-out.",
        [(20, "Policy published; 41 education days booked.", 60)],
    ),
    (
        "sac",
        "wellness_program_fit",
        "You said the wellness app wasn't what you needed; its budget now pays for break cover",
        "The app licence was not renewed; the money funds break-relief staff on the busiest units.",
        [(14, "Break relief running on PICU and Pediatric ED.", 30), (35, "Extended to NICU.", 60)],
    ),
]


def build_activity(
    built: Built, rng: random.Random, *, now: dt.datetime, examples: list[dict[str, str]]
) -> dict[str, int]:
    from upstream.concerns.models import Concern

    placed = _submit_concerns(built, rng, now, examples)
    actions = _build_actions(built, rng, now, placed)
    return {
        "concerns": Concern.objects.filter(unit__path__startswith=built.units[SYSTEM_CODE].path).count(),
        "actions": actions,
    }


def _leader_for(built: Built, unit: Unit) -> User:
    by_path = {u.path: u.code for u in built.units.values()}
    path = unit.path
    while path:
        code = by_path[path]
        if code in built.leaders:
            return built.leaders[code]
        path = path[: -Unit.steplen]
    raise LookupError(unit.code)


def _choose_unit(built: Built, rng: random.Random, voice: str) -> tuple[Unit, str]:
    """A unit where people of this voice work, weighted by headcount; small groups report one level up."""
    options = [(code, roles[voice]) for code, roles in built.members.items() if roles.get(voice)]
    # Large groups speak up more often than groups of two, who are warned they may be recognised.
    weights = [n if n >= 5 else n * 0.3 for _c, n in options]
    code = rng.choices([c for c, _n in options], weights=weights)[0]
    unit = built.units[code]
    if built.members[code][voice] < 5 and rng.random() < 0.7:
        # The intake form warned them; they chose the department, as most people do.
        by_path = {u.path: u for u in built.units.values()}
        unit = by_path[unit.path[: -Unit.steplen]]
    role = "" if rng.random() < 0.1 else voice
    return unit, role


def _steps(rng: random.Random, start: dt.datetime, now: dt.datetime, count: int) -> list[dt.datetime]:
    """`count` increasing moments after `start`, all before now."""
    gaps = [rng.uniform(6, 96) for _ in range(count)]
    window = (now - start).total_seconds() / 3600 - 1
    scale = min(1.0, window / sum(gaps)) if gaps else 1.0
    moments, hours = [], rng.uniform(1, 30) * scale
    for gap in gaps:
        hours += gap * scale
        moments.append(start + dt.timedelta(hours=min(hours, window)))
    return moments


def _submit_concerns(
    built: Built, rng: random.Random, now: dt.datetime, examples: list[dict[str, str]]
) -> list[tuple[object, str]]:
    from upstream.concerns import services

    pool = examples[:]
    rng.shuffle(pool)
    plan = [
        (status, rng.randint(low, high)) for status, count, (low, high) in STATUS_PLAN for _ in range(count)
    ]
    rng.shuffle(plan)
    placed: list[tuple[object, str]] = []
    for (status, days_ago), example in zip(plan, pool, strict=False):
        unit, role = _choose_unit(built, rng, example["voice"])
        when = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 16))
        concern = services.submit_concern(text=example["text"], unit=unit, role_group=role, now=when).concern
        _play_thread(built, rng, now, concern, status)
        placed.append((concern, example["theme"]))
    for index, text in enumerate(CRISIS_TEXTS):
        when = now - dt.timedelta(days=1 + 3 * index, hours=rng.randint(1, 6))
        concern = services.submit_concern(
            text=text, unit=built.units["rg-ed-adult" if index else "rg-4w"], role_group="", now=when
        ).concern
        if index:
            leader = _leader_for(built, concern.unit)
            services.write_to_reporter(
                concern, leader, CRISIS_REPLY, now=_steps(rng, concern.visible_from, now, 1)[0]
            )
    return placed


def _play_thread(built: Built, rng: random.Random, now: dt.datetime, concern, status: str) -> None:  # type: ignore[no-untyped-def]
    from upstream.concerns import services

    if status in ("new", "overdue"):
        return
    leader = _leader_for(built, concern.unit)
    first = FIRST_REPLIES.get(_theme_of(concern), FIRST_REPLIES["positive_connection"])
    t = iter(_steps(rng, concern.visible_from, now, 6))
    if status == "acknowledged":
        if rng.random() < 0.3:
            services.acknowledge(concern, leader, now=next(t))
        else:
            services.write_to_reporter(concern, leader, first, now=next(t))
            if rng.random() < 0.35:
                services.reply_as_reporter(concern, rng.choice(REPORTER_REPLIES), now=next(t))
        return
    services.write_to_reporter(concern, leader, first, now=next(t))
    if rng.random() < 0.6:
        services.reply_as_reporter(concern, rng.choice(REPORTER_REPLIES), now=next(t))
        if rng.random() < 0.6 or status != "in_progress":
            services.write_to_reporter(concern, leader, rng.choice(FOLLOW_UPS), now=next(t))
    if status == "closed" and rng.random() < 0.4:
        services.change_status(concern, leader, "closed", rng.choice(CLOSING_NOTES), now=next(t))
        return
    services.change_status(concern, leader, "in_progress", "", now=next(t))
    if status == "action_taken":
        services.change_status(concern, leader, "action_taken", rng.choice(ACTION_TAKEN_NOTES), now=next(t))
    elif status == "closed":
        services.change_status(concern, leader, "closed", rng.choice(CLOSING_NOTES), now=next(t))
    elif rng.random() < 0.25:
        services.reply_as_reporter(concern, rng.choice(REPORTER_REPLIES), now=next(t))


_THEMES_BY_TEXT: dict[str, str] = {}


def _theme_of(concern) -> str:  # type: ignore[no-untyped-def]
    if not _THEMES_BY_TEXT:
        _THEMES_BY_TEXT.update({e["text"].strip(): e["theme"] for e in load_examples()})
    return _THEMES_BY_TEXT.get(concern.text, "")


def _build_actions(
    built: Built, rng: random.Random, now: dt.datetime, placed: list[tuple[object, str]]
) -> int:
    from upstream.actions import services
    from upstream.concerns.models import Concern

    # The services changed the rows, not the instances we hold.
    statuses = dict(Concern.objects.filter(pk__in=[c.pk for c, _th in placed]).values_list("pk", "status"))  # type: ignore[attr-defined]
    made = 0
    for scope_code, theme, title, description, updates in ACTIONS:
        scope = built.units[scope_code]
        leader = built.leaders[scope_code]
        inside = [
            (c, th) for c, th in placed if c.unit.path.startswith(scope.path) and statuses[c.pk] != "new"
        ]  # type: ignore[attr-defined]
        # Concerns that say "action taken" belong on an action first.
        inside.sort(key=lambda pair: statuses[pair[0].pk] != "action_taken")  # type: ignore[attr-defined]
        linked = [c for c, th in inside if th == theme][:3] or [c for c, _th in inside][:2]
        newest = max((c.visible_from for c in linked), default=now - dt.timedelta(days=60))  # type: ignore[attr-defined]
        created = min(newest + dt.timedelta(days=rng.randint(1, 5)), now - dt.timedelta(days=40))
        created = max(created, newest + dt.timedelta(hours=2))
        action = services.create_action(
            leader,
            title=title,
            description=description,
            scope=scope,
            concern_ids=[str(c.pk) for c in linked],
            now=created,  # type: ignore[attr-defined]
        )
        published = created + dt.timedelta(days=1)
        services.publish_action(action, now=published)
        for days, text, progress in updates:
            at = min(published + dt.timedelta(days=days), now - dt.timedelta(hours=1))
            services.add_update(action, leader, text, progress, now=at)
        made += 1
    return made

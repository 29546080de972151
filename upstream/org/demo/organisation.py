"""Riverbend Health's tree (hospitals, departments, units), its staff and the leaders of every unit.

People and memberships are bulk-created with one precomputed password hash, so this is fast on SQLite.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field

from upstream.org.demo.logins import NAMED
from upstream.org.models import LeaderAssignment, Membership, RoleGroup, Unit, UnitLevel, User

SYSTEM_CODE = "riverbend"
EMAIL_DOMAIN = "riverbend.example"

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


@dataclass
class Built:
    """What the builder made, handed from one step to the next."""

    units: dict[str, Unit] = field(default_factory=dict)
    leaders: dict[str, User] = field(default_factory=dict)  # unit code -> the leader accountable there
    members: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))  # unit -> role -> n


def build_tree(built: Built) -> None:
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


def build_people(built: Built, rng: random.Random, hashed: str) -> int:
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


LEADERS_WORK_IN = [
    ("manager", "rg-4w", RoleGroup.NURSE),
    ("chair", "rg-med", RoleGroup.ATTENDING),
    ("cno", "rg", RoleGroup.NURSE),
    ("wellbeing", SYSTEM_CODE, RoleGroup.OTHER),
]


def build_leaders(built: Built, rng: random.Random, hashed: str) -> None:
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
    # The named leaders also work where they lead, as a nurse manager is one of 4 West's nurses:
    # with no unit of their own, Thanks, Stories and Campaigns told them they belonged nowhere.
    # Added after the headcounts concerns are drawn from (built.members), which stay as they were.
    Membership.objects.bulk_create(
        Membership(user_id=ids[named[n].username], unit=built.units[code], role_group=role)
        for n, code, role in LEADERS_WORK_IN
    )


def add_admin(hashed: str) -> User:
    return User.objects.create(
        username="admin",
        email=f"admin@{EMAIL_DOMAIN}",
        display_name="Demo administrator",
        is_staff=True,
        is_superuser=True,
        password=hashed,
    )

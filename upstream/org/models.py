"""People, the unit tree, memberships and leader assignments."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class RoleGroup(models.TextChoices):
    NURSE = "nurse", _("Nurse")
    RESIDENT = "resident", _("Resident or fellow")
    ATTENDING = "attending", _("Attending physician")
    APP = "app", _("Advanced practice provider")
    ALLIED_HEALTH = "allied_health", _("Allied health")
    PHARMACIST = "pharmacist", _("Pharmacist")
    ADMIN_STAFF = "admin_staff", _("Administrative staff")
    SUPPORT_SERVICES = "support_services", _("Environmental or support services")
    OTHER = "other", _("Other")


class UnitLevel(models.TextChoices):
    SYSTEM = "system", _("Health system")
    HOSPITAL = "hospital", _("Hospital")
    DEPARTMENT = "department", _("Department")
    UNIT = "unit", _("Unit")


class User(AbstractUser):
    """An account. Reporters are users too, but nothing they submit anonymously points here."""

    display_name = models.CharField(
        _("display name"), max_length=150, blank=True, help_text=_("How pages name this person, if set.")
    )

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Unit(MP_Node):
    """A node of the organisation: health system, hospital, department, unit, at any depth.

    Materialised paths (django-treebeard) make "everything under this unit" one indexed
    prefix query, which the inbox, the board and every aggregate need.
    """

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"), max_length=64, unique=True, help_text=_("Stable identifier used by imports.")
    )
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices, default=UnitLevel.UNIT)
    # The tree's own columns, as treebeard defines them, restated only to give them names an operator
    # can read in their language (treebeard's are derived from the attribute names, in English).
    path = models.CharField(
        _("tree path"),
        max_length=255,
        unique=True,
        help_text=_("Where the unit sits in the tree; kept by Upstream."),
    )
    depth = models.PositiveIntegerField(_("depth"), help_text=_("1 for the top of the tree."))
    numchild = models.PositiveIntegerField(_("units directly below"), default=0)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    # No node_order_by: sorted insertion rewrites siblings' paths, which would make any Unit already
    # loaded in memory point at the wrong subtree. Pages sort by name when they list units.

    def __str__(self) -> str:
        return self.name

    def subtree_q(self, prefix: str = "") -> models.Q:
        """A filter for rows whose unit (reached through `prefix`) is this unit or below it."""
        return models.Q(**{f"{prefix}path__startswith": self.path})

    def ancestors(self) -> list[Unit]:
        """From the top of the tree down to this unit's parent."""
        return list(Unit.objects.get_ancestors(self))

    def subtree(self) -> list[Unit]:
        """This unit and everything below it, in tree order."""
        return list(Unit.objects.get_tree(self))

    @classmethod
    def top(cls) -> Unit | None:
        return cls.objects.get_root_nodes().first()

    def label(self) -> str:
        return unit_label(self.name, self.level)


def unit_label(name: str, level: str) -> str:
    """ "Ward 4 West (unit)": a unit's name and level, for a model instance or a row read as values."""
    return f"{name} ({UnitLevel(level).label.lower()})"


class Membership(models.Model):
    """A person works in a unit, in a role group. Used to size groups, never to attribute."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("unit")
    )
    role_group = models.CharField(_("role group"), max_length=32, choices=RoleGroup.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="one_membership_per_unit")]

    def __str__(self) -> str:
        return gettext("%(user)s in %(unit)s as %(role_group)s") % {
            "user": self.user,
            "unit": self.unit,
            "role_group": self.get_role_group_display(),
        }


class LeaderAssignment(models.Model):
    """A leader is accountable for a unit and everything below it."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="leader_assignments", verbose_name=_("leader")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="leader_assignments",
        verbose_name=_("unit"),
        help_text=_("The leader is accountable for this unit and everything below it."),
    )
    title = models.CharField(_("title"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("leader assignment")
        verbose_name_plural = _("leader assignments")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="one_assignment_per_unit")]

    def __str__(self) -> str:
        return gettext("%(user)s leads %(unit)s") % {"user": self.user, "unit": self.unit}


class Deputy(models.Model):
    """Someone who covers a leader's inbox for a period (holiday, leave), both days included.

    While it runs the deputy sees what the leader sees (org/access.py led_units); every read is
    audit-logged under the deputy's own account.
    """

    leader = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="deputies", verbose_name=_("leader")
    )
    deputy = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="deputising",
        verbose_name=_("deputy"),
        help_text=_("Sees what the leader sees while covering; every read is logged as theirs."),
    )
    starts_on = models.DateField(verbose_name=_("from"))
    ends_on = models.DateField(verbose_name=_("until"))

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="deputy_ends_after_start"
            ),
            models.CheckConstraint(condition=~models.Q(leader=models.F("deputy")), name="deputy_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} covers for {self.leader} {self.starts_on}..{self.ends_on}"


class OrgImport(models.Model):
    """One organisation import that was saved: when, by whom, how, and what it changed.

    An import creates accounts and decides who leads (and so who reads the concerns of) every unit,
    so the well-being office and IT need to see who changed the tree and when. Only saved imports
    are kept (a check-only run or a refused file changed nothing). It names the operator, never a
    reporter: nothing anonymous is read or written by an import.
    """

    class Via(models.TextChoices):
        PAGE = "page", _("the import page")
        API = "api", _("the API")
        COMMAND = "command", _("the command line")

    at = models.DateTimeField(_("imported at"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
        help_text=_("Empty for the command line, which has no signed-in person."),
    )
    via = models.CharField(_("through"), max_length=16, choices=Via.choices)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    units = models.PositiveIntegerField(_("units"))
    units_new = models.PositiveIntegerField(_("new units"))
    people = models.PositiveIntegerField(_("people"))
    people_new = models.PositiveIntegerField(_("new people"))
    memberships = models.PositiveIntegerField(_("memberships"))
    leaders = models.PositiveIntegerField(_("leader assignments"))

    class Meta:
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_via_display()} {self.file_name}"

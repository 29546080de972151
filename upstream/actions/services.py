"""Creating, linking, publishing and updating actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from upstream.actions.models import Action, ActionUpdate
from upstream.concerns.access import ConcernNotFound, concern_for_leader
from upstream.concerns.models import Concern, Event
from upstream.concerns.services import record_event, spend_form_key
from upstream.lib.text import InvalidText, clean_user_text
from upstream.org.access import leads_unit, led_units
from upstream.org.models import Membership, Unit, User


class ActionError(ValueError):
    """A request that breaks a rule; the message is written for the person who made it.

    `field` names the form field (and API body field) the rule is about, when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ActionTargetNotYours(ActionError):
    """The unit or a concern the action names does not exist or is not in the leader's units (the
    API answers 404)."""


class ActionNotFound(LookupError):
    pass


class ActionAlreadyPublished(ActionError):
    """Staff have seen it: it is not rewritten under them (the API answers 409); progress updates say
    what changed."""


class ActionOutsideScope(ActionError):
    """A concern linked later to an action whose scope does not include the concern's unit: its staff
    would not see the action on their board (the API answers 409)."""


TITLE_MAX, TEXT_MAX = 200, 5000
# Actions a concern's page offers to link it to: the newest that cover its unit. More than a screen
# of them is a backlog, not a choice; an older one is linked by its id (the API).
LINK_CHOICES = 20


def _clean(value: object, label: str, maximum: int, field: str) -> str:
    try:
        return clean_user_text(value, label=label, maximum=maximum)
    except InvalidText as error:
        raise ActionError(str(error), field=field) from None


def _progress(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 100:
        raise ActionError(gettext("Progress is a percentage from 0 to 100."))
    return value


def _checked(
    leader: User, title: str, description: str, scope: Unit, concern_ids: Iterable[str]
) -> tuple[str, str, list]:
    """The rules a new action and an edited draft both keep: cleaned title and text, the leader's own
    scope and concerns."""
    title = _clean(title, gettext("Title"), TITLE_MAX, "title")
    description = _clean(description, gettext("Description"), TEXT_MAX, "description")
    # Checked once cleaned: a title of zero-width spaces passed str.strip() and was published empty.
    if not title or not description:
        raise ActionError(gettext("An action needs a title and a description of what will change."))
    if not leads_unit(leader, scope):
        raise ActionTargetNotYours(gettext("You can only publish actions for units you lead."), field="scope")
    try:
        concerns = [concern_for_leader(leader, cid) for cid in concern_ids]
    except ConcernNotFound:
        raise ActionTargetNotYours(
            gettext("One of the linked concerns is not in your units."), field="concerns"
        ) from None
    # As when a concern is linked later (link_concern): its reporter's colleagues must find the
    # action on their board, so the scope includes every linked concern's unit.
    outside = [concern.unit for concern in concerns if not concern.unit.path.startswith(scope.path)]
    if outside:
        raise ActionOutsideScope(
            gettext(
                "This action would be shown to %(scope)s, which does not include %(unit)s, where a "
                "linked concern was raised. Choose %(unit)s or a unit above it."
            )
            % {"scope": scope.label(), "unit": outside[0].label()},
            field="scope",
        )
    return title, description, concerns


def create_action(
    leader: User,
    *,
    title: str,
    description: str,
    scope: Unit,
    concern_ids: Iterable[str] = (),
    now: dt.datetime | None = None,
    form_key: str | None = None,
) -> Action:
    """`form_key`: the page's one-time key or the API's keyed Idempotency-Key: sent twice (a double
    tap, Back and send again, a retry), AlreadySent and nothing written."""
    now = now or timezone.now()
    title, description, concerns = _checked(leader, title, description, scope, concern_ids)
    with transaction.atomic():
        spend_form_key(form_key)
        action = Action.objects.create(
            title=title,
            description=description,
            scope=scope,
            created_by=leader,
            created_at=now,
        )
        link_concerns(action, leader, concerns, now=now)
    return action


def link_concerns(
    action: Action, leader: User, concerns: Iterable, *, now: dt.datetime | None = None
) -> None:
    now = now or timezone.now()
    for concern in concerns:
        if action.concerns.filter(pk=concern.pk).exists():
            continue
        action.concerns.add(concern)
        if action.state == Action.State.PUBLISHED:
            record_event(
                concern, kind=Event.Kind.ACTION_LINKED, explanation=action.title, leader=leader, at=now
            )


def action_for_leader(leader: User, action_id: int) -> Action:
    action = Action.objects.select_related("scope").filter(pk=action_id).first()
    if action is None or not leads_unit(leader, action.scope):
        raise ActionNotFound()
    return action


def edit_draft(
    action: Action,
    leader: User,
    *,
    title: str,
    description: str,
    scope: Unit,
    concern_ids: Iterable[str] = (),
) -> Action:
    """Rewrite a draft: its title, text, scope and linked concerns, under the rules of a new one. A
    draft has told no thread yet (publish_action does), so its links are simply replaced. A published
    action is refused: staff have read it."""
    title, description, concerns = _checked(leader, title, description, scope, concern_ids)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if locked.state == Action.State.PUBLISHED:
            raise ActionAlreadyPublished(gettext("Staff have read it already: post an update instead."))
        locked.title, locked.description, locked.scope = title, description, scope
        locked.save(update_fields=["title", "description", "scope"])
        locked.concerns.set(concerns)
    return locked


def publish_action(action: Action, *, leader: User | None = None, now: dt.datetime | None = None) -> Action:
    """Publish a draft on the board, and only now tell each linked concern's thread: a draft is seen
    by leaders alone, so its title reached no reporter before (it did, through the thread's "Linked
    to the action" line, until 2026-12-03).

    The row is locked while it is published, as link_concern locks it: a concern linked at the same
    moment is told once, by whichever comes second, and publishing twice tells nobody twice."""
    if action.state != Action.State.PUBLISHED:
        with transaction.atomic():
            locked = Action.objects.select_for_update().only("state", "published_at").get(pk=action.pk)
            if locked.state == Action.State.PUBLISHED:
                action.state, action.published_at = locked.state, locked.published_at
                return action
            action.state = Action.State.PUBLISHED
            action.published_at = now or timezone.now()
            action.save(update_fields=["state", "published_at"])
            for concern in action.concerns.all():
                record_event(
                    concern,
                    kind=Event.Kind.ACTION_LINKED,
                    explanation=action.title,
                    leader=leader or action.created_by,
                    at=action.published_at,
                )
    return action


def covers(action: Action, unit: Unit) -> bool:
    """Whether the staff of `unit` see the action on their board: its scope is that unit or above it."""
    return unit.path.startswith(action.scope.path)


def link_concern(action: Action, leader: User, concern_id: object, *, now: dt.datetime | None = None) -> bool:
    """Link one more concern to an existing action, a draft or a published one: True when linked
    now, False when it already was (nothing changes).

    The rules of a new action's links: the concern is one this leader can see (else ConcernNotFound),
    the action one they may manage (action_for_leader, before). And the action's scope includes the
    concern's unit, so its reporter's colleagues see on their board what the reporter sees with their
    receipt (else ActionOutsideScope). Linked to a published action, the concern's thread is told at
    once ("Linked to the action ..."), and the action shows with the receipt, as for the concerns
    linked before it was published."""
    concern = concern_for_leader(leader, concern_id)
    if not covers(action, concern.unit):
        raise ActionOutsideScope(
            gettext(
                "“%(title)s” is shown to %(scope)s, which does not include %(unit)s, where this concern "
                "was raised. Choose an action shown to %(unit)s or a unit above it, or create one."
            )
            % {"title": action.title, "scope": action.scope.label(), "unit": concern.unit.label()},
            field="action",
        )
    with transaction.atomic():
        locked = Action.objects.select_for_update().select_related("scope").get(pk=action.pk)
        if locked.concerns.filter(pk=concern.pk).exists():
            return False
        link_concerns(locked, leader, [concern], now=now)
    action.state, action.published_at = locked.state, locked.published_at
    return True


def unlink_concern(action: Action, leader: User, concern_id: object) -> bool:
    """Take a concern off a draft: True when it was linked. A draft has told no thread, so nothing
    else changes. A published action keeps its concerns (ActionAlreadyPublished): their reporters
    were told it answers them."""
    concern = concern_for_leader(leader, concern_id)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if locked.state == Action.State.PUBLISHED:
            raise ActionAlreadyPublished(
                gettext(
                    "A published action keeps its concerns: their reporters were told it answers them. "
                    "Post a progress update instead."
                )
            )
        if not locked.concerns.filter(pk=concern.pk).exists():
            return False
        locked.concerns.remove(concern)
    return True


def linked_to(concern: Concern) -> QuerySet[Action]:
    """The actions a concern is linked to, newest first, as its page's Actions box and the API list them."""
    return concern.actions.select_related("scope").order_by("-created_at", "-pk")


def link_choices(leader: User, concern: Concern, *, limit: int = LINK_CHOICES) -> tuple[list[Action], bool]:
    """The actions a concern's page offers to link it to, and whether more were left off: those this
    leader may manage whose scope includes the concern's unit, drafts and published, not linked to
    it yet, newest first, at most `limit`.

    Those scopes are the concern's unit and the units above it that the leader leads, read from the
    unit's path: a handful, whatever the size of the tree. Each is one range of the (scope,
    created_at) index read newest first, at most limit + 1 rows: the cost does not grow with the
    number of actions."""
    unit = concern.unit
    tops = [top.path for top in led_units(leader)]
    paths = [unit.path[: Unit.steplen * depth] for depth in range(1, unit.depth + 1)]
    paths = [path for path in paths if any(path.startswith(top) for top in tops)]
    if not paths:
        return [], False
    linked = list(concern.actions.values_list("pk", flat=True))
    found: list[Action] = []
    for scope in Unit.objects.filter(path__in=paths):
        newest = (
            Action.objects.filter(scope=scope)
            .exclude(pk__in=linked)
            .order_by("-created_at", "-pk")[: limit + 1]
        )
        for action in newest:
            action.scope = scope
            found.append(action)
    found.sort(key=lambda action: (action.created_at, action.pk), reverse=True)
    return found[:limit], len(found) > limit


def add_update(
    action: Action,
    leader: User,
    text: str,
    progress: int | None = None,
    *,
    now: dt.datetime | None = None,
    form_key: str | None = None,
) -> ActionUpdate:
    text = _clean(text, gettext("Update"), TEXT_MAX, "text")
    if not text.strip():
        raise ActionError(gettext("Write what changed since the last update."))
    progress = _progress(progress)
    with transaction.atomic():
        spend_form_key(form_key)
        update = ActionUpdate.objects.create(
            action=action, text=text.strip(), progress=progress, author=leader, at=now or timezone.now()
        )
        if progress is not None:
            action.progress = progress
            action.save(update_fields=["progress"])
    return update


def board_for(user: User) -> QuerySet[Action]:
    """Published actions a person may see, newest first.

    Everyone sees the actions of their own units and of every level above them; leaders also see
    every action in the subtrees they lead, so a system leader (the well-being office) sees all.
    """
    units = list(Unit.objects.filter(memberships__user=user)) + [
        a.unit for a in user.leader_assignments.select_related("unit")
    ]
    scope_ids: set[int] = set()
    for unit in units:
        scope_ids.update(u.pk for u in unit.ancestors())
        scope_ids.add(unit.pk)
    visible = Q(scope_id__in=scope_ids)
    for top in led_units(user):
        visible |= Q(scope__path__startswith=top.path)
    return (
        Action.objects.filter(visible, state=Action.State.PUBLISHED)
        .select_related("scope")
        .prefetch_related("updates", "concerns")
        .order_by("-published_at", "-pk")
    )


def staff_in_scope(scope: Unit) -> int:
    """How many people belong to the scope or a unit under it: the readers a publication reaches
    (one counting query over the path index, however large the subtree)."""
    return Membership.objects.filter(unit__path__startswith=scope.path).values("user_id").distinct().count()


def led_by(user: User) -> Callable[[Action], bool]:
    """Whether this user leads an action's unit (or one above it) and so may post its progress;
    the led units are read once for a whole board page."""
    paths = [top.path for top in led_units(user)]
    return lambda action: any(action.scope.path.startswith(path) for path in paths)


def drafts_for(leader: User) -> QuerySet[Action]:
    """Actions not yet published in the subtrees a leader leads (or covers as a deputy), newest
    first: where a saved draft is found again to finish and publish. Empty for everyone else."""
    tops = led_units(leader)
    if not tops:
        return Action.objects.none()
    in_led = Q()
    for top in tops:
        in_led |= Q(scope__path__startswith=top.path)
    return (
        Action.objects.filter(in_led, state=Action.State.DRAFT)
        .select_related("scope")
        .order_by("-created_at", "-pk")
    )

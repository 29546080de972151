"""Live objects for the deeper schema fuzz (test_schema_fuzz_existing.py): one or more of every kind a
path parameter names, open and closed where the state changes the answer, made through the services
and, for anything anonymous, through the anonymous-write pipeline (submit, then the batch release).

`World.live` maps each parameter name of /api/openapi.json that names an object (in the path, the
query or the body: `concern_id`, `receipt`, `unit_id`, `person`...) to live objects' values, with
the persona that owns each (who may act on it)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from upstream.actions import services as actions
from upstream.api.tokens import issue_token, revoke_token
from upstream.community.services import campaigns, cosigns, gatherings, mentoring, peer, stories
from upstream.community.services.resources import save_resource
from upstream.community.tests.cosign_helpers import obtain_all
from upstream.community.tests.factories import crisis_line, make_office
from upstream.concerns.models import Concern, Status
from upstream.concerns.services import acknowledge, change_status, merge_concerns, reply_as_reporter
from upstream.concerns.tests.helpers import released
from upstream.intake.services import release_due
from upstream.listening.tests.helpers import make_session
from upstream.org.models import Membership, RoleGroup, User
from upstream.org.services import end_deputy, set_deputy
from upstream.signals.models import Signal
from upstream.speakup import blindrsa
from upstream.speakup.tests.helpers import obtain
from upstream.surveys import services as surveys
from upstream.surveys.services import WavePlan
from upstream.surveys.tests.helpers import PULSE, office_of, open_wave
from upstream.surveys.tests.test_codes import take
from upstream.themes.models import Theme

OFFICE, SUPPORTER = "office", "supporter"
_KEYS: dict[int, list] = {}  # bits -> RSA keys made once for the whole run


@dataclass
class World:
    personas: dict[str, User]
    live: dict[str, list[tuple[object, str]]] = field(default_factory=dict)

    def add(self, names: str, value: object, owner: str = OFFICE) -> None:
        for name in names.split():
            self.live.setdefault(name, []).append((value, owner))


def reuse_signing_keys(monkeypatch) -> None:
    """A signing key takes a tenth of a second or more to generate, and each world needs three (speak-up,
    a wave's codes, a co-sign): every world takes the same few, in the same order."""
    made, handed = blindrsa.generate_key, itertools.count()

    def pooled(bits: int = blindrsa.MIN_MODULUS_BITS):
        pool, index = _KEYS.setdefault(bits, []), next(handed)
        while len(pool) <= index:
            pool.append(made(bits))
        return pool[index]

    monkeypatch.setattr(blindrsa, "generate_key", pooled)


def build(org) -> World:
    """The well-being office (who leads the whole organisation, works on 4 West and holds the
    community office permission) owns nearly everything; the outsider, a peer supporter outside that
    hierarchy, owns what the office may not hold: a request routed to a supporter."""
    office = office_of(org)
    Membership.objects.create(user=office, unit=org.ward_a, role_group=RoleGroup.NURSE)
    office = make_office(office)
    world = World(personas={OFFICE: office, SUPPORTER: org.outsider})
    for unit in (org.ward_a, org.medicine, org.system):
        world.add("unit_id unit scope_unit_id team_id branch_unit_id within", unit.pk)
    for person in (User.objects.get(username="nurse2"), org.outsider):
        world.add("username person", person.username)
        world.add("person_id", person.pk)
    world.add("leader_id", office.pk)
    closed = _concerns(org, office, world)
    _community(org, office, world)
    _surveys(org, office, world)
    _rest(org, office, world)
    # Last, after every batch release above: a reporter's reply still waiting for its batch.
    reply_as_reporter(closed, "Thank you, that would help.")
    return world


def _concerns(org, office, world: World) -> Concern:
    """New (and merged into by another), closed, acknowledged; the closed one is returned."""
    fresh = released(unit=org.ward_a)
    closed = released(unit=org.ward_a, text="The night shift has no break cover on the east corridor.")
    change_status(closed.concern, office, Status.CLOSED, "Break cover is rostered from next month.")
    acknowledged = released(unit=org.ward_b, text="Our unit has had no working bladder scanner for weeks.")
    acknowledge(acknowledged.concern, office)
    merged = released(unit=org.ward_a, text="We are short two nurses on every single night shift.")
    merge_concerns(fresh.concern, [merged.concern], office)
    for done in (fresh, closed, acknowledged, merged):
        world.add("concern_id concern_ids", str(done.concern.pk))
        world.add("receipt", done.receipt)
    _shared(org, office, world)
    _actions(org, office, world, fresh.concern)
    return closed.concern


def _shared(org, office, world: World) -> None:
    """Offered for co-signing: one waiting for the leader, one shared, one declined."""
    texts = [
        "Handover runs forty minutes over every single evening shift.",
        "The 4 West break room has had no working fridge for a month.",
        "The staff lift on the east side has been broken since spring.",
    ]
    done = [released(unit=org.ward_a, text=text) for text in texts]
    for each in done:
        world.add("receipt", each.receipt)
        cosigns.offer_for_cosigning(each.receipt)
    release_due(everything=True)
    waiting, approved, declined = sorted(
        cosigns.offers_for_leader(office), key=lambda s: texts.index(s.concern.text)
    )
    cosigns.approve_shared(office, approved, cosigns.suggest_redaction(approved.concern.text))
    cosigns.decline_shared(office, declined, "It names a colleague.")
    for item in (waiting, approved, declined):
        world.add("shared_id", str(item.pk))
    world.add("purpose", approved.purpose)
    for nurse in ("nurse0", "nurse1"):  # co-sign codes, each good once
        world.add("code", obtain_all(User.objects.get(username=nurse))[approved.purpose])


def _actions(org, office, world: World, concern) -> None:
    for theme in Theme.objects.filter(active=True).order_by("key")[:3]:
        world.add("primary secondary", theme.key)
    draft = actions.create_action(
        office, title="Break cover rota", description="A float nurse covers breaks.", scope=org.ward_a
    )
    published = actions.publish_action(
        actions.create_action(
            office,
            title="Fridge replaced",
            description="A new fridge arrives on Monday.",
            scope=org.ward_a,
            concern_ids=[str(concern.pk)],
        )
    )
    for action in (draft, published):
        world.add("action_id", action.pk)
    today = timezone.localdate()
    signal = Signal.objects.create(
        scope=org.ward_a,
        theme=Theme.objects.get(key="workload_staffing"),
        raised_on=today,
        started_on=today - dt.timedelta(days=5),
        window_days=14,
        observed=9,
        expected=2.0,
        p_value=1e-4,
        message="9 concerns about staffing in 4 West in the last 14 days.",
    )
    world.add("signal_id", signal.pk)


def _community(org, office, world: World) -> None:
    hidden = {"name": "Counselling", "category": "counselling", "description": "Sessions.", "active": False}
    for resource in (crisis_line(), save_resource(hidden)):
        world.add("resource_id", resource.pk)
    start = timezone.now() + dt.timedelta(days=2)
    made = [
        gatherings.create_gathering(
            office,
            kind="schwartz_round",
            title=title,
            description="Stories, then talk.",
            scope=org.ward_a,
            location="Conference room B",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            capacity=places,
        )
        for title, places in (("Schwartz Round", 1), ("Called-off round", 12))
    ]
    gatherings.sign_up(User.objects.get(username="nurse0"), made[0])  # full: the office waits
    gatherings.cancel_gathering(office, made[1])
    for gathering in made:
        world.add("gathering_id", gathering.pk)  # a story's too
    _campaigns(org, office, world)
    _people(org, office, world)
    _stories(org, office, world)


def _campaigns(org, office, world: World) -> None:
    """Open without an ask, open with an ask waiting, open with an answered ask, and closed."""
    opened = [
        campaigns.start_campaign(
            office,
            title=title,
            kind="inside",
            statement="We chart for two hours after every shift.",
            ask="Protected charting time on every shift.",
            scope=org.ward_a,
        )
        for title in ("Charting time", "Break cover", "Answered", "Closed campaign")
    ]
    asks = [
        campaigns.send_ask(office, campaign, "Give every nurse thirty protected minutes of charting.")
        for campaign in opened[1:3]
    ]
    campaigns.answer_ask(
        office, asks[1], answer="Rostered from the first of next month.", decision="accepted"
    )
    campaigns.close_campaign(office, opened[3])
    for campaign in opened:
        world.add("campaign_id", campaign.pk)
    for ask in asks:
        world.add("ask_id", ask.pk)


def _people(org, office, world: World) -> None:
    """Peer support (an open and a closed request) and mentoring (an active and a proposed match)."""
    peer.list_supporter(office, org.outsider, about="Nights, ICU")
    peer.list_supporter(office, office)  # so that the office may pause and resume
    for contact in ("ext 4411", "ext 4412"):
        asked = peer.request_support(User.objects.get(username="nurse0"), contact=contact)
        world.add("request_id", str(asked.request.pk), SUPPORTER)
    peer.close_request(asked.request)
    mentoring.save_profile(office, wants="mentee", career_stage="trainee", interests=["night shifts"])
    for mentor in (org.outsider, org.reporter):
        mentoring.save_profile(mentor, wants="mentor", career_stage="senior", interests=["night shifts"])
    matches = mentoring.propose_matches(office)
    mentoring.respond(matches[0].mentor, matches[0], accept=True)
    for match in matches:
        world.add("match_id", match.pk)


def _stories(org, office, world: World) -> None:
    """Waiting for moderation: one named, one anonymous (through the intake)."""
    stories.share_story(
        office,
        title="A night that went right",
        text="The whole team stayed to help me finish.",
        unit=org.ward_a,
    )
    stories.share_story(
        org.reporter,
        title="Quiet thanks",
        text="Someone left coffee for the night shift, every night this week.",
        unit=org.ward_a,
        anonymous=True,
    )
    release_due(everything=True)
    for story in stories.waiting_for_moderation(office):
        world.add("story_id", str(story.pk))


def _surveys(org, office, world: World) -> None:
    """Waves open, closed, requested, cancelled and answered; speak-up and survey codes, each good once."""
    today = timezone.localdate()
    running = open_wave(org, office)
    closed = open_wave(org, office, units=[org.medicine])
    surveys.close_wave(office, closed)
    plan = WavePlan(
        title="Ward check-in",
        unit_ids=[org.ward_a.pk],
        instrument_keys=["upstream-pulse"],
        opens_on=today + dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=10),
        role_groups=[],
    )
    asked, cancelled = surveys.request_wave(org.leader, plan), surveys.request_wave(org.leader, plan)
    surveys.cancel_wave(office, cancelled)
    for wave in (running, closed, asked, cancelled, _answered_wave(org, office)):
        world.add("wave_id", wave.pk)
    world.add("purpose", "concern")
    world.add("purpose", f"wave:{running.pk}")
    for code in obtain(User.objects.get(username="nurse3"), 2):
        world.add("token", code)
    for nurse in ("nurse4", "nurse5"):
        world.add("token", take(User.objects.get(username=nurse), running))


def _answered_wave(org, office):
    """A wave that ran three weeks ago, answered by seven nurses: its results have rows."""
    past = timezone.localdate() - dt.timedelta(days=20)
    wave = open_wave(org, office, units=[org.ward_a], today=past)
    then = timezone.make_aware(dt.datetime.combine(past + dt.timedelta(days=1), dt.time(12)))
    for index in range(7):
        nurse = User.objects.get(username=f"nurse{index}")
        surveys.submit_answer(nurse, wave, unit_id=None, answers={"upstream-pulse": PULSE}, now=then)
    release_due(everything=True)
    return wave


def _rest(org, office, world: World) -> None:
    session = make_session(org.ward_a, [("nurse", "Speaker 1", "We never get a break on nights.", None, 0.0)])
    world.add("session_id", session.pk)
    kept, _ = issue_token(office, "kept")
    revoked, _ = issue_token(office, "revoked")
    revoke_token(office, revoked.pk)
    expired, _ = issue_token(office, "expired", expires_in_days=1, now=timezone.now() - dt.timedelta(days=3))
    for token in (kept, revoked, expired):
        world.add("token_id", token.pk)
    today = timezone.localdate()
    for deputy in ("nurse2", "nurse6"):
        period = set_deputy(office, User.objects.get(username=deputy), today, today + dt.timedelta(days=7))
        world.add("deputy_id", period.pk)
    end_deputy(office, period.pk)

"""The intake release handler for survey answers: shuffled payloads in, visible rows out.

Runs inside the intake's release transaction. Rows get random ids and the batch's day, nothing
finer; comments are written as separate rows in their own shuffled order, so a comment cannot be
joined back to the answers it came with. A payload that no longer fits (a deleted wave or unit) is
skipped, never allowed to lose the rest of the batch.

Answers are released only in groups: a row carries its writer's unit and role group, and
`surveys_invitation` says who answered (rule 6 needs it, to refuse a second answer), so one answer
released alone under "4 West, resident" would be the one 4 West resident who answered. An answer
whose (wave, unit, role group) has fewer than the minimum group size waiting is sealed back into the
intake for the next batch, where later answers join it. Once the wave has closed, what is still
waiting is released under broader labels: first without the role group, then one level up the tree
at a time, until each label covers the minimum; what is still short at the top joins the batch's
full groups there, or is not released (`_with_the_top`).

The text model runs before the lock (`prepare_answers`), on the batch's comments at once, as for
concerns: each comment gets its main theme (which the early-warning job counts, see
`upstream/surveys/early_warning.py`) and the batch crisis model may add a crisis flag the
request-path screen missed, never remove one.
"""

from __future__ import annotations

import logging
import secrets
from collections import defaultdict

from django.db import transaction

from upstream.intake.registry import Batch, handler
from upstream.lib.mail import in_site_language
from upstream.org.models import Unit
from upstream.privacy.groups import min_group_size
from upstream.surveys.models import Comment, Response, Status, Wave
from upstream.surveys.scoring import score_answers
from upstream.themes.models import UNCLEAR

logger = logging.getLogger(__name__)
_random = secrets.SystemRandom()


def prepare_answers(payloads: list[dict]) -> None:
    """Theme and crisis for every comment of the batch in one pass of the text model.

    `analyse_many` never raises: without the model a comment is "unclear" (stored without a theme)
    and the crisis flag falls back to the phrase rules.
    """
    from upstream.themes.services import analyse_many

    with_comment = [p for p in payloads if p.get("comment")]
    if not with_comment:
        return
    analyses = analyse_many([p["comment"] for p in with_comment])
    for payload, analysis in zip(with_comment, analyses, strict=True):
        payload["_theme"] = "" if analysis.theme == UNCLEAR else analysis.theme
        payload["_crisis"] = bool(analysis.crisis)


@handler("surveys.answer", prepare=prepare_answers)
def release_answers(payloads: list[dict], batch: Batch) -> int:
    waves = {
        w.pk: w
        for w in Wave.objects.filter(pk__in={p.get("wave") for p in payloads}).prefetch_related("instruments")
    }
    units = set(Unit.objects.filter(pk__in={p.get("unit") for p in payloads}).values_list("pk", flat=True))
    payloads, held = _in_groups(payloads, waves, batch, min_group_size())
    _hold(held, batch)
    units |= {p["unit"] for p in payloads if p.get("wave") in waves}  # a label may now be an ancestor
    responses: list[Response] = []
    comments: list[Comment] = []
    skipped = 0
    for payload in payloads:
        wave = waves.get(payload.get("wave"))
        if wave is None or payload.get("unit") not in units:
            skipped += 1
            continue
        specs = {i.key: i.spec for i in wave.instruments.all()}
        answers = {k: v for k, v in (payload.get("answers") or {}).items() if k in specs}
        responses.append(
            Response(
                wave=wave,
                unit_id=payload["unit"],
                role_group=payload.get("role", ""),
                released_on=batch.day,
                answers=answers,
                scores={k: score_answers(specs[k], v) for k, v in answers.items()},
            )
        )
        text = payload.get("comment") or ""
        if text:
            comments.append(
                Comment(
                    wave=wave,
                    unit_id=payload["unit"],
                    role_group=payload.get("role", ""),
                    released_on=batch.day,
                    text=text,
                    theme=payload.get("_theme", ""),
                    crisis=bool(payload.get("crisis") or payload.get("_crisis")),
                )
            )
    _random.shuffle(comments)
    Response.objects.bulk_create(responses)
    Comment.objects.bulk_create(comments)
    if skipped:
        logger.warning("surveys: %d released answers skipped (wave or unit gone)", skipped)
    crisis = defaultdict(int)
    for comment in comments:
        if comment.crisis:
            crisis[comment.wave.title] += 1
    if crisis:
        transaction.on_commit(lambda: _tell_the_office(dict(crisis)))
    return len(held)


def _in_groups(
    payloads: list[dict], waves: dict[int, Wave], batch: Batch, minimum: int
) -> tuple[list[dict], list[dict]]:
    """(to release now, to hold back): see the module docstring. Payloads whose wave or unit is
    gone are passed on for the caller to skip."""
    release: list[dict] = []
    held: list[dict] = []
    waiting: dict[int, list[dict]] = defaultdict(list)
    for payload in payloads:
        wave = waves.get(payload.get("wave"))
        if wave is None:
            release.append(payload)
        else:
            waiting[wave.pk].append(payload)
    for wave_id, group in waiting.items():
        wave = waves[wave_id]
        cells: dict[tuple, list[dict]] = defaultdict(list)
        for payload in group:
            cells[(payload.get("unit"), payload.get("role", ""))].append(payload)
        small = [p for cell in cells.values() if len(cell) < minimum for p in cell]
        full = [cell for cell in cells.values() if len(cell) >= minimum]
        closed = wave.status != Status.SCHEDULED or batch.day > wave.closes_on
        if closed:
            broadened, short = _broadened(small, minimum)
            release += broadened + _with_the_top(short, full, minimum)
        else:
            held += small
        release += [p for cell in full for p in cell]
    return release, held


def _broadened(payloads: list[dict], minimum: int) -> tuple[list[dict], dict[int, list[dict]]]:
    """A closed wave's last small groups, relabelled without the role group and then one level up
    the tree at a time until each label covers `minimum` answers: (those, and the answers that
    reached the top of a tree still fewer than `minimum`, by top unit)."""
    if not payloads:
        return [], {}
    paths = dict(Unit.objects.filter(pk__in={p["unit"] for p in payloads}).values_list("pk", "path"))
    step = Unit.steplen
    ancestors = {path[:end] for path in paths.values() for end in range(step, len(path), step)}
    by_path = dict(Unit.objects.filter(path__in=ancestors).values_list("path", "pk"))
    paths.update({pk: path for path, pk in by_path.items()})
    done: list[dict] = []
    short: dict[int, list[dict]] = {}
    pending = payloads
    for payload in pending:
        payload["role"] = ""
    while pending:
        cells: dict[int, list[dict]] = defaultdict(list)
        for payload in pending:
            cells[payload["unit"]].append(payload)
        pending = []
        for unit_id, cell in cells.items():
            parent = by_path.get(paths.get(unit_id, "")[: -Unit.steplen])
            if len(cell) >= minimum:
                done += cell
            elif parent is None:
                short[unit_id] = cell
            else:
                for payload in cell:
                    payload["unit"] = parent
                pending += cell
    return done, short


def _with_the_top(short: dict[int, list[dict]], full: list[list[dict]], minimum: int) -> list[dict]:
    """The answers left at the top of a tree, fewer than `minimum`, made a group that keeps them
    anonymous, or not released at all.

    Released as they were (until 2026-12-06), three answers under the hospital's name were the three
    people `surveys_invitation` shows answering whose own groups released nothing: one was named
    (an independent audit). So this batch's full groups under the same top join them, smallest
    first, relabelled with the top's name, until together they reach the minimum; those groups'
    people then hide among the others. With none to join, the answers (and their comments) are
    not released: a wave's last few answers are lost rather than told apart."""
    if not short:
        return []
    paths = dict(Unit.objects.filter(pk__in=short.keys()).values_list("pk", "path"))
    cell_paths = dict(Unit.objects.filter(pk__in={c[0]["unit"] for c in full}).values_list("pk", "path"))
    release: list[dict] = []
    for top, left in short.items():
        under = sorted((c for c in full if cell_paths.get(c[0]["unit"], "").startswith(paths[top])), key=len)
        while len(left) < minimum and under:
            cell = under.pop(0)
            full.remove(cell)
            for payload in cell:
                payload.update(unit=top, role="")
            left = left + cell
        if len(left) >= minimum:
            release += left
        else:
            logger.info("surveys: %d answers of a closed wave not released: too few to hide among", len(left))
    return release


def _hold(payloads: list[dict], batch: Batch) -> None:
    """Seal held answers back into the intake, due with the next daily batch. Written in the
    release transaction, which rewrites the whole intake table, so they keep no trace of their
    first writing."""
    from upstream.intake.services import enqueue
    from upstream.surveys.services import ANSWER_KIND

    for payload in payloads:
        kept = {key: value for key, value in payload.items() if not key.startswith("_")}
        enqueue(ANSWER_KIND, kept, urgent=False, now=batch.released_at)
    if payloads:
        logger.info("surveys: %d answers held back until their group is large enough", len(payloads))


@in_site_language
def _tell_the_office(crisis: dict[str, int]) -> None:
    """The well-being office hears, per wave and per batch, how many comments suggested crisis.

    Nothing more (no unit, role or time finer than the batch): the writers are anonymous and were
    shown crisis resources at once; the office can remind everyone where help is.
    """
    from django.conf import settings
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from upstream.community.services.resources import curated_crisis_lines
    from upstream.lib.mail import send_mail
    from upstream.lib.site_url import site_url
    from upstream.org.models import User

    office = User.objects.filter(leader_assignments__unit__depth=1, is_active=True).exclude(email="")
    lines = [
        ngettext(
            "%(count)d comment on '%(wave)s' suggests someone may be in crisis.",
            "%(count)d comments on '%(wave)s' suggest someone may be in crisis.",
            n,
        )
        % {"count": n, "wave": w}
        for w, n in sorted(crisis.items())
    ]
    # The crisis lines the organisation listed, for its country: "988" named a US line to a
    # hospital anywhere (an email walk).
    crisis_lines = curated_crisis_lines()
    if crisis_lines:
        help_is = _(
            "The writers are anonymous and were shown crisis resources when they answered. Consider "
            "reminding everyone in the survey's units where help is: the employee assistance program, "
            "peer support, and the crisis lines in your resources directory:"
        )
        help_is += "\n" + "\n".join(f"- {line}" for line in crisis_lines)
    else:
        help_is = _(
            "The writers are anonymous and were shown crisis resources when they answered. Consider "
            "reminding everyone in the survey's units where help is: the employee assistance program, "
            "peer support and local crisis services. Your resources directory lists no crisis line "
            "yet; the well-being office can add your country's."
        )
    directory = site_url(reverse("community:resources"))
    body = "\n".join(lines) + "\n\n" + help_is + "\n\n" + directory + "\n"
    send_mail(
        _("Pulse survey: comments that suggest crisis"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        sorted({u.email for u in office}),
        kind="survey-crisis-comments",
        fail_silently=True,
    )

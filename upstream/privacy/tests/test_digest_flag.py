"""The concern's `unannounced` flag (its leaders' digest still to be sent) tells a database dump
nothing about any writer: it is the same for every concern of a release, holds no time, and is
cleared for all of them by the digest that follows."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from upstream.concerns.batches import notify_leaders
from upstream.concerns.models import Concern
from upstream.concerns.services import submit_concern
from upstream.intake.services import release_due
from upstream.privacy.tests.test_anonymity import dump

TEXTS = [
    "Nights run two nurses short and nobody covers the breaks.",
    "The charting system logs us out every ten minutes on the ward.",
    "Our manager shouts at new staff in front of the patients.",
]


def _flags(tables: dict[str, set[tuple]]) -> list[str]:
    """The column as the dump holds it (in the table's own column order, "1"/"True" alike)."""
    with connection.cursor() as cursor:
        names = [c.name for c in connection.introspection.get_table_description(cursor, "concerns_concern")]
    column = names.index("unannounced")
    return sorted(
        {"1": "True", "0": "False"}.get(v, v) for v in (row[column] for row in tables["concerns_concern"])
    )


def test_the_flag_is_the_same_for_a_whole_release_and_gone_after_its_digest(org):
    now = timezone.now()
    for minutes, text in zip((5, 47, 130), TEXTS, strict=True):  # written at different moments
        submit_concern(text=text, unit=org.ward_a, now=now - dt.timedelta(minutes=minutes))
    release_due(everything=True)
    released = dump()
    assert _flags(released) == ["True"] * 3  # one value for the batch: no writer told apart
    assert Concern._meta.get_field("unannounced").get_internal_type() == "BooleanField"
    notify_leaders(max(Concern.objects.values_list("visible_from", flat=True)))
    assert _flags(dump()) == ["False"] * 3

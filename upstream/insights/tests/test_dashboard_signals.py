"""The dashboard's open early warnings: those of the chosen scope, ten at most, each rise once."""

from __future__ import annotations

import datetime as dt

from upstream.insights.dashboard import SIGNALS_SHOWN, Filters, open_signals
from upstream.org.models import LeaderAssignment
from upstream.signals.services import note_signal
from upstream.signals.tests.test_noting import rise

DAY = dt.date(2026, 9, 14)


def test_a_leader_sees_the_newest_rises_of_the_chosen_unit_less_those_they_noted(org):
    LeaderAssignment.objects.create(user=org.outsider, unit=org.system, title="Well-being officer")
    officer = org.outsider
    ward = [rise(org.ward_a, 1e-4, day=DAY + dt.timedelta(days=30 * n)) for n in range(SIGNALS_SHOWN + 2)]
    other = rise(org.other_hospital, 1e-5)
    in_hospital = open_signals(officer, Filters(org.hospital, "2026"))[0]
    assert in_hospital == ward[::-1][:SIGNALS_SHOWN]
    assert open_signals(officer, Filters(org.other_hospital, "2026"))[0] == [other]
    note_signal(ward[-1], officer)
    assert open_signals(officer, Filters(org.hospital, "2026"))[0] == ward[::-1][1 : SIGNALS_SHOWN + 1]
    # The report (no leader) shows the scope's rises, noted or not.
    assert open_signals(None, Filters(org.hospital, "2026"))[0] == ward[::-1][:SIGNALS_SHOWN]

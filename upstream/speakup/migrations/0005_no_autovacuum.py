"""PostgreSQL: no autovacuum on `speakup_spenttoken` (a spent code); each release vacuums it instead.

Written at an anonymous moment and kept, so an autovacuum's run time would date the write
(`upstream/intake/vacuum.py`).
"""

from django.db import migrations

from upstream.intake.vacuum import autovacuum_off


class Migration(migrations.Migration):
    dependencies = [("speakup", "0004_signed_blind")]
    operations = [autovacuum_off("speakup_spenttoken")]

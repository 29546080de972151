"""PostgreSQL: no autovacuum on `surveys_invitation` (an answered invitation); each release vacuums it instead.

Written at an anonymous moment and kept, so an autovacuum's run time would date the write
(`upstream/intake/vacuum.py`).
"""

from django.db import migrations

from upstream.intake.vacuum import autovacuum_off


class Migration(migrations.Migration):
    dependencies = [("surveys", "0005_wave_closed_early")]
    operations = [autovacuum_off("surveys_invitation")]

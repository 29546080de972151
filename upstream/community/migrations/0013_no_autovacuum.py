"""PostgreSQL: no autovacuum on `community_resourceuse` (a tap on a crisis or help line); each release vacuums it instead.

Written at an anonymous moment and kept, so an autovacuum's run time would date the write
(`upstream/intake/vacuum.py`).
"""

from django.db import migrations

from upstream.intake.vacuum import autovacuum_off


class Migration(migrations.Migration):
    dependencies = [("community", "0012_resource_language")]
    operations = [autovacuum_off("community_resourceuse")]

"""PostgreSQL: no autovacuum or autoanalyze on the intake.

Their run times land in pg_stat_user_tables; an analyze that follows a few inserts would date them.
The release TRUNCATEs the table instead, which leaves no dead tuples for a vacuum to find.
"""

from django.db import migrations

TABLES = ("intake_intakeentry", "intake_usedformkey")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled, toast.autovacuum_enabled)")


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

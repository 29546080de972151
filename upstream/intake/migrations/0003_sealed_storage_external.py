"""PostgreSQL: store sealed payloads uncompressed.

They are ciphertext, so compression never wins; with the default storage PostgreSQL tries pglz on
every 24 KiB insert and throws the result away. EXTERNAL keeps them out of line, uncompressed.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE intake_intakeentry ALTER COLUMN sealed SET STORAGE EXTERNAL")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE intake_intakeentry ALTER COLUMN sealed SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_no_autovacuum")]
    operations = [migrations.RunPython(forwards, backwards)]

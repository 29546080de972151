"""An index for the daily purge (concerns/batches.py purge_expired): it deletes the concerns whose
keep-until day has passed, a day's worth, which without this were found by reading every concern
(a sequential scan of the whole table, every day)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0014_hourly_batch_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(fields=["retain_until"], name="concern_retention_due"),
        ),
    ]

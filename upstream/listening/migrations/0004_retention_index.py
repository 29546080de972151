"""An index for the daily purge (concerns/batches.py _purge_listening): it deletes the listening
sessions held before the retention cutoff, a day's worth, which without this were found by reading
every session (a sequential scan of the whole table, every day)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("listening", "0003_session_review_id"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="listeningsession",
            index=models.Index(fields=["held_on"], name="session_retention_due"),
        ),
    ]

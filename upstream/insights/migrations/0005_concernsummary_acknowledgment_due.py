"""The share acknowledged on time is of the concerns whose outcome is decided (acknowledged, or past
the deadline unacknowledged), stored per cell. Existing rows get 0 (no share shown) until the next
refresh, which this migration makes a full rebuild: the incremental refresh (summary.refresh_changed)
would otherwise refresh only the quarters touched and keep 0 everywhere else. Nothing is computed
here: a full rebuild reads every concern, the scheduled task's work, not a migration's."""

from django.db import migrations, models


def force_full_rebuild(apps, schema_editor):
    # A refresh whose tree digest differs from the current unit tree is followed by a full rebuild.
    apps.get_model("insights", "SummaryRefresh").objects.update(tree="")


class Migration(migrations.Migration):
    dependencies = [("insights", "0004_recount_survey_scores")]

    operations = [
        migrations.AddField(
            model_name="concernsummary",
            name="acknowledgment_due",
            field=models.PositiveIntegerField(
                default=0,
                help_text=(
                    "Acknowledged (on time or late), or unacknowledged past the deadline, at the refresh."
                ),
                verbose_name="acknowledgment decided",
            ),
        ),
        migrations.RunPython(force_full_rebuild, migrations.RunPython.noop),
    ]

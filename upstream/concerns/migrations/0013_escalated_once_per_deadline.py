"""Escalation once per deadline: a flag claimed by the escalation run, set here for every concern
whose current deadline was escalated already (an Escalated event at or after it), so nothing is
escalated twice after the upgrade, and a concern given a new deadline since still is."""

from django.db import migrations, models


def mark_escalated(apps, schema_editor):
    Concern = apps.get_model("concerns", "Concern")
    Event = apps.get_model("concerns", "Event")
    escalated_now = Event.objects.filter(
        concern=models.OuterRef("pk"), kind="escalated", at__gte=models.OuterRef("ack_due_at")
    )
    Concern.objects.filter(models.Exists(escalated_now)).update(escalated=True)


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0012_crisis_reply_unannounced"),
    ]

    operations = [
        migrations.AddField(
            model_name="concern",
            name="escalated",
            field=models.BooleanField(
                default=False,
                help_text="The level above was told the deadline passed.",
                verbose_name="escalated",
            ),
        ),
        migrations.RunPython(mark_escalated, migrations.RunPython.noop),
    ]

"""Partial indexes for the hourly batch (concerns/batches.py): the escalation, the reminders and the
reply notices each read only the few concerns still waiting for something, which without these were
found by reading every concern (a sequential scan of the whole table, every hour)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0013_escalated_once_per_deadline"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(
                condition=models.Q(
                    ("acknowledged_at__isnull", True),
                    ("escalated", False),
                    ("merged_into", None),
                    models.Q(("status", "closed"), _negated=True),
                ),
                fields=["ack_due_at"],
                name="concern_escalation_due",
            ),
        ),
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(
                condition=models.Q(
                    ("acknowledged_at__isnull", True),
                    ("merged_into", None),
                    ("reminded", False),
                    models.Q(("status", "closed"), _negated=True),
                ),
                fields=["ack_due_at"],
                name="concern_reminder_due",
            ),
        ),
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(
                condition=models.Q(
                    ("awaiting_leader", True), ("crisis_reply_unannounced", True), _connector="OR"
                ),
                fields=["merged_into"],
                name="concern_reply_pending",
            ),
        ),
    ]

"""Each concern carries whether its leaders' digest is still to be sent (`unannounced`).

Concerns released after the last digest on record are marked, so an upgrade between a release and
its digest announces them; every older one was announced by the digest of its release time.
"""

from django.db import migrations, models


def mark_released_after_the_last_digest(apps, schema_editor):
    Concern = apps.get_model("concerns", "Concern")
    BatchRelease = apps.get_model("concerns", "BatchRelease")
    last = BatchRelease.objects.order_by("-released_at").values_list("released_at", flat=True).first()
    if last is not None:
        Concern.objects.filter(visible_from__gt=last).update(unannounced=True)


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0016_read_via_excerpt"),
        ("org", "0003_translated_names"),
        ("themes", "0004_id_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="concern",
            name="unannounced",
            field=models.BooleanField(
                default=False,
                help_text="Released; its leaders' digest email is still to be sent.",
                verbose_name="not yet announced",
            ),
        ),
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(
                condition=models.Q(("unannounced", True)), fields=["visible_from"], name="concern_digest_due"
            ),
        ),
        migrations.RunPython(mark_released_after_the_last_digest, migrations.RunPython.noop),
    ]

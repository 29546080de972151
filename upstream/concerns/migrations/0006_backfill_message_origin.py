"""Reporter messages written before `origin` existed belong to the concern they sit on."""

from django.db import migrations
from django.db.models import F


def backfill(apps, schema_editor):
    Message = apps.get_model("concerns", "Message")
    Message.objects.filter(author="reporter", origin__isnull=True).update(origin=F("concern"))


class Migration(migrations.Migration):
    dependencies = [("concerns", "0005_purge_sessions")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

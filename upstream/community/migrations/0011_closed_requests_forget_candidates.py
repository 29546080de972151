"""Closed peer-support requests forget their candidate supporters, as closing now does: the list of
supporters outside the requester's hierarchy says roughly where the requester works."""

from django.db import migrations


def forget(apps, schema_editor):
    PeerRequest = apps.get_model("community", "PeerRequest")
    PeerRequest.objects.filter(status="closed").update(candidates=[])


class Migration(migrations.Migration):
    dependencies = [("community", "0010_story_urgent")]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]

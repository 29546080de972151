"""Campaigns their last member left before leaving closed them stay open with "0 members" and their
formal ask waiting on behalf of nobody: close them now and withdraw such an ask, as leaving does
since this version (no email: the leaders' waiting list simply loses it)."""

from django.db import migrations


def close_empty(apps, schema_editor):
    Campaign = apps.get_model("community", "Campaign")
    FormalAsk = apps.get_model("community", "FormalAsk")
    empty = Campaign.objects.filter(status="open", members__isnull=True)
    ids = list(empty.values_list("pk", flat=True))
    Campaign.objects.filter(pk__in=ids).update(status="closed")
    FormalAsk.objects.filter(campaign_id__in=ids, status__in=["sent", "acknowledged"]).update(status="withdrawn")


class Migration(migrations.Migration):
    dependencies = [("community", "0015_gathering_called_off_at_ask_withdrawn")]
    operations = [migrations.RunPython(close_empty, migrations.RunPython.noop)]

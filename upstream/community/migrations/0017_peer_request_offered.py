"""Which candidates a peer-support request was offered to, so the hourly job stops offering a request
every candidate passed on to the first of them again. Requests still open count the candidates up to
the one last offered it as offered (those passed over as away are counted too: at worst one of them
is offered it when they are next back, rather than everyone being offered it again at once)."""

from django.db import migrations, models


def offered_so_far(apps, schema_editor):
    PeerRequest = apps.get_model("community", "PeerRequest")
    for request in PeerRequest.objects.exclude(status="closed").filter(tried__gt=0).iterator():
        request.offered = list(request.candidates[: request.tried])
        request.save(update_fields=["offered"])


class Migration(migrations.Migration):
    dependencies = [("community", "0016_close_campaigns_left_empty")]

    operations = [
        migrations.AddField(
            model_name="peerrequest",
            name="offered",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Candidates already offered it, in order.",
                verbose_name="offered",
            ),
        ),
        migrations.RunPython(offered_so_far, migrations.RunPython.noop),
    ]

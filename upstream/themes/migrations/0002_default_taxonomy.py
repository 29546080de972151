"""Load the shipped taxonomy (upstream/themes/data/taxonomy.json). Organisations edit it in the admin."""

import json
from pathlib import Path

from django.db import migrations

TAXONOMY = Path(__file__).resolve().parent.parent / "data" / "taxonomy.json"


def load(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")
    for spec in json.loads(TAXONOMY.read_text()):
        Theme.objects.update_or_create(
            key=spec["key"],
            defaults={"name": spec["name"], "description": spec["description"], "factor": spec["factor"]},
        )


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

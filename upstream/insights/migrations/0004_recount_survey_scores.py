"""Survey figures are computed once per wave and kept. Before this release, some SQLite builds counted
a skipped score as 0.0 (activity.survey_rows): the kept rows are dropped so the next summary refresh
computes every ready wave again, correctly. Nothing else in the table is touched."""

from django.db import migrations


def drop_survey_rows(apps, schema_editor):
    apps.get_model("insights", "ActivitySummary").objects.filter(metric="survey").delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0003_translated_names")]

    operations = [migrations.RunPython(drop_survey_rows, migrations.RunPython.noop)]

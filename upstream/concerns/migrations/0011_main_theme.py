"""Copy each concern's primary theme onto the concern, for the similar-concerns search."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_primary_themes(apps, schema_editor):
    """One UPDATE with a subquery: no row is read into Python, whatever the number of concerns."""
    Concern = apps.get_model("concerns", "Concern")
    ConcernTheme = apps.get_model("themes", "ConcernTheme")
    primary = ConcernTheme.objects.filter(concern_id=OuterRef("pk"), primary=True).values("theme_id")[:1]
    Concern.objects.update(main_theme_id=Subquery(primary))


class Migration(migrations.Migration):

    dependencies = [
        ('concerns', '0010_translated_names'),
        ('org', '0003_translated_names'),
        ('themes', '0004_id_label'),
    ]

    operations = [
        migrations.AddField(
            model_name='concern',
            name='main_theme',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, help_text="The concern's primary theme, for finding similar concerns.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='themes.theme', verbose_name='main theme'),
        ),
        migrations.RunPython(copy_primary_themes, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='concern',
            index=models.Index(condition=models.Q(('merged_into', None), ('status__in', ('new', 'acknowledged', 'in_progress'))), fields=['unit', 'main_theme', '-visible_from'], name='concern_open_by_theme'),
        ),
    ]

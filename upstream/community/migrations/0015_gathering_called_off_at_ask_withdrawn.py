"""When a gathering was called off (its page and its calendar update say so); a formal ask withdrawn
when its campaign closes; the campaign's ask as long as the formal ask it starts (4,000 characters).

Gatherings called off before this keep no moment (null): the page says "called off" without when.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0014_mentoring_reason_codes'),
    ]

    operations = [
        migrations.AddField(
            model_name='gathering',
            name='cancelled_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='called off at'),
        ),
        migrations.AlterField(
            model_name='campaign',
            name='ask',
            field=models.TextField(max_length=4000, verbose_name='what we ask for'),
        ),
        migrations.AlterField(
            model_name='formalask',
            name='status',
            field=models.CharField(choices=[('sent', 'Sent, waiting for acknowledgment'), ('acknowledged', 'Acknowledged'), ('answered', 'Answered'), ('withdrawn', 'Withdrawn: the campaign closed')], default='sent', max_length=14, verbose_name='status'),
        ),
    ]

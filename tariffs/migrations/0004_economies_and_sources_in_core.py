"""Measures point at `core`'s economies and sources (state only: the columns are unchanged)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('tariffs', '0003_list_orderings_and_coverage_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalmeasure',
                    name='issuer',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='historicalmeasure_targets',
                    name='economy',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='measure',
                    name='issuer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='measures_imposed', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='measure',
                    name='sources',
                    field=models.ManyToManyField(blank=True, related_name='%(app_label)s_%(class)s_set', to='core.source'),
                ),
                migrations.AlterField(
                    model_name='measure',
                    name='targets',
                    field=models.ManyToManyField(blank=True, help_text="Leave empty and tick 'applies to all economies' for a universal rate.", related_name='measures_targeting', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='measurechange',
                    name='sources',
                    field=models.ManyToManyField(blank=True, related_name='%(app_label)s_%(class)s_set', to='core.source'),
                ),
            ],
        ),
    ]

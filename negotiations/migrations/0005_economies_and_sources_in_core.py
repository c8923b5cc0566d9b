"""Negotiations point at `core`'s economies and sources; their old models leave the state."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('commodities', '0005_concessions_moved_and_runs_unlinked'),
        ('negotiations', '0004_concessions_and_refresh_links'),
        ('tariffs', '0004_economies_and_sources_in_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='DataVersion',
                ),
                migrations.RemoveField(
                    model_name='economy',
                    name='members',
                ),
                migrations.AlterField(
                    model_name='historicaldelegation',
                    name='economy',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='delegation',
                    name='economy',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='delegations', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='historicalround',
                    name='country',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='person',
                    name='economy',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='people', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='historicalnegotiation_parties',
                    name='economy',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='round',
                    name='country',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='hosted_rounds', to='core.economy'),
                ),
                migrations.DeleteModel(
                    name='Source',
                ),
                migrations.AlterField(
                    model_name='encounter',
                    name='sources',
                    field=models.ManyToManyField(blank=True, related_name='%(app_label)s_%(class)s_set', to='core.source'),
                ),
                migrations.AlterField(
                    model_name='negotiation',
                    name='parties',
                    field=models.ManyToManyField(related_name='negotiations', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='negotiation',
                    name='sources',
                    field=models.ManyToManyField(blank=True, related_name='%(app_label)s_%(class)s_set', to='core.source'),
                ),
                migrations.AlterField(
                    model_name='round',
                    name='sources',
                    field=models.ManyToManyField(blank=True, related_name='%(app_label)s_%(class)s_set', to='core.source'),
                ),
                migrations.AlterField(
                    model_name='statement',
                    name='sources',
                    field=models.ManyToManyField(blank=True, related_name='%(app_label)s_%(class)s_set', to='core.source'),
                ),
                migrations.DeleteModel(
                    name='Economy',
                ),
            ],
        ),
    ]

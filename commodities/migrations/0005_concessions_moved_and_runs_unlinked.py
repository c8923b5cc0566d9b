"""Concessions are negotiations' now; a run's negotiation is the negotiations' link."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('commodities', '0004_concession_tables_to_negotiations'),
        ('core', '0001_initial'),
        ('negotiations', '0004_concessions_and_refresh_links'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='concessionstatuschange',
                    name='concession',
                ),
                migrations.RemoveField(
                    model_name='historicalconcessionstatuschange',
                    name='concession',
                ),
                migrations.RemoveField(
                    model_name='concessionstatuschange',
                    name='round',
                ),
                migrations.RemoveField(
                    model_name='concessionstatuschange',
                    name='sources',
                ),
                migrations.RemoveField(
                    model_name='historicalconcession',
                    name='commodity',
                ),
                migrations.RemoveField(
                    model_name='historicalconcession',
                    name='giver',
                ),
                migrations.RemoveField(
                    model_name='historicalconcession',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalconcession',
                    name='negotiation',
                ),
                migrations.RemoveField(
                    model_name='historicalconcession',
                    name='receiver',
                ),
                migrations.RemoveField(
                    model_name='historicalconcession',
                    name='round',
                ),
                migrations.RemoveField(
                    model_name='historicalconcessionstatuschange',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalconcessionstatuschange',
                    name='round',
                ),
                migrations.AlterField(
                    model_name='tradeflow',
                    name='partner',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='partner_flows', to='core.economy'),
                ),
                migrations.AlterField(
                    model_name='tradeflow',
                    name='reporter',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reported_flows', to='core.economy'),
                ),
                migrations.DeleteModel(
                    name='Concession',
                ),
                migrations.DeleteModel(
                    name='ConcessionStatusChange',
                ),
                migrations.DeleteModel(
                    name='HistoricalConcession',
                ),
                migrations.DeleteModel(
                    name='HistoricalConcessionStatusChange',
                ),
            ],
        ),
        migrations.RemoveField(
            model_name='refreshrun',
            name='negotiation',
        ),
    ]

"""Concessions move to `negotiations`: their tables are renamed, their indexes made anew there."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('commodities', '0003_list_orderings_and_coverage_index'),
    ]

    operations = [
        migrations.RemoveIndex(model_name='concession', name='commodities_status_d800b1_idx'),
        migrations.RemoveIndex(model_name='concession', name='commodities_kind_5df939_idx'),
        migrations.AlterModelTable(name='concession', table='negotiations_concession'),
        migrations.AlterModelTable(name='concessionstatuschange', table='negotiations_concessionstatuschange'),
        migrations.AlterModelTable(name='historicalconcession', table='negotiations_historicalconcession'),
        migrations.AlterModelTable(name='historicalconcessionstatuschange', table='negotiations_historicalconcessionstatuschange'),
    ]

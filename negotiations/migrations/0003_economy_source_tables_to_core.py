"""Economies, sources and the data version move to `core`: their tables are renamed."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('negotiations', '0002_data_version'),
    ]

    operations = [
        migrations.AlterModelTable(name='economy', table='core_economy'),
        migrations.AlterModelTable(name='source', table='core_source'),
        migrations.AlterModelTable(name='dataversion', table='core_dataversion'),
    ]

"""Economies, sources and the data version, in the tables `negotiations` renamed for them."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('negotiations', '0003_economy_source_tables_to_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DataVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('changed_at', models.DateTimeField()),
                    ],
                ),
                migrations.CreateModel(
                    name='Source',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('publisher', models.CharField(max_length=200)),
                        ('title', models.CharField(max_length=400)),
                        ('url', models.URLField(blank=True, max_length=500)),
                        ('published_on', models.DateField(blank=True, null=True)),
                        ('kind', models.CharField(choices=[('official', 'Official document'), ('press', 'Press report'), ('statement', 'Statement')], max_length=20)),
                    ],
                    options={
                        'ordering': ['-published_on', 'publisher', 'title'],
                        'constraints': [models.UniqueConstraint(fields=('publisher', 'title'), name='source_unique_title')],
                    },
                ),
                migrations.CreateModel(
                    name='Economy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, unique=True)),
                        ('iso3', models.CharField(max_length=3, unique=True, validators=[django.core.validators.RegexValidator('^[A-Z]{3}$', 'Three capital letters, e.g. JPN.')], verbose_name='ISO 3166 alpha-3')),
                        ('comtrade_code', models.PositiveIntegerField(blank=True, help_text='e.g. 392 for Japan.', null=True, unique=True, verbose_name='UN Comtrade code')),
                        ('census_code', models.CharField(blank=True, max_length=4, null=True, unique=True, validators=[django.core.validators.RegexValidator('^\\d{4}$', 'Four digits, e.g. 5880 for Japan.')], verbose_name='US Census code')),
                        ('kind', models.CharField(choices=[('country', 'Country'), ('customs_union', 'Customs union'), ('group', 'Group')], default='country', max_length=20)),
                        ('members', models.ManyToManyField(blank=True, help_text='For a customs union or group: the economies that belong to it.', related_name='unions', to='core.economy')),
                    ],
                    options={
                        'verbose_name_plural': 'economies',
                        'ordering': ['name'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('iso3__regex', '^[A-Z]{3}$')), name='economy_iso3_format'), models.CheckConstraint(condition=models.Q(('census_code__isnull', True), ('census_code__regex', '^\\d{4}$'), _connector='OR'), name='economy_census_code_format')],
                    },
                ),
            ],
        ),
    ]

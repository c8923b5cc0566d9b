"""Concessions and their status changes are negotiations' (state only: the tables were renamed);
negotiations link the refresh runs they planned."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def link_runs_to_negotiations(apps, schema_editor):
    """Each run planned by a negotiation's refresh keeps its negotiation, through the new link."""
    RefreshRun = apps.get_model("commodities", "RefreshRun")
    Negotiation = apps.get_model("negotiations", "Negotiation")
    Link = Negotiation._meta.get_field("refresh_runs").remote_field.through
    links = [
        Link(negotiation_id=negotiation_id, refreshrun_id=run_id)
        for run_id, negotiation_id in RefreshRun.objects.exclude(negotiation=None).values_list(
            "pk", "negotiation_id"
        )
    ]
    Link.objects.bulk_create(links, batch_size=1000)


def unlink_runs(apps, schema_editor):
    RefreshRun = apps.get_model("commodities", "RefreshRun")
    Negotiation = apps.get_model("negotiations", "Negotiation")
    for link in Negotiation._meta.get_field("refresh_runs").remote_field.through.objects.all():
        RefreshRun.objects.filter(pk=link.refreshrun_id).update(negotiation_id=link.negotiation_id)


def move_content_types(apps, schema_editor):
    """Permissions and admin history keep their models: the content types change app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    moves = {
        "negotiations": ("core", ["economy", "source", "dataversion"]),
        "commodities": (
            "negotiations",
            ["concession", "concessionstatuschange", "historicalconcession",
             "historicalconcessionstatuschange"],
        ),
    }
    for old, (new, models_) in moves.items():
        for model in models_:
            if not ContentType.objects.filter(app_label=new, model=model).exists():
                ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("economy", "source", "dataversion"):
        ContentType.objects.filter(app_label="core", model=model).update(app_label="negotiations")
    for model in ("concession", "concessionstatuschange", "historicalconcession",
                  "historicalconcessionstatuschange"):
        ContentType.objects.filter(app_label="negotiations", model=model).update(
            app_label="commodities"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('commodities', '0004_concession_tables_to_negotiations'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0001_initial'),
        ('negotiations', '0003_economy_source_tables_to_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Concession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('purchase', 'Increase imports / purchase commitment'), ('tariff_cut', 'Tariff cut'), ('quota_expansion', 'Quota expansion'), ('market_access', 'Market-access request'), ('non_tariff', 'Non-tariff')], max_length=20)),
                        ('title', models.CharField(max_length=300)),
                        ('description', models.TextField(blank=True)),
                        ('amount', models.DecimalField(blank=True, decimal_places=3, max_digits=18, null=True)),
                        ('amount_unit', models.CharField(blank=True, help_text='e.g. USD, tonnes, %.', max_length=40)),
                        ('status', models.CharField(choices=[('requested', 'Requested'), ('under_consideration', 'Under consideration'), ('offered', 'Offered'), ('agreed', 'Agreed'), ('implemented', 'Implemented'), ('withdrawn', 'Withdrawn')], default='requested', editable=False, help_text='The status of the latest change; kept by the changes themselves.', max_length=20)),
                        ('commodity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='concessions', to='commodities.commodity')),
                        ('giver', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='concessions_given', to='core.economy')),
                    ],
                    options={
                        'ordering': ['negotiation_id', 'giver_id', 'commodity_id', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ConcessionStatusChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('changed_on', models.DateField()),
                        ('status', models.CharField(choices=[('requested', 'Requested'), ('under_consideration', 'Under consideration'), ('offered', 'Offered'), ('agreed', 'Agreed'), ('implemented', 'Implemented'), ('withdrawn', 'Withdrawn')], max_length=20)),
                        ('note', models.TextField(blank=True)),
                    ],
                    options={
                        'ordering': ['concession_id', 'changed_on', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalConcession',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('purchase', 'Increase imports / purchase commitment'), ('tariff_cut', 'Tariff cut'), ('quota_expansion', 'Quota expansion'), ('market_access', 'Market-access request'), ('non_tariff', 'Non-tariff')], max_length=20)),
                        ('title', models.CharField(max_length=300)),
                        ('description', models.TextField(blank=True)),
                        ('amount', models.DecimalField(blank=True, decimal_places=3, max_digits=18, null=True)),
                        ('amount_unit', models.CharField(blank=True, help_text='e.g. USD, tonnes, %.', max_length=40)),
                        ('status', models.CharField(choices=[('requested', 'Requested'), ('under_consideration', 'Under consideration'), ('offered', 'Offered'), ('agreed', 'Agreed'), ('implemented', 'Implemented'), ('withdrawn', 'Withdrawn')], default='requested', editable=False, help_text='The status of the latest change; kept by the changes themselves.', max_length=20)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('commodity', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commodities.commodity')),
                        ('giver', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.economy')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical concession',
                        'verbose_name_plural': 'historical concessions',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalConcessionStatusChange',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('changed_on', models.DateField()),
                        ('status', models.CharField(choices=[('requested', 'Requested'), ('under_consideration', 'Under consideration'), ('offered', 'Offered'), ('agreed', 'Agreed'), ('implemented', 'Implemented'), ('withdrawn', 'Withdrawn')], max_length=20)),
                        ('note', models.TextField(blank=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ],
                    options={
                        'verbose_name': 'historical concession status change',
                        'verbose_name_plural': 'historical concession status changes',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name='concession',
                    name='negotiation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='concessions', to='negotiations.negotiation'),
                ),
                migrations.AddField(
                    model_name='concession',
                    name='receiver',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='concessions_received', to='core.economy'),
                ),
                migrations.AddField(
                    model_name='concession',
                    name='round',
                    field=models.ForeignKey(blank=True, help_text='The round where it came up.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='concessions', to='negotiations.round'),
                ),
                migrations.AddField(
                    model_name='concession',
                    name='sources',
                    field=models.ManyToManyField(blank=True, related_name='%(app_label)s_%(class)s_set', to='core.source'),
                ),
                migrations.AddField(
                    model_name='concessionstatuschange',
                    name='concession',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='negotiations.concession'),
                ),
                migrations.AddField(
                    model_name='concessionstatuschange',
                    name='round',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='concession_changes', to='negotiations.round'),
                ),
                migrations.AddField(
                    model_name='concessionstatuschange',
                    name='sources',
                    field=models.ManyToManyField(blank=True, related_name='%(app_label)s_%(class)s_set', to='core.source'),
                ),
                migrations.AddField(
                    model_name='historicalconcession',
                    name='negotiation',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='negotiations.negotiation'),
                ),
                migrations.AddField(
                    model_name='historicalconcession',
                    name='receiver',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.economy'),
                ),
                migrations.AddField(
                    model_name='historicalconcession',
                    name='round',
                    field=models.ForeignKey(blank=True, db_constraint=False, help_text='The round where it came up.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='negotiations.round'),
                ),
                migrations.AddField(
                    model_name='historicalconcessionstatuschange',
                    name='concession',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='negotiations.concession'),
                ),
                migrations.AddField(
                    model_name='historicalconcessionstatuschange',
                    name='history_user',
                    field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AddField(
                    model_name='historicalconcessionstatuschange',
                    name='round',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='negotiations.round'),
                ),
                migrations.AddConstraint(
                    model_name='concession',
                    constraint=models.CheckConstraint(condition=models.Q(('giver', models.F('receiver')), _negated=True), name='concession_between_two_economies'),
                ),
                migrations.AddConstraint(
                    model_name='concession',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__isnull', True), ('amount__gte', 0), _connector='OR'), name='concession_amount_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='concessionstatuschange',
                    constraint=models.UniqueConstraint(fields=('concession', 'changed_on', 'status'), name='concession_change_unique'),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name='concession',
            index=models.Index(fields=['status'], name='negotiation_status_b06b68_idx'),
        ),
        migrations.AddIndex(
            model_name='concession',
            index=models.Index(fields=['kind'], name='negotiation_kind_a847aa_idx'),
        ),
        migrations.AddField(
            model_name='negotiation',
            name='refresh_runs',
            field=models.ManyToManyField(blank=True, editable=False, help_text="The trade-data refresh runs this negotiation's refresh planned.", related_name='negotiations', to='commodities.refreshrun'),
        ),
        migrations.RunPython(link_runs_to_negotiations, unlink_runs),
        migrations.RunPython(move_content_types, restore_content_types),
    ]

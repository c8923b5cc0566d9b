import core.models
from django.db import migrations

from core.sources import source_keys


def fill_keys(apps, schema_editor):
    Source = apps.get_model("core", "Source")
    sources = list(Source.objects.only("pk", "publisher", "title", "url"))
    for source in sources:
        for name, value in source_keys(source).items():
            setattr(source, name, value)
    Source.objects.bulk_update(sources, ["url_key", "name_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_economy_and_source_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="name_key",
            field=core.models.SourceKeyField(
                blank=True, db_index=True, editable=False, max_length=64
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="url_key",
            field=core.models.SourceKeyField(
                blank=True, db_index=True, editable=False, max_length=64
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]

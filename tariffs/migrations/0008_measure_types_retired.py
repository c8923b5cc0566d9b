from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tariffs", "0007_measure_forms_data")]

    operations = [
        migrations.RemoveField(
            model_name="historicalmeasure",
            name="measure_type",
        ),
        migrations.RemoveField(
            model_name="historicalmeasure",
            name="quota_unit",
        ),
        migrations.RemoveField(
            model_name="historicalmeasure",
            name="specific_unit",
        ),
        migrations.RemoveField(
            model_name="historicalmeasure",
            name="stacks",
        ),
        migrations.RemoveField(
            model_name="measure",
            name="measure_type",
        ),
        migrations.RemoveField(
            model_name="measure",
            name="quota_unit",
        ),
        migrations.RemoveField(
            model_name="measure",
            name="specific_unit",
        ),
        migrations.RemoveField(
            model_name="measure",
            name="stacks",
        ),
    ]

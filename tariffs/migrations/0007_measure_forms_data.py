from django.db import migrations


def forms_from_measure_types(apps, schema_editor):
    """Each measure's type becomes the form of its first change; a non-stacking measure
    competes by precedence (all at one rank, so the highest rate still wins among them);
    a revoked step is a terminated one."""
    Measure = apps.get_model("tariffs", "Measure")
    MeasureChange = apps.get_model("tariffs", "MeasureChange")
    for measure in Measure.objects.all():
        first = MeasureChange.objects.filter(measure=measure).order_by("effective_on", "pk").first()
        if first is not None:
            if measure.measure_type == "trq":
                first.form = "trq"
                first.in_quota_form = "adds"
                first.out_of_quota_form = "adds"
                first.quota_unit = measure.quota_unit
            else:
                first.form = "adds"
                if measure.measure_type == "specific":
                    first.specific_unit = measure.specific_unit or "unit"
            first.save()
        if not measure.stacks:
            measure.precedence = 100
            measure.save(update_fields=["precedence"])
    MeasureChange.objects.filter(status="revoked").update(status="terminated")


class Migration(migrations.Migration):
    dependencies = [("tariffs", "0006_measure_forms_relations")]

    operations = [migrations.RunPython(forms_from_measure_types, migrations.RunPython.noop)]

"""Bulk entry from CSV or Excel files (django-import-export): what every kind of row shares.

Each kind (measures, concessions, memberships, trade flows) is a `BulkResource` in its app's
`resources.py`, registered under its name for the `import_entries` command and used by its
admin's import page (`core.bulk_admin`). A row:

- is matched to its record by a natural key (`import_id_fields`), so that importing the same
  file twice changes nothing the second time (unchanged rows are skipped and write nothing);
- names economies, HS codes and other records by their codes, and a code that names nothing is
  the row's error for that column;
- may carry a record's dated lines in one column (`core.bulk_columns.Lines`);
- is checked by the models' own rules (`full_clean`), each error under its column.

A whole file is one transaction: one bad row and nothing is written. Every change writes its
history record (django-simple-history), with the importing user when there is one.
"""

from django.core.exceptions import ValidationError
from django.db import models
from import_export import resources, widgets
from import_export.instance_loaders import ModelInstanceLoader
from import_export.resources import Diff

from .bulk_columns import (
    BATCH,
    REASON,
    ByKey,
    ByKeys,
    Flag,
    Lines,
    LinesColumn,
    Snapshot,
    column,
    linked,
    signed,
    write_pending,
)
from .history import history_of
from .signals import bump_on_change, bumps_held

# kind -> resource class, for the `import_entries` command.
KINDS = {}
__all__ = ["BulkResource", "ByKey", "ByKeys", "Flag", "Lines", "LinesColumn", "column", "register"]


def register(resource_class):
    KINDS[resource_class.kind] = resource_class
    return resource_class


class KeyedInstanceLoader(ModelInstanceLoader):
    """Finds each row's record by its natural key, with one query for the whole file."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.fields = fields
        values = {field.attribute: set() for field in fields}
        for row in dataset.dict if dataset else []:
            for field in fields:
                try:
                    values[field.attribute].add(field.clean(row))
                except (ValueError, KeyError):
                    continue
        # Narrowed by each key field to the values the file names: its records, and a few more.
        records = self.get_queryset().filter(
            **{f"{attribute}__in": found for attribute, found in values.items()}
        )
        related = resource.related_names()
        records = records.select_related(*related["one"]).prefetch_related(*related["many"])
        self.records = {}
        for record in records:
            record._bulk_existing = Snapshot(
                (name, list(getattr(record, name).all())) for name in related["many"]
            )
            record._prefetched_objects_cache = {}
            self.records[self.key_of(record)] = record

    def key_of(self, record):
        return tuple(getattr(record, field.attribute) for field in self.fields)

    def get_instance(self, row):
        try:
            key = tuple(field.clean(row) for field in self.fields)
        except ValueError:
            return None  # the column's error is reported as the row is read
        return self.records.get(key)


class BulkDiff(Diff):
    """The preview's before and after of a row, read through `BulkResource.diff_value`."""

    def __init__(self, resource, instance, new):
        self.left = [resource.diff_value(f, instance) for f in resource.get_import_fields()]
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        self.right = [resource.diff_value(f, instance) for f in resource.get_import_fields()]


class BulkResource(resources.ModelResource):
    """A kind of row entered in bulk (see the module's notes)."""

    kind = ""
    # The template's example row: column -> value.
    example = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # column -> `Lines`, made for each import (they remember the codes they looked up).
        self.lines = {
            field.column_name: field.lines_class()
            for field in self.fields.values()
            if isinstance(field, LinesColumn)
        }

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        instance_loader_class = KeyedInstanceLoader

    def import_data(self, dataset, **kwargs):
        # All or nothing: a row with an error rolls back every other row.
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.rows_by_key = {}
        self.pending = {}  # model -> new lines, written at the end of the file
        self.new_records = []  # and the new records' history
        self.new_links = {}  # and their many-to-many links: through model -> rows
        self.written = []  # every record the file adds or changes
        for field in self.fields.values():
            if hasattr(field.widget, "found"):
                field.widget.found = {}  # codes are looked up afresh for each file

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        id_fields = [self.fields[name] for name in self.get_import_id_fields()]
        try:
            key = tuple(field.clean(row) for field in id_fields)
        except ValueError:
            key = None
        if key is not None and key in self.rows_by_key:
            names = ", ".join(field.column_name for field in id_fields)
            errors[id_fields[0].attribute] = [f"Row {self.rows_by_key[key]} has the same {names}."]
        elif key is not None:
            self.rows_by_key[key] = kwargs.get("row_number")
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # An empty cell of a spreadsheet reads as None: empty text, for a text column.
        for field in instance._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.null
                and getattr(instance, field.attname) is None
            ):
                setattr(instance, field.attname, "")
        # Related records by code are read now, so that a bad one is the row's error.
        instance._bulk_m2m = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    instance._bulk_m2m[field.attribute] = field.clean(row)
                except ValueError as error:
                    errors[field.column_name] = [str(error)]
        instance._bulk_lines = {}
        for name, lines in self.lines.items():
            if name in row:
                try:
                    instance._bulk_lines[name] = lines.parse(row[name])
                except ValidationError as error:
                    errors[name] = error.messages
        try:
            self.check_row(instance, row)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row):
        """Rules across columns, for a kind to add."""

    def related_names(self):
        """The relations a row reads: records named by code ("one"), many-to-many fields and
        lines ("many")."""
        fields = self.get_import_fields()
        return {
            "one": [f.attribute for f in fields if isinstance(f.widget, ByKey)],
            "many": [f.attribute for f in fields if isinstance(f.widget, ByKeys)]
            + [lines.related_name for lines in self.lines.values()],
        }

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: a recorded row whose every column reads as it is stored."""
        if import_validation_errors or original.pk is None:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field, LinesColumn):
                lines = instance._bulk_lines[field.column_name]
                if self.lines[field.column_name].differ(original, lines):
                    return False
            elif isinstance(field.widget, ByKeys):
                wanted = {record.pk for record in instance._bulk_m2m[field.attribute]}
                if wanted != {record.pk for record in linked(original, field.attribute)}:
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def get_diff_class(self):
        return BulkDiff

    def diff_value(self, field, instance):
        """A column's value for the preview, from what the row and the file's loading read."""
        if isinstance(field.widget, ByKeys):
            records = instance.__dict__.get("_bulk_m2m", {}).get(field.attribute)
            if records is None:
                records = linked(instance, field.attribute) if instance.pk else []
            return field.widget.render(records)
        return field.export(instance)

    def before_save_instance(self, instance, row, **kwargs):
        # One history record for the row, written once its links are set (`save_m2m`), not
        # one for the save and one more for each many-to-many field set.
        instance.skip_history_when_saving = True
        instance._bulk_created = instance._state.adding

    def save_m2m(self, instance, row, **kwargs):
        if not instance._bulk_created:
            super().save_m2m(instance, row, **kwargs)
            del instance.skip_history_when_saving
            history = history_of(type(instance))
            if history is not None:
                history.record(instance, "~", REASON, signed(kwargs.get("user")))
            return
        # A new record's links and history are written with the file's others (`after_import`).
        for attribute, records in instance._bulk_m2m.items():
            field = self._meta.model._meta.get_field(attribute)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            self.new_links.setdefault(through, []).extend(
                through(**{f"{source}_id": instance.pk, f"{target}_id": record.pk})
                for record in records
            )
        self.new_records.append(instance)

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run") and not kwargs.get("using_transactions"):
            return
        user = kwargs.get("user")
        for name, got in getattr(instance, "_bulk_lines", {}).items():
            self.lines[name].sync(instance, got, instance._bulk_created, self.pending, user)
        self.written.append(instance)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Related records named by code were found as the row was read: not looked up again.
        errors = dict(import_validation_errors or {})
        found = [
            field.attribute
            for field in self.get_import_fields()
            if isinstance(field.widget, ByKey) and field.attribute not in errors
        ]
        try:
            instance.full_clean(exclude=[*errors, *found], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def template_headers(cls):
        return [field.column_name for field in cls().get_import_fields()]

    def after_write(self, records):
        """For a kind to add: what follows once the file's records and lines are written."""

    def import_data_inner(self, *args, **kwargs):
        with bumps_held():
            return super().import_data_inner(*args, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if result.has_errors() or result.has_validation_errors():
            return
        user = signed(kwargs.get("user"))
        for through, rows in self.new_links.items():
            through.objects.bulk_create(rows, batch_size=BATCH)
        write_history(self._meta.model, self.new_records, self.new_links, user)
        write_pending(self.pending, user)
        self.after_write(self.written)
        # The data version moves once for the file.
        if not kwargs.get("dry_run") and any(
            result.totals[kind] for kind in ("new", "update", "delete")
        ):
            for model in [self._meta.model, *(lines.model for lines in self.lines.values())]:
                bump_on_change(model, held=False)


def write_history(model, records, links, user):
    """The first history records of `records`, new, with their many-to-many links: a few
    queries for the file, where a save each would take four."""
    history = history_of(model)
    if history is None or not records:
        return
    created = model.history.bulk_history_create(
        records, batch_size=BATCH, default_user=user, default_change_reason=REASON
    )
    by_record = {record.id: record for record in created}
    for field in history.tracked_links():
        through = field.remote_field.through
        source = f"{field.m2m_field_name()}_id"
        names = [f.attname for f in through._meta.concrete_fields]
        history.m2m_models[field].objects.bulk_create(
            (
                history.m2m_models[field](
                    history=by_record[getattr(row, source)],
                    **{name: getattr(row, name) for name in names},
                )
                for row in links.get(through, [])
            ),
            batch_size=BATCH,
        )

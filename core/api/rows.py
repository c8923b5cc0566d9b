"""Brief lists' rows, read as `values()` and written without DRF's field-by-field work."""

import copy
from decimal import Decimal

from rest_framework import serializers
from rest_framework.settings import api_settings

from .fields import DetailURLField

# Fields whose representation of a plain value is the value itself.
AS_STORED = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.IntegerField,
)


# A brief list's rows read as `values()`, each written without DRF's field-by-field work.
#
# The declared fields are the schema; each reads the key its `source` names. A plain value
# (text, number, choice, boolean) is written as stored, a detail address by its
# `DetailURLField`, a related record by its slug (`SlugRelatedField`) from the slug's
# column, anything else (decimals, dates) by its field's own `to_representation`, so the
# text is the same as a model serializer's. Two kinds of field read no column: a
# many-related field writes the list the row carries under its name (its items as written:
# the queryset attaches it), and a field of the whole record (`source="*"`, as a
# `SerializerMethodField`) is given the row. A field taken out of `fields` (as the CSV takes
# out `url`) is not written.
#
# (A comment, not a docstring: the schema would give it as the description of every brief
# list's rows that has none of its own.)
class RowSerializer(serializers.Serializer):
    # Each class's fields as `get_fields()` builds them, unbound: a model serializer maps
    # every model field to a serializer field anew for each instance, which costs a page of
    # a hundred rows more than writing ten of them. An instance that asks for its `fields`
    # gets its own copies; writing rows needs none (`writers`).
    _built_fields = {}
    _prototypes = {}

    def get_fields(self):
        built = RowSerializer._built_fields.get(type(self))
        if built is None:
            built = RowSerializer._built_fields[type(self)] = super().get_fields()
        return copy.deepcopy(built)

    @classmethod
    def prototype_fields(cls):
        """The class's fields, bound once to an instance of it made for the purpose: what a
        row's writers read of a field (its source, its format) is the same for every
        instance; what differs (the request, the context) they take from the instance that
        writes (`writer`)."""
        prototype = RowSerializer._prototypes.get(cls)
        if prototype is None:
            prototype = RowSerializer._prototypes[cls] = cls()
        return prototype.fields

    @classmethod
    def row_keys(cls):
        """The keys `values()` is to read: each field's column, the key of the record for
        its address."""
        keys = []
        for field in cls.prototype_fields().values():
            key = cls.row_key(field)
            if key is not None and key not in keys:
                keys.append(key)
        return keys

    @staticmethod
    def row_key(field):
        """The `values()` key `field` reads; None when it reads no column."""
        if isinstance(field, DetailURLField):
            return "id" if field.lookup_field == "pk" else field.lookup_field
        if field.source == "*" or isinstance(field, serializers.ManyRelatedField):
            return None
        if isinstance(field, serializers.SlugRelatedField):
            return f"{field.source}__{field.slug_field}"
        return field.source

    def writer(self, field):
        """A function writing `field` of a row, or, for a value written as stored, the key
        it is stored under (a `Stored`)."""
        if isinstance(field, DetailURLField):
            lookup = self.row_key(field)
            address = field.addresses(self.context.get("request"), self.context.get("format"))
            return lambda row: address(row[lookup])
        if isinstance(field, serializers.SerializerMethodField):
            return getattr(self, field.method_name)  # this instance's, with its context
        if field.source == "*":
            return field.to_representation
        key = self.row_key(field) or field.source
        if type(field) in AS_STORED or isinstance(
            field, serializers.SlugRelatedField | serializers.ManyRelatedField
        ):
            return Stored(key)
        if isinstance(field, serializers.DateTimeField) and not hasattr(field, "timezone"):
            # The current time zone, asked once for the page rather than once a row.
            field = copy.copy(field)
            field.timezone = field.default_timezone()
        convert = field.to_representation
        if isinstance(field, serializers.DateTimeField | serializers.DateField):
            return once_per_value(key, convert)
        if isinstance(field, serializers.DecimalField):
            return decimal_writer(field, key)
        return lambda row: None if row[key] is None else convert(row[key])

    def writers(self):
        """{name: `writer`} for this instance: from its own fields if it has asked for them
        (and perhaps changed them: the CSV takes out `url`), else from the class's
        (`prototype_fields`), which saves copying every field."""
        fields = self.fields if "fields" in self.__dict__ else self.prototype_fields()
        if any(self.reads_parent(field) for field in fields.values()):
            fields = self.fields  # bound to this instance
        return {name: self.writer(field) for name, field in fields.items()}

    @staticmethod
    def reads_parent(field):
        """Whether `field` writes a row through the serializer it is bound to: a field of
        the whole record (`source="*"`) other than a method field or an address."""
        whole = field.source == "*"
        return whole and not isinstance(field, serializers.SerializerMethodField | DetailURLField)

    def to_representation(self, row):
        write = self.__dict__.get("_write_row")
        if write is None:
            write = self._write_row = row_writer(self.writers())
        return write(row)


class Stored:
    """A value written as it is stored in the row, under `key`."""

    def __init__(self, key):
        self.key = key


# The functions that make row writers, one per shape of row: (name, stored key or None).
_makers = {}


def row_writer(writers):
    """One function writing a whole row as the `writers` ({name: function or Stored}) do,
    in their order: a dictionary display whose stored values are read straight from the row
    and whose others are the functions' calls. Written out as Python once per shape of row
    (as `dataclasses` writes a class's `__init__`): the comprehension over writers it
    replaces called a function for every field of every row."""
    shape = tuple(
        (name, write.key if isinstance(write, Stored) else None) for name, write in writers.items()
    )
    make = _makers.get(shape)
    if make is None:
        make = _makers[shape] = _maker(shape)
    return make(*(write for write in writers.values() if not isinstance(write, Stored)))


def _maker(shape):
    items, arguments = [], []
    for index, (name, key) in enumerate(shape):
        if key is None:
            arguments.append(f"write_{index}")
            items.append(f"{name!r}: write_{index}(row)")
        else:
            items.append(f"{name!r}: row[{key!r}]")
    source = (
        f"def make({', '.join(arguments)}):\n"
        f"    def write(row):\n"
        f"        return {{{', '.join(items)}}}\n"
        f"    return write\n"
    )
    namespace = {}
    exec(compile(source, "<row writer>", "exec"), namespace)
    return namespace["make"]


def decimal_writer(field, key):
    """A writer of `row[key]` as `field` writes it, skipping DRF's rounding for a decimal the
    column already holds to the field's places (every value read from a column of that
    scale): rounding it to them changes nothing, and text is what DRF would then write."""
    convert = field.to_representation
    plain = (
        field.decimal_places is not None
        and getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        and not field.localize
        and not field.normalize_output
    )
    exponent = -field.decimal_places if plain else None

    def write(row):
        value = row[key]
        if value is None:
            return None
        if plain and type(value) is Decimal and value.as_tuple().exponent == exponent:
            return f"{value:f}"
        return convert(value)

    return write


def once_per_value(key, convert):
    """A writer of `row[key]` that converts each value once: the rows of a page often share a
    date or date-time (those of one import), and equal dates and date-times (the same instant)
    are written alike."""
    written = {}

    def write(row):
        value = row[key]
        if value is None:
            return None
        text = written.get(value)
        if text is None:
            text = written[value] = convert(value)
        return text

    return write

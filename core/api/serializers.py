import copy
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from ..models import Economy, Source
from ..sources import near_duplicates
from .exceptions import NearDuplicateSource
from .fields import DetailURLField


class EconomyCodeField(serializers.SlugRelatedField):
    """An economy by its ISO alpha-3 code."""

    default_error_messages = {
        "does_not_exist": "Unknown economy {slug_name}={value}: use an ISO alpha-3 code such "
        "as JPN.",
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Economy.objects.all())
        super().__init__(slug_field="iso3", **kwargs)


class ValidatedModelSerializer(serializers.ModelSerializer):
    """A model serializer whose writes pass the model's own validation.

    The validated attrs are put on an instance (on update a copy of the existing one, so a
    partial update is checked whole) and `full_clean()` runs the model's field validators,
    `clean()`, unique checks and constraints. Many-to-many values and nested children are left
    out, as the model holds neither before it is saved; checks across a nested list belong to
    the serializer. Model fields the serializer does not write (a parent's key, a derived
    column) are not checked. Errors come back keyed by the serializer's field names.
    """

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self.validate_model(attrs)
        return attrs

    def validate_model(self, attrs):
        model = self.Meta.model
        concrete = {field.name for field in model._meta.concrete_fields}
        values = {name: value for name, value in attrs.items() if name in concrete}
        if self.instance is None:
            instance = model(**values)
        else:
            instance = copy.copy(self.instance)
            for name, value in values.items():
                setattr(instance, name, value)
        written = self.written_model_fields()
        try:
            instance.full_clean(exclude=concrete - set(written))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(self.keyed_by_field(exc, written)) from exc

    def written_model_fields(self):
        """Serializer field name by the model field it writes."""
        return {
            field.source: name
            for name, field in self.fields.items()
            if not field.read_only and field.source != "*" and "." not in field.source
        }

    def keyed_by_field(self, exc, written):
        detail = get_error_detail(exc)
        if not isinstance(detail, dict):
            detail = {NON_FIELD_ERRORS: detail}
        errors = {}
        for name, messages in detail.items():
            if name == NON_FIELD_ERRORS:
                key = api_settings.NON_FIELD_ERRORS_KEY
            else:
                key = written.get(name, name)
            errors.setdefault(key, []).extend(messages)
        return errors


class LinkField(serializers.URLField):
    """A web address that may be missing: read as null, never as "" (which is no URI); written
    as an address, "" or null, and stored as the model's empty value, ""."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        return super().run_validation("" if data is None else data)

    def to_representation(self, value):
        return value or None


class SourceBriefSerializer(serializers.ModelSerializer):
    link = LinkField(source="url", read_only=True)

    class Meta:
        model = Source
        fields = ["id", "publisher", "title", "kind", "published_on", "link"]


class SourcedSerializer(ValidatedModelSerializer):
    """A fact with its sources: read as objects, written as `source_ids`."""

    sources = SourceBriefSerializer(many=True, read_only=True)
    source_ids = serializers.PrimaryKeyRelatedField(
        source="sources",
        queryset=Source.objects.all(),
        many=True,
        write_only=True,
        required=False,
    )


class NestedWriteSerializer(ValidatedModelSerializer):
    """A parent written with its children in one transaction.

    `nested_children` maps a field name to (related manager name, child serializer class).
    Children given on update replace the existing ones; children left out are kept.
    """

    nested_children = {}

    def pop_children(self, validated_data):
        present = [name for name in self.nested_children if name in validated_data]
        return {name: validated_data.pop(name) for name in present}

    @transaction.atomic
    def create(self, validated_data):
        children = self.pop_children(validated_data)
        instance = super().create(validated_data)
        self.write_children(instance, children)
        return instance

    @transaction.atomic
    def update(self, instance, validated_data):
        children = self.pop_children(validated_data)
        instance = super().update(instance, validated_data)
        self.write_children(instance, children, replace=True)
        return instance

    def write_children(self, instance, children, replace=False):
        for name, items in children.items():
            related_name, child_serializer = self.nested_children[name]
            manager = getattr(instance, related_name)
            if replace:
                manager.all().delete()
            parent_field = manager.field.name
            for item in items:
                child_serializer().create({**item, parent_field: instance})


class EconomyBriefSerializer(serializers.HyperlinkedModelSerializer):
    url = DetailURLField(view_name="api:economy-detail", lookup_field="iso3")

    class Meta:
        model = Economy
        fields = ["url", "iso3", "name", "kind", "comtrade_code", "census_code"]


class EconomySerializer(ValidatedModelSerializer, EconomyBriefSerializer):
    members = EconomyCodeField(many=True, required=False)
    unions = EconomyCodeField(many=True, read_only=True)

    class Meta(EconomyBriefSerializer.Meta):
        fields = [*EconomyBriefSerializer.Meta.fields, "members", "unions"]


class SourceSerializer(ValidatedModelSerializer, SourceBriefSerializer):
    """A source; one that looks like a source already entered is refused (409) unless the
    view's context allows duplicates (`?allow_duplicate=true`)."""

    url = DetailURLField(view_name="api:source-detail")
    link = LinkField(source="url", required=False)

    class Meta(SourceBriefSerializer.Meta):
        fields = ["url", "id", "publisher", "title", "kind", "published_on", "link"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not self.context.get("allow_duplicate"):
            values = [
                attrs.get(name, getattr(self.instance, name, ""))
                for name in ("publisher", "title", "url")
            ]
            pk = self.instance.pk if self.instance else None
            if matches := near_duplicates(*values, exclude_pk=pk):
                raise NearDuplicateSource(matches)
        return attrs


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
    # a hundred rows more than writing ten of them. Each instance gets its own copies.
    _built_fields = {}

    def get_fields(self):
        built = RowSerializer._built_fields.get(type(self))
        if built is None:
            built = RowSerializer._built_fields[type(self)] = super().get_fields()
        return copy.deepcopy(built)

    @classmethod
    def row_keys(cls):
        """The keys `values()` is to read: each field's column, the key of the record for
        its address."""
        keys = []
        for field in cls().fields.values():
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
        if isinstance(field, DetailURLField):
            request, format = self.context.get("request"), self.context.get("format")
            lookup = self.row_key(field)
            return lambda row: field.address(row[lookup], request, format)
        if field.source == "*":
            return field.to_representation
        key = self.row_key(field) or field.source
        if isinstance(field, serializers.DateTimeField) and not hasattr(field, "timezone"):
            # The current time zone, asked once for the page rather than once a row.
            field.timezone = field.default_timezone()
        if type(field) in AS_STORED or isinstance(
            field, serializers.SlugRelatedField | serializers.ManyRelatedField
        ):
            return lambda row: row[key]
        convert = field.to_representation
        if isinstance(field, serializers.DateTimeField | serializers.DateField):
            return once_per_value(key, convert)
        if isinstance(field, serializers.DecimalField):
            return decimal_writer(field, key)
        return lambda row: None if row[key] is None else convert(row[key])

    def to_representation(self, row):
        writers = self.__dict__.get("_writers")
        if writers is None:
            writers = self._writers = {
                name: self.writer(field) for name, field in self.fields.items()
            }
        return {name: write(row) for name, write in writers.items()}


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

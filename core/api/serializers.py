import copy

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

from django.db import transaction
from rest_framework import serializers

from negotiations.models import Economy, Source


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


class SourceBriefSerializer(serializers.ModelSerializer):
    link = serializers.URLField(source="url", read_only=True)

    class Meta:
        model = Source
        fields = ["id", "publisher", "title", "kind", "published_on", "link"]


class SourcedSerializer(serializers.ModelSerializer):
    """A fact with its sources: read as objects, written as `source_ids`."""

    sources = SourceBriefSerializer(many=True, read_only=True)
    source_ids = serializers.PrimaryKeyRelatedField(
        source="sources",
        queryset=Source.objects.all(),
        many=True,
        write_only=True,
        required=False,
    )


class NestedWriteSerializer(serializers.ModelSerializer):
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

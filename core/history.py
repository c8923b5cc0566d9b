"""The history of every domain model: who changed what and when, with the links each row had.

Every domain model declares `history = History(...)` (django-simple-history's records). A row
that cites sources keeps its citations in its history (`Sourced` names them). Bulk tables are
left out: the HS nomenclature, trade flows and the national tariff schedule (revisions, lines,
chapter 99 headings) are imported from their publishers by the thousand and re-imported whole,
so a record per row would only repeat the import; refresh runs are the log of those imports.
"""

from django.db import models
from simple_history.models import HistoricalRecords

# A record's reason (django-simple-history's `history_change_reason`, 100 characters) tells
# which deletion wrote it, and a restore which deletion it undid.
DELETION = "deletion {token}: {what}"
BEFORE_DELETION = "before deletion {token}"
RESTORED = "restored from deletion {token}"


class History(HistoricalRecords):
    """django-simple-history's records, keeping what a deleted row was linked to.

    Django removes a row's many-to-many links before the row itself, so the record of a
    deletion would hold none of them; they are read when the deletion starts and written into
    that record, which is then enough to bring the row back whole.
    """

    # The history of each model, by model.
    of_model = {}

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            History.of_model[sender] = self

    def pre_delete(self, instance, **kwargs):
        super().pre_delete(instance, **kwargs)
        instance._links_at_deletion = {
            field: list(links_of(instance, field))
            for field in self.get_m2m_fields_from_model(type(instance))
        }

    def create_historical_record_m2ms(self, history_instance, instance):
        links = getattr(instance, "_links_at_deletion", None)
        if history_instance.history_type != "-" or links is None:
            return super().create_historical_record_m2ms(history_instance, instance)
        for field, rows in links.items():
            history_model = self.m2m_models[field]
            columns = [f.attname for f in field.remote_field.through._meta.concrete_fields]
            history_model.objects.bulk_create(
                history_model(history=history_instance, **{c: getattr(row, c) for c in columns})
                for row in rows
            )

    def record(self, instance, history_type, reason, user=None):
        """Write a record of `instance` as it stands now, links included."""
        instance._change_reason = reason[:100]
        if user is not None:
            instance._history_user = user
        self.create_historical_record(instance, history_type)

    def tracked_links(self):
        """The many-to-many fields whose links the records keep."""
        return self.get_m2m_fields_from_model(self.cls)


def history_of(model):
    """The `History` of a model, or None for a model without one."""
    return History.of_model.get(model)


def links_of(instance, field):
    """The through rows of `instance`'s many-to-many `field`."""
    through = field.remote_field.through
    return through._base_manager.filter(**{field.m2m_field_name(): instance.pk}).order_by("pk")


def linked_ids(record, field):
    """The ids a historical record's many-to-many `field` linked to, with their through ids."""
    target = field.m2m_reverse_field_name()
    rows = getattr(record, field.name).all()
    return {getattr(row, f"{target}_id"): row.id for row in rows}


def deletion_reason(token, instance):
    return DELETION.format(token=token, what=f"{instance._meta.model_name} {instance.pk}")


def deletion_prefix(token):
    return DELETION.format(token=token, what="")


def token_of(reason):
    """The deletion token of a record's reason, or None."""
    head, _, rest = (reason or "").partition(" ")
    token, colon, _ = rest.partition(":")
    return token if head == "deletion" and colon and token else None


def latest_records(model, history_type):
    """The latest record of each row of `model`, kept only when it is of `history_type`."""
    records = model.history.all()
    later = records.filter(
        id=models.OuterRef("id"), history_date__gt=models.OuterRef("history_date")
    )
    return records.filter(history_type=history_type).exclude(models.Exists(later))

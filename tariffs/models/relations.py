"""How measures meet: one replaces another, one spares goods subject to another, and the
economies a measure leaves out; each dated."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from core.history import History
from core.models import Economy, Sourced

from .dated import Dated, dates_in_order
from .measures import Measure


class MeasureRelation(Dated, Sourced):
    """`measure` replaces `other`, or spares the goods subject to `other`, while in effect."""

    class Kind(models.TextChoices):
        REPLACES = "replaces", "Replaces"
        EXEMPT_IF_SUBJECT_TO = "exempt_if_subject_to", "Does not apply to goods subject to"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    other = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="related_from")
    note = models.TextField(blank=True)
    history = History()

    class Meta:
        ordering = ["measure_id", "kind", "other_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "kind", "other", "effective_from"],
                name="measure_relation_unique",
                condition=Q(effective_from__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["measure", "kind", "other"],
                name="measure_relation_undated_unique",
                condition=Q(effective_from__isnull=True),
            ),
            models.CheckConstraint(
                condition=~Q(measure=F("other")), name="measure_relation_not_to_itself"
            ),
            dates_in_order("measure_relation_dates_in_order"),
        ]

    def __str__(self):
        return f"{self.measure} {self.get_kind_display().lower()} {self.other}"

    def clean(self):
        super().clean()
        if self.measure_id and self.measure_id == self.other_id:
            raise ValidationError({"other": "A measure cannot relate to itself."})
        if self.measure_id and self.other_id and self.measure.issuer_id != self.other.issuer_id:
            raise ValidationError({"other": "Both measures must be of the same importer."})


class PartnerException(Dated):
    """An economy a measure leaves out while in effect (e.g. a partner kept at an older rate
    when the rest move on). A union leaves out its members."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="partner_exceptions"
    )
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    history = History()

    class Meta:
        ordering = ["measure_id", "economy_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "economy", "effective_from"],
                name="partner_exception_unique",
                condition=Q(effective_from__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["measure", "economy"],
                name="partner_exception_undated_unique",
                condition=Q(effective_from__isnull=True),
            ),
            dates_in_order("partner_exception_dates_in_order"),
        ]

    def __str__(self):
        return f"{self.measure} leaves out {self.economy_id}"

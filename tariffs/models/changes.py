"""A measure's dated steps: status, the form of its rate, and when each was decided."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from core.history import History
from core.models import Sourced

from ..state import QUOTA_FORMS, Form, Status
from .measures import Measure

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
NUMBERS = ("ad_valorem_rate", "specific_rate", "in_quota_rate", "out_of_quota_rate", "quota_volume")


def rate_field(label):
    return models.DecimalField(
        label, max_digits=7, decimal_places=3, null=True, blank=True, validators=NON_NEGATIVE
    )


class MeasureChange(Sourced):
    """A dated step in a measure's life. Fields left empty carry over from the step before."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="changes")
    effective_on = models.DateField(help_text="The day it applies at the border.")
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day it was decided or published; empty: the day it applies. A change "
        "published after the day it applies from is retroactive.",
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    form = models.CharField(
        max_length=20,
        choices=Form.choices,
        blank=True,
        help_text="How the rate meets the base rate; empty: as before.",
    )
    ad_valorem_rate = rate_field("rate (%)")
    specific_rate = models.DecimalField(
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text="A specific amount added per unit, in the importer's currency.",
    )
    specific_unit = models.CharField(max_length=40, blank=True, help_text="e.g. kg, liters, No.")
    in_quota_form = models.CharField(max_length=20, choices=QUOTA_FORMS, blank=True)
    in_quota_rate = rate_field("in-quota rate (%)")
    out_of_quota_form = models.CharField(max_length=20, choices=QUOTA_FORMS, blank=True)
    out_of_quota_rate = rate_field("out-of-quota rate (%)")
    quota_volume = models.DecimalField(
        max_digits=18, decimal_places=3, null=True, blank=True, validators=NON_NEGATIVE
    )
    quota_unit = models.CharField(max_length=40, blank=True, help_text="e.g. tonnes.")
    quota_period = models.CharField(max_length=60, blank=True, help_text="e.g. calendar year.")
    quota_filled_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the quota filled: from then to the period's end the out-of-quota "
        "rate applies.",
    )
    chapter99_heading = models.CharField(
        "chapter 99 heading", max_length=12, blank=True, help_text="e.g. 9903.02.73."
    )
    note = models.TextField(blank=True)
    history = History()

    class Meta:
        ordering = ["measure_id", "effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "effective_on", "status"],
                condition=Q(published_on__isnull=True),
                name="measure_change_unique",
                violation_error_message=(
                    "This measure already has a change with this status on this date."
                ),
            ),
            models.UniqueConstraint(
                fields=["measure", "effective_on", "status", "published_on"],
                condition=Q(published_on__isnull=False),
                name="measure_change_published_unique",
                violation_error_message=(
                    "This measure already has a change with this status on this date, "
                    "published on the same day."
                ),
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | ~Q(status=Status.ANNOUNCED)
                | Q(published_on__lte=F("effective_on")),
                name="measure_change_announced_before",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
                    name=f"measure_change_{field}_not_negative",
                )
                for field in NUMBERS
            ),
        ]
        indexes = [models.Index(fields=["effective_on", "status"])]

    def __str__(self):
        return f"{self.get_status_display()} on {self.effective_on}"

    @property
    def retroactive(self):
        return self.published_on is not None and self.published_on > self.effective_on

    def clean(self):
        errors = {}
        if self.specific_rate is not None and not self.specific_unit:
            errors["specific_unit"] = "A specific amount needs its unit, e.g. kg."
        if self.form == Form.TOTAL and self.specific_rate is not None:
            errors["specific_rate"] = "A total inclusive of the base rate is a percentage."
        if self.form == Form.BASE_ONLY and (
            self.ad_valorem_rate is not None or self.specific_rate is not None
        ):
            errors["form"] = "'Base rate only' takes no rate of its own."
        if self.form == Form.QUOTA and not (self.in_quota_form and self.out_of_quota_form):
            errors["form"] = "A tariff-rate quota needs an in-quota and an out-of-quota form."
        if self.quota_volume is not None and not self.quota_unit:
            errors["quota_unit"] = "A quota volume needs its unit, e.g. tonnes."
        if (
            self.status == Status.ANNOUNCED
            and self.published_on
            and self.effective_on
            and self.published_on > self.effective_on
        ):
            errors["published_on"] = "An announcement comes before the day it names."
        if errors:
            raise ValidationError(errors)

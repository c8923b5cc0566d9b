"""What the talks produced: agreements, the commitments in them and how each commitment fared.

A commitment's status on a date is that of its latest status change on or before the date;
changes of one day follow the workflow (announced, in progress, implemented, reversed).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When

from commodities.models import Commodity
from core.history import History
from core.models import Economy, Sourced
from core.paths import detail_path
from tariffs.expressions.units import lookup_unit
from tariffs.models import Measure

from .talks import Negotiation, Round

USD = "USD"


class Agreement(Sourced):
    """An agreement that came out of a negotiation, or an act that implements one."""

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", "Framework announced"
        JOINT_STATEMENT = "joint_statement", "Joint statement"
        IMPLEMENTING_ORDER = "implementing_order", "Implementing order"
        TRADE_AGREEMENT = "trade_agreement", "Trade agreement"
        OTHER = "other", "Other"

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="agreements"
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        help_text="The round it came out of.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    announced_on = models.DateField()
    signed_on = models.DateField(null=True, blank=True)
    in_force_on = models.DateField(null=True, blank=True)
    parties = models.ManyToManyField(
        Economy,
        related_name="agreements",
        help_text="Economies bound by it; each must be a party of the negotiation.",
    )
    summary = models.TextField(blank=True)
    measures = models.ManyToManyField(
        Measure,
        blank=True,
        related_name="agreements",
        help_text="The tariff measures that implement it.",
    )
    history = History(m2m_fields=[parties, measures])

    class Meta:
        ordering = ["announced_on", "pk"]
        indexes = [models.Index(fields=["announced_on"]), models.Index(fields=["kind"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_path("negotiations:agreement", self.pk)

    def take_negotiation_from_round(self):
        """An agreement entered under a round belongs to the round's negotiation."""
        if self.round is not None and not self.negotiation_id:
            self.negotiation_id = self.round.negotiation_id

    def clean(self):
        self.take_negotiation_from_round()
        if (
            self.round_id
            and self.negotiation_id
            and self.round.negotiation_id != self.negotiation_id
        ):
            raise ValidationError({"round": "This round belongs to another negotiation."})

    def save(self, *args, **kwargs):
        # A new round's inline agreements get their round only as they are saved.
        self.take_negotiation_from_round()
        super().save(*args, **kwargs)


def party_errors(parties, allowed, what):
    """The message for the economies of `parties` not among `allowed`, or None."""
    allowed_ids = {economy.pk for economy in allowed}
    outside = sorted(economy.iso3 for economy in parties if economy.pk not in allowed_ids)
    if outside:
        return f"{', '.join(outside)} {'is' if len(outside) == 1 else 'are'} not a party of {what}."
    return None


class CommitmentStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    REVERSED = "reversed", "Reversed"


# Changes of one day are read in workflow order: the later step is the status of the day.
STATUS_RANK = {status: rank for rank, status in enumerate(CommitmentStatus.values)}


def status_rank():
    """The workflow rank of a status change, as an SQL expression (see `STATUS_RANK`)."""
    return Case(
        *(When(status=status, then=Value(rank)) for status, rank in STATUS_RANK.items()),
        output_field=IntegerField(),
    )


class CommitmentQuerySet(models.QuerySet):
    def with_status_on(self, date):
        """Each commitment with `status_as_of`: its status on `date` (None before any)."""
        latest = (
            CommitmentStatusChange.objects.filter(commitment=OuterRef("pk"), changed_on__lte=date)
            .order_by("-changed_on", status_rank().desc(), "-pk")
            .values("status")[:1]
        )
        return self.annotate(status_as_of=Subquery(latest))


class Commitment(Sourced):
    """What one party of an agreement undertakes: to change a tariff, buy, invest...

    Where the commitment can be followed in trade flows, `trade_reporter` imports from
    `trade_partner`, within its products, measured in `trade_unit` ("USD" for values, or a
    quantity unit such as "kg" or "t").
    """

    class Kind(models.TextChoices):
        TARIFF_CHANGE = "tariff_change", "Tariff change"
        PURCHASE = "purchase", "Purchase"
        INVESTMENT = "investment", "Investment"
        QUOTA = "quota", "Quota"
        NON_TARIFF = "non_tariff", "Non-tariff step"
        OTHER = "other", "Other"

    Status = CommitmentStatus

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    giver = models.ForeignKey(
        Economy,
        on_delete=models.PROTECT,
        related_name="commitments_given",
        help_text="The party that acts; it must be a party of the agreement.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField()
    amount = models.DecimalField(
        max_digits=18,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(
        max_length=40, blank=True, help_text='e.g. "USD bn", "tonnes", "aircraft", "%".'
    )
    period = models.CharField(max_length=80, blank=True, help_text='e.g. "per year", "by 2029".')
    start_on = models.DateField(null=True, blank=True)
    end_on = models.DateField(null=True, blank=True)
    products = models.ManyToManyField(
        Commodity,
        blank=True,
        related_name="commitments",
        help_text="The HS codes it is about; each covers the codes that start with it.",
    )
    measures = models.ManyToManyField(
        Measure,
        blank=True,
        related_name="commitments",
        help_text="The tariff measures that implement it.",
    )
    trade_reporter = models.ForeignKey(
        Economy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The importer whose trade data measure it; blank when not measurable.",
    )
    trade_partner = models.ForeignKey(
        Economy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The exporter in those trade data.",
    )
    trade_unit = models.CharField(
        max_length=20,
        blank=True,
        help_text='"USD" for trade values, or a quantity unit such as "kg" or "t".',
    )
    history = History(m2m_fields=[products, measures])

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="commitment_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(unit=""),
                name="commitment_amount_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True)
                | Q(end_on__isnull=True)
                | Q(end_on__gte=F("start_on")),
                name="commitment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(trade_reporter__isnull=True, trade_partner__isnull=True, trade_unit="")
                | (
                    Q(trade_reporter__isnull=False, trade_partner__isnull=False)
                    & ~Q(trade_unit="")
                    & ~Q(trade_reporter=F("trade_partner"))
                ),
                name="commitment_trade_measure_whole",
            ),
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        text = self.description if len(self.description) <= 80 else f"{self.description[:79]}…"
        return f"{self.giver}: {text}"

    def get_absolute_url(self):
        return f"{self.agreement.get_absolute_url()}#commitment-{self.pk}"

    def clean(self):
        errors = {}
        if self.amount is not None and not self.unit.strip():
            errors["unit"] = "An amount needs its unit, e.g. USD bn, tonnes or %."
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = "A commitment cannot end before it starts."
        errors.update(self.trade_measure_errors())
        if errors:
            raise ValidationError(errors)

    def trade_measure_errors(self):
        parts = (self.trade_reporter_id, self.trade_partner_id, self.trade_unit)
        if not any(parts):
            return {}
        if not all(parts):
            message = "Give the trade reporter, partner and unit together, or none of them."
            return {
                name: message
                for name, value in zip(
                    ("trade_reporter", "trade_partner", "trade_unit"), parts, strict=True
                )
                if not value
            }
        if self.trade_reporter_id == self.trade_partner_id:
            return {"trade_partner": "An economy does not trade with itself."}
        if self.trade_unit != USD and lookup_unit(self.trade_unit) is None:
            return {"trade_unit": 'Use "USD" or a quantity unit such as kg or t.'}
        return {}

    @property
    def is_measurable(self):
        """Whether trade flows can show it: an importer, an exporter and a unit are given."""
        return bool(self.trade_reporter_id and self.trade_partner_id and self.trade_unit)

    def steps(self):
        """The status changes, oldest first (those of one day in workflow order)."""
        return sorted(self.status_changes.all(), key=CommitmentStatusChange.sort_key)

    def change_on(self, date=None):
        """The status change in effect on `date` (today when None): the latest on or before
        it, read from the (prefetched) status changes; None before the first."""
        date = date or dt.date.today()
        changes = [change for change in self.status_changes.all() if change.changed_on <= date]
        return max(changes, key=CommitmentStatusChange.sort_key, default=None)

    def status_on(self, date=None):
        """The status on `date` (today when None); None before the first change."""
        change = self.change_on(date)
        return change.status if change else None


class CommitmentStatusChange(Sourced):
    """A dated, sourced step of a commitment: announced, in progress, implemented, reversed."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="status_changes"
    )
    changed_on = models.DateField()
    status = models.CharField(max_length=20, choices=CommitmentStatus.choices)
    note = models.TextField(blank=True)
    history = History()

    class Meta:
        ordering = ["commitment_id", "changed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "changed_on", "status"], name="commitment_change_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} on {self.changed_on}"

    @staticmethod
    def sort_key(change):
        return (change.changed_on, STATUS_RANK.get(change.status, -1), change.pk or 0)

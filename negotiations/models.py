from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commodities.models import Commodity, RefreshRun
from core.models import Economy, Sourced


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    office = models.CharField(
        max_length=300,
        blank=True,
        help_text="Office or title, e.g. Minister for Economic Revitalization.",
    )
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="people")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("negotiations:person", args=[self.slug])


class Negotiation(Sourced):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CONCLUDED = "concluded", "Concluded"
        SUSPENDED = "suspended", "Suspended"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    parties = models.ManyToManyField(Economy, related_name="negotiations")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    refresh_runs = models.ManyToManyField(
        RefreshRun,
        blank=True,
        related_name="negotiations",
        editable=False,
        help_text="The trade-data refresh runs this negotiation's refresh planned.",
    )
    history = HistoricalRecords(m2m_fields=[parties])

    class Meta:
        ordering = ["-started_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="negotiation_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("negotiations:negotiation", args=[self.slug])

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "Cannot end before it started."})

    def last_refreshed(self, source=None):
        """When the latest successful refresh run of this negotiation's trade finished."""
        return self.refresh_runs.last_refreshed(source=source)


class Round(Sourced):
    """A round of talks or a meeting within a negotiation."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Virtual"
        HYBRID = "hybrid", "Hybrid"

    class Status(models.TextChoices):
        EXPECTED = "expected", "Expected"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="rounds")
    sequence = models.PositiveSmallIntegerField(
        help_text="1 for the first round, 2 for the next..."
    )
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.HELD)
    start_date = models.DateField()
    end_date = models.DateField()
    city = models.CharField(max_length=120, blank=True)
    country = models.ForeignKey(
        Economy, on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_rounds"
    )
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    summary = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "sequence"], name="round_unique_sequence"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="round_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["start_date"])]

    def __str__(self):
        return f"{self.negotiation}: {self.title}"

    def get_absolute_url(self):
        return reverse("negotiations:round", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A round cannot end before it starts."})

    @property
    def place(self):
        return ", ".join(part for part in (self.city, str(self.country or "")) if part)


class Delegation(models.Model):
    """One economy's team at a round: its head and members."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="delegations")
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="delegations")
    head = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="delegations_led"
    )
    members = models.ManyToManyField(Person, blank=True, related_name="delegations")
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["round", "economy__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "economy"], name="delegation_one_per_economy"),
        ]

    def __str__(self):
        return f"{self.economy} delegation, {self.round.title}"


class Encounter(Sourced):
    """Who met whom within a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="encounters")
    date = models.DateField(null=True, blank=True)
    participants = models.ManyToManyField(Person, related_name="encounters")
    description = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["round", "date", "pk"]

    def __str__(self):
        return f"Encounter at {self.round.title}"


class Statement(Sourced):
    """Something a person said, in the context of a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="statements")
    speaker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="statements")
    said_on = models.DateField()
    quote = models.TextField()
    context = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "said_on", "pk"]

    def __str__(self):
        return f"{self.speaker}: “{self.quote[:60]}”"


class Concession(Sourced):
    """What one economy offers, or is asked, to give another in a negotiation.

    The giver is the economy that would act (cut a tariff, buy more, open its market); a request
    is recorded with the asking side as receiver. Its status moves through dated, sourced changes.
    """

    class Kind(models.TextChoices):
        PURCHASE = "purchase", "Increase imports / purchase commitment"
        TARIFF_CUT = "tariff_cut", "Tariff cut"
        QUOTA_EXPANSION = "quota_expansion", "Quota expansion"
        MARKET_ACCESS = "market_access", "Market-access request"
        NON_TARIFF = "non_tariff", "Non-tariff"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        UNDER_CONSIDERATION = "under_consideration", "Under consideration"
        OFFERED = "offered", "Offered"
        AGREED = "agreed", "Agreed"
        IMPLEMENTED = "implemented", "Implemented"
        WITHDRAWN = "withdrawn", "Withdrawn"

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="concessions"
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concessions",
        help_text="The round where it came up.",
    )
    giver = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="concessions_given")
    receiver = models.ForeignKey(
        Economy, on_delete=models.PROTECT, related_name="concessions_received"
    )
    commodity = models.ForeignKey(
        Commodity, on_delete=models.PROTECT, null=True, blank=True, related_name="concessions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    amount = models.DecimalField(max_digits=18, decimal_places=3, null=True, blank=True)
    amount_unit = models.CharField(max_length=40, blank=True, help_text="e.g. USD, tonnes, %.")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.REQUESTED,
        editable=False,
        help_text="The status of the latest change; kept by the changes themselves.",
    )
    history = HistoricalRecords()

    class Meta:
        # Columns, not relations: ordering by a relation would join and sort by its ordering.
        ordering = ["negotiation_id", "giver_id", "commodity_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(giver=models.F("receiver")), name="concession_between_two_economies"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="concession_amount_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["kind"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.negotiation.get_absolute_url()}#concession-{self.pk}"

    def clean(self):
        errors = {}
        if self.giver_id and self.giver_id == self.receiver_id:
            errors["receiver"] = "Giver and receiver must differ."
        if self.round_id and not self.negotiation_id:
            self.negotiation_id = self.round.negotiation_id
        if self.round_id and self.round.negotiation_id != self.negotiation_id:
            errors["round"] = "This round belongs to another negotiation."
        if errors:
            raise ValidationError(errors)

    def refresh_status(self):
        latest = self.status_changes.order_by("-changed_on", "-pk").first()
        status = latest.status if latest else self.Status.REQUESTED
        if status != self.status:
            self.status = status
            self.save(update_fields=["status"])


class ConcessionStatusChange(Sourced):
    """A dated, sourced step in a concession's life: requested, offered, agreed..."""

    concession = models.ForeignKey(
        Concession, on_delete=models.CASCADE, related_name="status_changes"
    )
    changed_on = models.DateField()
    status = models.CharField(max_length=20, choices=Concession.Status.choices)
    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="concession_changes"
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["concession_id", "changed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["concession", "changed_on", "status"], name="concession_change_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} on {self.changed_on}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.concession.refresh_status()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.concession.refresh_status()
        return result

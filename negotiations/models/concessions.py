"""What one side offers or is asked to give, with its dated status changes."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q

from commodities.models import Commodity
from core.history import History
from core.models import Economy, Sourced

from .talks import Negotiation, Round


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
    history = History()

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
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["kind"]),
            # A page of the list in its order is read from the index, not sorted from all rows.
            models.Index(
                fields=["negotiation", "giver", "commodity", "id"], name="concession_order_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.address_on(self.negotiation.get_absolute_url())

    def address_on(self, negotiation_address):
        """Where it is shown: at its own anchor on its negotiation's page, whose address the
        caller has (a list of a negotiation's concessions reads it once)."""
        return f"{negotiation_address}#concession-{self.pk}"

    def take_negotiation_from_round(self):
        """A concession entered under a round belongs to the round's negotiation."""
        if self.round_id and not self.negotiation_id:
            self.negotiation_id = self.round.negotiation_id

    def clean(self):
        errors = {}
        if self.giver_id and self.giver_id == self.receiver_id:
            errors["receiver"] = "Giver and receiver must differ."
        self.take_negotiation_from_round()
        if self.round_id and self.round.negotiation_id != self.negotiation_id:
            errors["round"] = "This round belongs to another negotiation."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # A new round's inline concessions get their round only as they are saved.
        self.take_negotiation_from_round()
        super().save(*args, **kwargs)

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
    history = History()

    class Meta:
        ordering = ["concession_id", "changed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["concession", "changed_on", "status"], name="concession_change_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} on {self.changed_on}"

    def clean(self):
        if (
            self.round_id
            and self.concession_id is not None
            and self.round.negotiation_id != self.concession.negotiation_id
        ):
            raise ValidationError({"round": "This round belongs to another negotiation."})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.concession.refresh_status()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.concession.refresh_status()
        return result

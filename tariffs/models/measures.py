from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commodities import hs
from commodities.models import Commodity
from core.models import Economy, Sourced

from ..state import APPLIED_STATUSES, Status, state_from_changes

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class LegalBasis(models.TextChoices):
    SECTION_232 = "section_232", "Section 232 (national security)"
    SECTION_301 = "section_301", "Section 301 (unfair trade practices)"
    SECTION_201 = "section_201", "Section 201 (safeguard)"
    IEEPA = "ieepa", "IEEPA (emergency economic powers)"
    ANTIDUMPING = "antidumping", "Anti-dumping / countervailing"
    MFN = "mfn", "MFN schedule"
    OTHER = "other", "Other"


class MeasureQuerySet(models.QuerySet):
    def covering(self, code):
        """Measures whose scope includes the HS code (by prefix) and does not exclude it."""
        codes = hs.prefixes(code)
        included = ScopeLine.objects.filter(
            measure=OuterRef("pk"), excluded=False, commodity_id__in=codes
        )
        excluded = ScopeLine.objects.filter(
            measure=OuterRef("pk"), excluded=True, commodity_id__in=codes
        )
        return self.filter(Q(covers_all_products=True) | Exists(included)).filter(~Exists(excluded))

    def targeting(self, economy):
        """Measures that reach goods from `economy`: universal, aimed at it, or at its union."""
        return self.filter(self._reaching(Economy.objects.reach([economy])))

    def _reaching(self, reached):
        # Looked up by economy, so that the targets' economy index does the work.
        aimed = Measure.targets.through.objects.filter(economy__in=reached).values("measure")
        return Q(applies_to_all_economies=True) | Q(pk__in=aimed)

    def in_play(self, parties):
        """Measures in play between `parties`: one party (or a union it belongs to) imposes
        them on goods from another party (or a union it belongs to), or from everyone.

        The negotiation pages, their timelines and their trade refresh plans all ask this.
        """
        parties = list(parties)
        condition = Q(pk__in=[])
        for issuer in parties:
            others = [economy for economy in parties if economy.pk != issuer.pk]
            if not others:
                continue
            condition |= Q(issuer__in=Economy.objects.reach([issuer])) & self._reaching(
                Economy.objects.reach(others)
            )
        return self.filter(condition)

    def applied_on(self, date):
        """Measures collected at the border on `date` (in force, or in force as modified)."""
        return self.with_status_on(date).filter(status_on_date__in=APPLIED_STATUSES)

    def with_status_on(self, date):
        """Annotate `status_on_date`: the status of the latest change on or before `date`."""
        latest = MeasureChange.objects.filter(
            measure=OuterRef("pk"), effective_on__lte=date
        ).order_by("-effective_on", "-pk")
        return self.annotate(status_on_date=Subquery(latest.values("status")[:1]))


class Measure(Sourced):
    """A tariff one economy imposes on goods from others, with its HS scope and dated history."""

    class Type(models.TextChoices):
        AD_VALOREM = "ad_valorem", "Additional ad valorem duty"
        SPECIFIC = "specific", "Specific duty"
        TARIFF_RATE_QUOTA = "trq", "Tariff-rate quota"

    title = models.CharField(max_length=300)
    issuer = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="measures_imposed")
    targets = models.ManyToManyField(
        Economy,
        blank=True,
        related_name="measures_targeting",
        help_text="Leave empty and tick 'applies to all economies' for a universal rate.",
    )
    applies_to_all_economies = models.BooleanField(
        default=False, help_text="A universal rate: every exporter is a target."
    )
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices)
    legal_citation = models.CharField(
        max_length=300, blank=True, help_text="e.g. Proclamation 10908; Executive Order 14257."
    )
    measure_type = models.CharField(max_length=20, choices=Type.choices, default=Type.AD_VALOREM)
    covers_all_products = models.BooleanField(
        default=False, help_text="Every HS code is in scope, less the excluded lines."
    )
    specific_unit = models.CharField(
        max_length=40, blank=True, help_text="For a specific duty: the unit, e.g. USD/kg."
    )
    quota_unit = models.CharField(max_length=40, blank=True, help_text="For a quota: e.g. tonnes.")
    stacks = models.BooleanField(
        default=True,
        help_text="Adds to other measures. A non-stacking measure competes with the other "
        "non-stacking ones: only the highest of them applies.",
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[targets])

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(measure_type="specific") | ~Q(specific_unit=""),
                name="measure_specific_duty_has_unit",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.measure_type == self.Type.SPECIFIC and not self.specific_unit:
            raise ValidationError({"specific_unit": "A specific duty needs its unit, e.g. USD/kg."})

    def targets_economy(self, economy):
        return self.applies_to_all_economies or economy in self.targets.all()

    def get_absolute_url(self):
        return reverse("tariffs:measure", args=[self.pk])

    def state_on(self, date=None):
        """The measure as it stood on `date` (today when None), derived from its history;
        None before it existed. Pages, tables, the API and the services all read it here.
        """
        date = date or Date.today()
        if "changes" not in getattr(self, "_prefetched_objects_cache", {}):
            return state_from_changes(self.changes.all(), date)
        # With the history prefetched, status and rate read the same fold.
        states = self.__dict__.setdefault("_states", {})
        if date not in states:
            states[date] = state_from_changes(self.changes.all(), date)
        return states[date]


class ScopeLine(models.Model):
    """An HS code in (or excluded from) a measure's scope; it covers every code below it."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="scope_lines")
    commodity = models.ForeignKey(Commodity, on_delete=models.PROTECT, related_name="scope_lines")
    excluded = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        # Columns, not relations: ordering by a relation would join and sort by its ordering.
        ordering = ["measure_id", "excluded", "commodity_id"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "commodity"], name="scope_line_unique"),
        ]

    def __str__(self):
        return f"{'excluding ' if self.excluded else ''}{self.commodity_id}"


class MeasureChange(Sourced):
    """A dated step in a measure's life. Rates left empty carry over from the step before."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="changes")
    effective_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    ad_valorem_rate = models.DecimalField(
        "rate (%)", max_digits=7, decimal_places=3, null=True, blank=True, validators=NON_NEGATIVE
    )
    specific_rate = models.DecimalField(
        max_digits=12, decimal_places=4, null=True, blank=True, validators=NON_NEGATIVE
    )
    in_quota_rate = models.DecimalField(
        "in-quota rate (%)",
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    out_of_quota_rate = models.DecimalField(
        "out-of-quota rate (%)",
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    quota_volume = models.DecimalField(
        max_digits=18, decimal_places=3, null=True, blank=True, validators=NON_NEGATIVE
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure_id", "effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "effective_on", "status"], name="measure_change_unique"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
                    name=f"measure_change_{field}_not_negative",
                )
                for field in (
                    "ad_valorem_rate",
                    "specific_rate",
                    "in_quota_rate",
                    "out_of_quota_rate",
                    "quota_volume",
                )
            ),
        ]
        indexes = [models.Index(fields=["effective_on", "status"])]

    def __str__(self):
        return f"{self.get_status_display()} on {self.effective_on}"

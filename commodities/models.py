from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length

from core.models import Economy
from core.paths import detail_path

from . import hs

hs_code_validator = RegexValidator(hs.HS_CODE_PATTERN, "An HS code has 2, 4, 6, 8 or 10 digits.")


class CommodityQuerySet(models.QuerySet):
    def covering(self, code):
        """The commodity with this code and all its ancestors."""
        return self.filter(code__in=hs.prefixes(code))

    def within(self, code):
        """This commodity and everything below it in the nomenclature."""
        return self.filter(code__startswith=code)


class Commodity(models.Model):
    """A node of the HS nomenclature.

    Chapter (2 digits), heading (4), subheading (6), national tariff line (8 or 10).
    """

    class Level(models.IntegerChoices):
        CHAPTER = 2, "Chapter"
        HEADING = 4, "Heading"
        SUBHEADING = 6, "Subheading"
        NATIONAL_8 = 8, "National line (8 digits)"
        NATIONAL_10 = 10, "National line (10 digits)"

    code = models.CharField(max_length=10, primary_key=True, validators=[hs_code_validator])
    description = models.TextField()
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices, editable=False)
    section = models.CharField(max_length=5, blank=True, help_text="HS section, e.g. XVII.")

    objects = CommodityQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "commodities"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=hs.HS_CODE_PATTERN), name="commodity_code_format"
            ),
            models.CheckConstraint(
                condition=Q(level=Length("code")), name="commodity_level_is_length"
            ),
            models.CheckConstraint(
                condition=Q(level=2, parent__isnull=True) | Q(level__gt=2, parent__isnull=False),
                name="commodity_parent_above_chapter",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "code"]),
        ]

    def __str__(self):
        return f"{self.code} {self.description}"

    def save(self, *args, **kwargs):
        self.level = len(self.code)
        super().save(*args, **kwargs)
        self._code_in_db = self.code

    def get_absolute_url(self):
        return detail_path("commodities:commodity", self.code)

    @classmethod
    def from_db(cls, db, field_names, values):
        commodity = super().from_db(db, field_names, values)
        # The code is the key: kept to tell an edit from a rename.
        commodity._code_in_db = commodity.code
        return commodity

    def clean(self):
        errors = {}
        saved_code = getattr(self, "_code_in_db", None)
        if saved_code is not None and self.code != saved_code:
            errors["code"] = "An HS code cannot be renamed."
        elif hs.is_hs_code(self.code):
            expected = hs.parent_code(self.code)
            if self.parent_id != expected:
                errors["parent"] = (
                    f"The parent of {self.code} is {expected or 'none (it is a chapter)'}."
                )
        if errors:
            raise ValidationError(errors)

    def covers(self, product_code):
        return hs.covers(self.code, product_code)


class TradeFlow(models.Model):
    """Trade between two economies in one commodity over a year or a month, as a source has it."""

    ANNUAL = 0

    class Direction(models.TextChoices):
        IMPORT = "M", "Import"
        EXPORT = "X", "Export"

    class Source(models.TextChoices):
        COMTRADE = "comtrade", "UN Comtrade"
        CENSUS = "census", "US Census Bureau"
        FILE = "file", "File"
        ILLUSTRATIVE = "illustrative", "Illustrative (not sourced)"

    source = models.CharField(max_length=20, choices=Source.choices)
    reporter = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="reported_flows")
    partner = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="partner_flows")
    commodity = models.ForeignKey(Commodity, on_delete=models.PROTECT, related_name="trade_flows")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        default=ANNUAL,
        validators=[MaxValueValidator(12)],
        help_text="1-12 for a monthly figure; 0 for the whole year.",
    )
    flow = models.CharField(max_length=1, choices=Direction.choices)
    value_usd = models.DecimalField("value (USD)", max_digits=18, decimal_places=2)
    quantity = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    quantity_unit = models.CharField(max_length=20, blank=True)
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "-month", "reporter", "partner", "commodity"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reporter", "partner", "commodity", "year", "month", "flow"],
                name="tradeflow_unique_series_point",
            ),
            models.CheckConstraint(
                condition=Q(value_usd__gte=0), name="tradeflow_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0),
                name="tradeflow_quantity_not_negative",
            ),
            models.CheckConstraint(condition=Q(month__lte=12), name="tradeflow_month_range"),
            models.CheckConstraint(
                condition=Q(year__gte=1950, year__lte=2100), name="tradeflow_year_range"
            ),
            models.CheckConstraint(condition=Q(flow__in=["M", "X"]), name="tradeflow_flow_kind"),
            models.CheckConstraint(
                condition=~Q(reporter=models.F("partner")), name="tradeflow_partner_not_reporter"
            ),
        ]
        indexes = [
            models.Index(fields=["reporter", "partner", "flow", "year"]),
            models.Index(fields=["commodity", "year"]),
            # Coverage reads one reporter's imports of one year.
            models.Index(
                fields=["reporter", "flow", "year", "month"], name="tradeflow_reporter_period_idx"
            ),
        ]

    def __str__(self):
        period = f"{self.year}-{self.month:02d}" if self.month else str(self.year)
        direction = "imports from" if self.flow == self.Direction.IMPORT else "exports to"
        partner = self.partner.iso3
        return f"{self.reporter.iso3} {direction} {partner}, {self.commodity_id}, {period}"

    def clean(self):
        if self.reporter_id and self.reporter_id == self.partner_id:
            raise ValidationError({"partner": "An economy does not trade with itself."})

    @property
    def is_annual(self):
        return self.month == self.ANNUAL


class RefreshRunQuerySet(models.QuerySet):
    def succeeded(self):
        return self.filter(status=RefreshRun.Status.SUCCEEDED)

    def last_refreshed(self, source=None):
        """When the latest successful run (of `source`) among these finished; or None."""
        runs = self.succeeded()
        if source is not None:
            runs = runs.filter(source=source)
        return runs.aggregate(latest=models.Max("finished_at"))["latest"]


class RefreshRun(models.Model):
    """One run of a connector against one series: what it asked for, when, and how it ended.

    Runs are written by the workers only. A run still `running` whose worker died is marked
    failed by the next run of the same series, which holds the series lock and so knows it.
    """

    class Source(models.TextChoices):
        COMTRADE = "comtrade", "UN Comtrade"
        CENSUS = "census", "US Census Bureau"
        FEDERAL_REGISTER = "federal_register", "Federal Register"
        FILE = "file", "File"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=20, choices=Source.choices)
    series = models.CharField(
        max_length=200,
        help_text="What the run refreshes, e.g. comtrade:USA:JPN; two runs of one series "
        "never overlap.",
    )
    parameters = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_inserted = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = RefreshRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="running", finished_at__isnull=True)
                | (~Q(status="running") & Q(finished_at__isnull=False)),
                name="refreshrun_finished_unless_running",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=models.F("started_at")),
                name="refreshrun_finishes_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="refreshrun_failure_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["source", "status", "finished_at"]),
            models.Index(fields=["series", "status"]),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.series} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None

"""The national tariff schedule: revisions of an importer's schedule, their lines and base
(MFN) rates, and the chapter 99 headings that measures cite."""

from django.db import models
from django.db.models import Q

from commodities.models import Commodity
from core.models import Economy


class ScheduleRevisionQuerySet(models.QuerySet):
    def in_effect_on(self, importer, date):
        """The importer's revision in effect on `date`: the newest one in effect by then."""
        return self.newest_first(importer, date).first()

    def newest_first(self, importer, date):
        """The importer's revisions in effect by `date`, the one in effect on it first."""
        return self.filter(importer=importer, effective_from__lte=date).order_by(
            "-effective_from", "-pk"
        )


class ScheduleRevision(models.Model):
    """One published revision of an importer's national tariff schedule."""

    importer = models.ForeignKey(
        Economy, on_delete=models.PROTECT, related_name="schedule_revisions"
    )
    name = models.CharField(max_length=100, help_text='e.g. "2025 Revision 23".')
    effective_from = models.DateField(help_text="The first day its rates apply at the border.")
    source = models.CharField(
        max_length=500, blank=True, help_text="The file name or URL it was imported from."
    )
    checksum = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the imported rows, to tell a re-run."
    )
    line_count = models.PositiveIntegerField(default=0)
    heading_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now=True)

    objects = ScheduleRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["importer_id", "-effective_from", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["importer", "name"], name="schedule_revision_unique"),
        ]
        indexes = [models.Index(fields=["importer", "effective_from"])]

    def __str__(self):
        return f"{self.name} ({self.importer.iso3}, from {self.effective_from:%Y-%m-%d})"


class NationalLine(models.Model):
    """A line of a revision: an 8-digit rate line or a 10-digit statistical line.

    A statistical line takes the rates of the 8-digit line above it (`rate_line` names it);
    the odd 10-digit line that carries a rate itself names itself.
    """

    revision = models.ForeignKey(ScheduleRevision, on_delete=models.CASCADE, related_name="lines")
    code = models.CharField(max_length=10, help_text="Digits only: 8 or 10.")
    hs6 = models.ForeignKey(
        Commodity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_lines",
        help_text="Empty when the subheading is not in the nomenclature.",
    )
    indent = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    description_path = models.JSONField(
        default=list, blank=True, help_text="Descriptions of the rows above, outermost first."
    )
    units = models.JSONField(default=list, blank=True)
    general = models.CharField("column 1 General", max_length=500, blank=True)
    special = models.TextField("column 1 Special", blank=True)
    special_programs = models.JSONField(default=list, blank=True)
    other = models.CharField("column 2", max_length=500, blank=True)
    rate_line = models.CharField(
        max_length=10, help_text="The line whose rates it takes (itself when it sets them)."
    )
    footnotes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["revision_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "code"], name="national_line_unique"),
            models.CheckConstraint(
                condition=Q(code__regex=r"^([0-9]{8}|[0-9]{10})$"), name="national_line_code"
            ),
        ]
        # Lines are found by code range within a revision ("870323" <= code < "870324"),
        # which the unique constraint's index serves.

    def __str__(self):
        return f"{self.dotted_code} {self.description}"

    @property
    def dotted_code(self):
        return dotted(self.code)

    @property
    def sets_rate(self):
        return self.rate_line == self.code


class Chapter99Heading(models.Model):
    """A heading of chapter 99 (temporary legislation, the 2025 tariff actions), as published
    in a revision: the reference list that measures cite."""

    revision = models.ForeignKey(
        ScheduleRevision, on_delete=models.CASCADE, related_name="chapter99_headings"
    )
    number = models.CharField(max_length=12, help_text="e.g. 9903.02.73.")
    description = models.TextField()
    general = models.CharField("rate text", max_length=500, blank=True)

    class Meta:
        ordering = ["revision_id", "number"]
        verbose_name = "chapter 99 heading"
        constraints = [
            models.UniqueConstraint(fields=["revision", "number"], name="chapter99_heading_unique"),
        ]
        indexes = [models.Index(fields=["number", "revision"])]

    def __str__(self):
        return f"{self.number} {self.description[:80]}"


def dotted(code):
    """87032301 -> 8703.23.01; 8703230110 -> 8703.23.01.10."""
    parts = [code[:4], code[4:6], code[6:8], code[8:10]]
    return ".".join(part for part in parts if part)

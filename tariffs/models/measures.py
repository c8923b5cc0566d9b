from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from commodities import hs
from commodities.models import Commodity
from core.history import History
from core.models import Economy, Sourced
from core.paths import detail_path

from ..state import APPLIED_STATUSES, Status, state_from_changes
from .dated import Dated, dates_in_order

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
    def covering(self, code, on=None):
        """Measures whose scope includes the HS code (by prefix) on `on` (today when None)
        and does not exclude it then."""
        lines = ScopeLine.objects.in_effect_on(on or Date.today()).filter(
            measure=OuterRef("pk"), commodity_id__in=hs.prefixes(code)
        )
        return self.filter(
            Q(covers_all_products=True) | Exists(lines.filter(excluded=False))
        ).filter(~Exists(lines.filter(excluded=True)))

    def touching(self, code):
        """Measures with any scope line, at any date, at or above the code, or covering all
        products: every measure that could cover it on some day."""
        return self.touching_any([code])

    def touching_any(self, codes):
        """Measures that could cover any of `codes` on some day (see `touching`)."""
        prefixes = sorted({prefix for code in codes for prefix in hs.prefixes(code)})
        lines = ScopeLine.objects.filter(measure=OuterRef("pk"), commodity_id__in=prefixes)
        return self.filter(Q(covers_all_products=True) | Exists(lines))

    def targeting(self, economy):
        """Measures that reach goods from `economy`: universal, aimed at it, or at its union."""
        return self.filter(self._reaching(Economy.objects.reach([economy])))

    def reaching_ids(self, reach):
        """Measures that reach goods from an economy whose own id and its unions' ids are
        `reach` (what `targeting` asks, with the unions already known)."""
        return self.filter(self._reaching(list(reach)))

    def _reaching(self, reached):
        # Looked up by economy, so that the targets' economy index does the work.
        aimed = Measure.targets.through.objects.filter(economy__in=reached).values("measure")
        return Q(applies_to_all_economies=True) | Q(pk__in=aimed)

    def in_play(self, parties):
        """Measures in play between `parties`: one party (or a union it belongs to) imposes
        them on goods from another party (or a union it belongs to), or from everyone.

        The negotiation pages, their timelines and their trade refresh plans all ask this. The
        parties' unions are read first (one query), so that the issuer and target indexes
        find the measures instead of a scan of all of them.
        """
        return self.filter(in_play_condition(play_pairs(parties)))

    def applied_on(self, date):
        """Measures collected at the border on `date` (in force, or in force as modified)."""
        return self.with_status_on(date).filter(status_on_date__in=APPLIED_STATUSES)

    def with_status_on(self, date):
        """Annotate `status_on_date`: the status of the latest change on or before `date`
        that is not an announcement made while the measure was already in being."""
        from .changes import MeasureChange

        latest = MeasureChange.objects.filter(
            measure=OuterRef("pk"), effective_on__lte=date
        ).order_by("-effective_on", "-pk")
        settled = latest.exclude(status=Status.ANNOUNCED)
        return self.annotate(
            status_on_date=Coalesce(
                Subquery(settled.values("status")[:1]), Subquery(latest.values("status")[:1])
            )
        )


def play_pairs(parties):
    """[(ids of a party and its unions, ids of the other parties and their unions)], a pair
    for each party that faces another: who can impose a measure in play, on whose goods (the
    unions from the economies kept for the data's version)."""
    parties = list(parties)
    reach = Economy.objects.reach_ids(parties)
    pairs = []
    for issuer in parties:
        others = set().union(*(reach[e.pk] for e in parties if e.pk != issuer.pk))
        if others:
            pairs.append((sorted(reach[issuer.pk]), sorted(others)))
    return pairs


def in_play_condition(pairs):
    """The measures `in_play` for `play_pairs`: issued by the first of a pair on goods from
    everyone or from the second. The ids go as array parameters (`__any`), so that the SQL is
    the same whatever the economies (`core.sql.Compiled` keeps it)."""
    condition = Q(pk__in=[])
    for issuers, others in pairs:
        aimed = Measure.targets.through.objects.filter(economy__any=others).values("measure")
        condition |= Q(issuer__any=issuers) & (Q(applies_to_all_economies=True) | Q(pk__in=aimed))
    return condition


class Measure(Sourced):
    """A tariff one economy imposes on goods from others, with its HS scope and dated history."""

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
    covers_all_products = models.BooleanField(
        default=False, help_text="Every HS code is in scope, less the excluded lines."
    )
    precedence = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Leave empty for a measure that adds to the others (the default). Measures "
        "with a precedence do not stack: of those that apply to a product, only the one with "
        "the lowest number applies (as Executive Order 14289 orders autos 1, aluminium 2, "
        "steel 3, then the Canada and Mexico duties 4).",
    )
    description = models.TextField(blank=True)
    history = History(m2m_fields=[targets])

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        # A page of the list in its order is read from the index, not sorted from all rows.
        indexes = [models.Index(fields=["title", "id"], name="measure_title_order_idx")]

    def __str__(self):
        return self.title

    ALL_ECONOMIES_WITH_TARGETS = (
        "A measure on all economies lists no targets: empty the list, or make it apply to the "
        "listed economies only."
    )

    @classmethod
    def check_targets(cls, applies_to_all_economies, targets):
        """A measure applies to all economies or to the economies it lists, never both. The
        targets are many-to-many, on no instance before it is saved: the admin's form and the
        API's serializer pass the values they are about to write."""
        if applies_to_all_economies and targets:
            raise ValidationError({"targets": cls.ALL_ECONOMIES_WITH_TARGETS})

    def target_codes(self):
        """The ISO codes of the economies it targets, in the economies' order: as read
        beforehand (`target_codes_read`, see `querysets.read_lists`) or from its targets."""
        if "target_codes_read" in self.__dict__:
            return self.target_codes_read
        return [economy.iso3 for economy in self.targets.all()]

    def targets_economy(self, economy):
        return self.applies_to_all_economies or economy in self.targets.all()

    def get_absolute_url(self):
        return detail_path("tariffs:measure", self.pk)

    def change_list(self):
        """The measure's history: as a list read beforehand (`measure_summaries` reads it with
        `to_attr`, which spares a queryset per measure), as prefetched, or from the database."""
        if "prefetched_changes" in self.__dict__:
            return self.prefetched_changes
        return self.changes.all()

    def has_changes_read(self):
        return "prefetched_changes" in self.__dict__ or "changes" in getattr(
            self, "_prefetched_objects_cache", {}
        )

    def state_on(self, date=None, known_on=None):
        """The measure as it stood on `date` (today when None), as the law read on
        `known_on` (as it reads now when None), derived from its history; None before it
        existed. Pages, tables, the API and the duty engine all read it here.
        """
        date = date or Date.today()
        if not self.has_changes_read():
            return self.state_from_history(self.changes.all(), date, known_on)
        # With the history read beforehand, status and rate read the same fold.
        states = self.__dict__.setdefault("_states", {})
        if (date, known_on) not in states:
            states[date, known_on] = self.state_from_history(self.change_list(), date, known_on)
        return states[date, known_on]

    @staticmethod
    def state_from_history(changes, date=None, known_on=None):
        """What `state_on` answers for a measure whose history is `changes`: its changes, or
        plain rows with the columns the fold reads (as a list reads them for a page)."""
        return state_from_changes(changes, date or Date.today(), known_on)

    def next_step(self, date=None, known_on=None):
        """The first change known by `date` that applies after it: announced for later."""
        from ..state import upcoming_changes

        later = upcoming_changes(self.change_list(), date or Date.today(), known_on)
        return later[0] if later else None


class ScopeLine(Dated):
    """An HS code in (or excluded from) a measure's scope; it covers every code below it."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="scope_lines")
    commodity = models.ForeignKey(Commodity, on_delete=models.PROTECT, related_name="scope_lines")
    excluded = models.BooleanField(
        default=False, help_text="An exemption: the code is left out of the measure's scope."
    )
    annex = models.CharField(
        max_length=100, blank=True, help_text='The list it belongs to, e.g. "Annex II".'
    )
    effective_from = models.DateField(
        null=True, blank=True, help_text="The day the line joins the list; empty: from the start."
    )
    effective_to = models.DateField(
        null=True, blank=True, help_text="The first day it no longer counts; empty: open."
    )
    history = History()

    class Meta:
        # Columns, not relations: ordering by a relation would join and sort by its ordering.
        ordering = ["measure_id", "excluded", "commodity_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "commodity"],
                condition=Q(effective_from__isnull=True),
                name="scope_line_unique",
                violation_error_message="This measure's scope already has a line for this code.",
            ),
            models.UniqueConstraint(
                fields=["measure", "commodity", "effective_from"],
                condition=Q(effective_from__isnull=False),
                name="scope_line_dated_unique",
                violation_error_message=(
                    "This measure's scope already has a line for this code from this date."
                ),
            ),
            dates_in_order("scope_line_dates_in_order"),
        ]

    def __str__(self):
        return f"{'excluding ' if self.excluded else ''}{self.commodity_id}"

"""People, negotiations and their rounds: who met whom and what was said."""

from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from commodities.models import RefreshRun
from core.history import History
from core.models import Economy, Sourced
from core.paths import detail_path
from core.slugs import SlugFromMixin


class Person(SlugFromMixin, models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="Left empty, it is made from the name (Akazawa Ryōsei: akazawa-ryosei).",
    )
    office = models.CharField(
        max_length=300,
        blank=True,
        help_text="Office or title, e.g. Minister for Economic Revitalization.",
    )
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="people")
    history = History()

    slug_source = "name"

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_path("negotiations:person", self.slug)

    def clean(self):
        self.fill_slug()


class Negotiation(SlugFromMixin, Sourced):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CONCLUDED = "concluded", "Concluded"
        SUSPENDED = "suspended", "Suspended"

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="Left empty, it is made from the title (“United Kingdom–United States trade "
        "talks”: united-kingdom-united-states-trade-talks).",
    )
    parties = models.ManyToManyField(Economy, related_name="negotiations")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    recorded_through = models.DateField(
        null=True,
        blank=True,
        help_text="The last day the record covers. Until someone records more, every "
        "“today”, “current” and “upcoming” about the negotiation is as of this day.",
    )
    refresh_runs = models.ManyToManyField(
        RefreshRun,
        blank=True,
        related_name="negotiations",
        editable=False,
        help_text="The trade-data refresh runs this negotiation's refresh planned.",
    )
    history = History(m2m_fields=[parties])

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
        return detail_path("negotiations:negotiation", self.slug)

    def clean(self):
        self.fill_slug()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "Cannot end before it started."})

    def as_of(self, today=None):
        """The day its "current" views answer for: today, or the day the record stops if
        that is earlier."""
        today = today or Date.today()
        if self.recorded_through and self.recorded_through < today:
            return self.recorded_through
        return today

    @property
    def is_recorded_through(self):
        """Whether its record stops before today (the pages then say "as recorded through")."""
        return self.stops_before()

    def stops_before(self, today=None):
        """Whether its record stops before `today` (or today): its `as_of` is then earlier."""
        return self.as_of(today) != (today or Date.today())

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
    history = History()

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
        return detail_path("negotiations:round", self.pk)

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
    history = History(m2m_fields=[members])

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
    history = History(m2m_fields=[participants])

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
    history = History()

    class Meta:
        ordering = ["round", "said_on", "pk"]

    def __str__(self):
        return f"{self.speaker}: “{self.quote[:60]}”"

    def get_absolute_url(self):
        """Where it is shown: on its round's page, at its own anchor."""
        return f"{detail_path('negotiations:round', self.round_id)}#statement-{self.pk}"

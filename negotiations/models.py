from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

ISO3_PATTERN = r"^[A-Z]{3}$"


class Economy(models.Model):
    """A negotiating party or a trade reporter: a country, a customs union or a group."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        CUSTOMS_UNION = "customs_union", "Customs union"
        GROUP = "group", "Group"

    name = models.CharField(max_length=120, unique=True)
    iso3 = models.CharField(
        "ISO 3166 alpha-3",
        max_length=3,
        unique=True,
        validators=[RegexValidator(ISO3_PATTERN, "Three capital letters, e.g. JPN.")],
    )
    comtrade_code = models.PositiveIntegerField(
        "UN Comtrade code", unique=True, null=True, blank=True, help_text="e.g. 392 for Japan."
    )
    census_code = models.CharField(
        "US Census code",
        max_length=4,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", "Four digits, e.g. 5880 for Japan.")],
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNTRY)
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="unions",
        help_text="For a customs union or group: the economies that belong to it.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "economies"
        constraints = [
            models.CheckConstraint(
                condition=Q(iso3__regex=ISO3_PATTERN), name="economy_iso3_format"
            ),
            models.CheckConstraint(
                condition=Q(census_code__isnull=True) | Q(census_code__regex=r"^\d{4}$"),
                name="economy_census_code_format",
            ),
        ]

    def __str__(self):
        return self.name


class Source(models.Model):
    """A citation behind a fact. Its kind tells an official act from a press report."""

    class Kind(models.TextChoices):
        OFFICIAL_DOCUMENT = "official", "Official document"
        PRESS_REPORT = "press", "Press report"
        STATEMENT = "statement", "Statement"

    publisher = models.CharField(max_length=200)
    title = models.CharField(max_length=400)
    url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["-published_on", "publisher", "title"]
        constraints = [
            models.UniqueConstraint(fields=["publisher", "title"], name="source_unique_title"),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    @property
    def is_official(self):
        return self.kind == self.Kind.OFFICIAL_DOCUMENT


class Sourced(models.Model):
    """A fact that cites one or more sources."""

    sources = models.ManyToManyField(Source, blank=True, related_name="%(app_label)s_%(class)s_set")

    class Meta:
        abstract = True


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


class DataVersion(models.Model):
    """When the tracker's data last changed: the Last-Modified of every API response.

    One row, bumped by `negotiations.signals` on any change to a domain model, so a client's
    conditional GET is never answered 304 after a change anywhere it could have seen.
    """

    changed_at = models.DateTimeField()

    def __str__(self):
        return f"data changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def bump(cls):
        cls.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})

    @classmethod
    def latest(cls):
        """The last change; an installation that never recorded one starts counting now."""
        changed_at = cls.objects.filter(pk=1).values_list("changed_at", flat=True).first()
        if changed_at is None:
            version, _ = cls.objects.get_or_create(pk=1, defaults={"changed_at": timezone.now()})
            changed_at = version.changed_at
        return changed_at

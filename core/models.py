"""What every other app stands on: economies (and their unions), sources, the data version;
and the background exports of API lists."""

import uuid
from contextvars import ContextVar
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from core.paths import detail_path
from core.sql import Select, table

from .history import History
from .sources import source_keys

ISO3_PATTERN = r"^[A-Z]{3}$"


class EconomyQuerySet(models.QuerySet):
    def reach(self, economies):
        """The economies and every union or group they belong to, as a subquery of ids.

        What reaches an economy's goods: a measure aimed at it or at one of its unions.
        """
        ids = [economy.pk for economy in economies]
        return self.filter(models.Q(pk__in=ids) | models.Q(members__in=ids)).values("pk")

    def reach_ids(self, economies):
        """{economy id: the ids of the economy and of every union or group it belongs to}: `reach`
        as ids, for queries that want the ids themselves, so that an index on an economy column
        does the work; from the economies the process keeps for the data's version."""
        from .kept import economies as kept_economies

        ids = [economy.pk for economy in economies]
        kept = kept_economies().having(ids)
        return {pk: kept.reach(pk) for pk in ids}

    def reached_by(self, targets):
        """The economies whose goods a measure aimed at `targets` reaches: the targets and the
        members of those that are unions, as a subquery of ids (each economy once)."""
        ids = [economy.pk for economy in targets]
        return self.filter(models.Q(pk__in=ids) | models.Q(unions__in=ids)).values("pk")


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
    history = History(m2m_fields=[members])

    objects = EconomyQuerySet.as_manager()

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


class SourceKeyField(models.CharField):
    """A key of the source computed on every insert and save, bulk inserts included, from
    its other fields (`core.sources`); never typed in."""

    def __init__(self, *args, **kwargs):
        kwargs.update(max_length=64, editable=False, blank=True, db_index=True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = source_keys(model_instance)[self.attname]
        setattr(model_instance, self.attname, value)
        return value


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
    # What a near-duplicate shares with it (core.sources): the address, the publisher and title.
    url_key = SourceKeyField()
    name_key = SourceKeyField()
    history = History(excluded_fields=["url_key", "name_key"])

    class Meta:
        ordering = ["-published_on", "publisher", "title"]
        constraints = [
            models.UniqueConstraint(fields=["publisher", "title"], name="source_unique_title"),
        ]

    def __str__(self):
        dated = f" ({self.published_on:%Y-%m-%d})" if self.published_on else ""
        return f"{self.publisher} — {self.title}{dated}"

    def get_absolute_url(self):
        return detail_path("core:source", self.pk)

    def near_duplicates(self):
        """The other sources this one may be entered twice as (core.sources)."""
        from .sources import near_duplicates

        return near_duplicates(self.publisher, self.title, self.url, exclude_pk=self.pk)

    @property
    def is_official(self):
        return self.kind == self.Kind.OFFICIAL_DOCUMENT


class Sourced(models.Model):
    """A fact that cites one or more sources; its history keeps its citations."""

    sources = models.ManyToManyField(Source, blank=True, related_name="%(app_label)s_%(class)s_set")
    # Read by django-simple-history: these links are kept with every record of the fact.
    _history_m2m_fields = ["sources"]

    class Meta:
        abstract = True


# Sent after DataVersion.bump(duties=...): what changed may change duties and trade weights.
data_changed = Signal()

# The versions the current request read ({scope: changed_at}), if it read them: set as each
# request reads them (`DataVersion.read_for_request`), forgotten as each starts and ends and
# on any change made meanwhile.
_request_versions = ContextVar("request_data_versions", default=None)


class DataVersion(models.Model):
    """When the tracker's data last changed: the Last-Modified of every API response.

    Row EVERYTHING is bumped by `core.signals` on any change to a domain model, so a client's
    conditional GET is never answered 304 after a change anywhere it could have seen. Row
    DUTIES only on a change to what duties and trade weights are computed from (the apps in
    DUTY_APPS: nomenclature, trade flows, schedules, measures), so that a figure computed from
    those (the effective tariff rate) is kept until they change, whatever else is edited.
    """

    EVERYTHING, DUTIES = 1, 2
    DUTY_APPS = ("commodities", "tariffs")

    changed_at = models.DateTimeField()

    def __str__(self):
        return f"data changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def bump(cls, duties=True):
        """Mark the data changed now (and the duty data, unless `duties` is false)."""
        cls.forget()
        now = timezone.now()
        rows = [cls.EVERYTHING, cls.DUTIES] if duties else [cls.EVERYTHING]
        if cls.objects.filter(pk__in=rows).update(changed_at=now) < len(rows):
            for pk in rows:
                cls.objects.update_or_create(pk=pk, defaults={"changed_at": now})
        data_changed.send(sender=cls, duties=duties)

    @classmethod
    def latest(cls, scope=EVERYTHING):
        """The last change (of everything, or of the duty data with scope=DUTIES); an
        installation that never recorded one starts counting now. In a request that has
        read it (`read_for_request`), that reading."""
        remembered = _request_versions.get()
        if remembered is not None:
            return remembered[scope]
        return cls.read([scope])[scope]

    @classmethod
    def read_for_request(cls):
        """Both versions, in one query, kept as the request's for the rest of it (until a
        change made meanwhile): the ETag reads one, the effective rates the other, and what a
        process keeps per version (`core.kept`) the first again."""
        versions = cls.read([cls.EVERYTHING, cls.DUTIES])
        _request_versions.set(versions)
        return versions[cls.EVERYTHING]

    @classmethod
    def forget(cls, **kwargs):
        """The request's versions forgotten: the next `latest()` reads them."""
        _request_versions.set(None)

    @classmethod
    def read(cls, scopes):
        """{scope: last change} of `scopes`, in one query."""
        # Read for every answer: written out once (`core.sql`), which spares the query's
        # compilation and the raw queryset's instances.
        versions = dict(_versions().rows(list(scopes)))
        for scope in scopes:
            if scope not in versions:
                versions[scope] = cls.start(scope)
        return versions

    @classmethod
    def start(cls, scope):
        """The version of an installation that never recorded one: now."""
        version, _ = cls.objects.get_or_create(pk=scope, defaults={"changed_at": timezone.now()})
        return version.changed_at


@cache
def _versions():
    return Select(
        [("v", DataVersion, "id"), ("v", DataVersion, "changed_at")],
        table(DataVersion, "v"),
        "v.id IN ({})",
    )


class ExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The exports a user may reach by key: their own and anonymous ones (an anonymous
        export is reachable by its key only, which only its asker knows)."""
        if user is None or not user.is_authenticated:
            return self.filter(requested_by=None)
        return self.filter(Q(requested_by=user) | Q(requested_by=None))

    def expired(self, now=None):
        """Exports asked for longer ago than `EXPORT_KEEP_DAYS`: their files are deleted."""
        now = now or timezone.now()
        return self.filter(created_at__lt=now - timedelta(days=settings.EXPORT_KEEP_DAYS))


def export_upload_to(export, filename):
    return f"exports/{export.key}/{filename}"


class Export(models.Model):
    """The CSV of a whole API list, written in the background (`core.tasks.run_export`).

    Its key is what its asker holds; a file is attached only once every row is written."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    key = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    path = models.CharField(
        max_length=2000, help_text="The API list's path and query, e.g. /api/v1/trade-flows/."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exports",
        help_text="Empty: asked for anonymously.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to=export_upload_to, max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""), name="export_done_has_file"
            ),
        ]

    def __str__(self):
        return f"{self.path} ({self.get_status_display()})"

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

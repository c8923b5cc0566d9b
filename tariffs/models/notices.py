from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.history import History

from .measures import Measure


class PendingUpdate(models.Model):
    """A Federal Register document about tariffs, waiting for an editor.

    The editor links it to the measure it concerns, or dismisses it. It never changes a measure
    by itself: what the document means for rates and dates is for the editor to enter.
    """

    class Status(models.TextChoices):
        NEW = "new", "New"
        LINKED = "linked", "Linked to a measure"
        DISMISSED = "dismissed", "Dismissed"

    document_number = models.CharField(max_length=40, unique=True)
    title = models.TextField()
    document_type = models.CharField("type", max_length=60, help_text="e.g. Notice.")
    publication_date = models.DateField()
    url = models.URLField(max_length=500)
    abstract = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pending_updates",
        help_text="The measure this document concerns.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    fetched_at = models.DateTimeField(editable=False)
    history = History()

    class Meta:
        ordering = ["-publication_date", "-document_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="linked", measure__isnull=False)
                | (~Q(status="linked") & Q(measure__isnull=True)),
                name="pending_update_linked_iff_measure",
            ),
        ]
        indexes = [models.Index(fields=["status", "publication_date"])]

    def __str__(self):
        return f"{self.document_number}: {self.title[:80]}"

    def clean(self):
        # Picking a measure is how an editor links a document.
        if self.measure_id and self.status == self.Status.NEW:
            self.status = self.Status.LINKED
        if self.status == self.Status.LINKED and not self.measure_id:
            raise ValidationError({"measure": "Choose the measure this document concerns."})
        if self.status == self.Status.DISMISSED and self.measure_id:
            raise ValidationError({"measure": "A dismissed document is linked to no measure."})

"""What has a first day and a first day no longer: scope lines, relations, exceptions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class DatedQuerySet(models.QuerySet):
    def in_effect_on(self, date):
        return self.filter(
            Q(effective_from__isnull=True) | Q(effective_from__lte=date),
            Q(effective_to__isnull=True) | Q(effective_to__gt=date),
        )


class Span:
    """`effective_from` (the first day it counts) and `effective_to` (the first day it no
    longer counts), either open: the rule shared by the models and the engine's rows."""

    def in_effect(self, date):
        return (self.effective_from is None or self.effective_from <= date) and (
            self.effective_to is None or date < self.effective_to
        )


class Dated(Span, models.Model):
    effective_from = models.DateField(
        null=True, blank=True, help_text="The first day it counts; empty: from the start."
    )
    effective_to = models.DateField(
        null=True, blank=True, help_text="The first day it no longer counts; empty: open."
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        if self.effective_from and self.effective_to and self.effective_to <= self.effective_from:
            raise ValidationError({"effective_to": "Ends after it starts."})


def dates_in_order(name):
    return models.CheckConstraint(
        condition=Q(effective_to__isnull=True)
        | Q(effective_from__isnull=True)
        | Q(effective_to__gt=F("effective_from")),
        name=name,
    )

"""What the tariffs app offers to the site search."""

from django.db.models import OuterRef, Subquery

from core.search import SearchIndex, register

from .models import Measure, MeasureChange


def latest_change_day():
    """The day of a measure's latest step (an announcement is a step too)."""
    changes = MeasureChange.objects.filter(measure=OuterRef("pk"))
    return Subquery(changes.order_by("-effective_on", "-pk").values("effective_on")[:1])


@register
class MeasureIndex(SearchIndex):
    label = "Measures"
    model = Measure
    fields = ("title", "legal_citation", "description")
    date = latest_change_day()
    order = 40
    select_related = ("issuer",)

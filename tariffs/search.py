"""What the tariffs app offers to the site search."""

from core.search import SearchIndex, register

from .models import Measure


@register
class MeasureIndex(SearchIndex):
    label = "Measures"
    model = Measure
    fields = ("title", "legal_citation", "description")
    order = 40
    select_related = ("issuer",)

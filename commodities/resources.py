"""Trade flows entered in bulk: one row per figure.

    source, reporter, partner, commodity, year, month, flow, value_usd, quantity, quantity_unit

A figure is known by its series point: source (comtrade, census, file, illustrative), reporter
and partner (ISO3), commodity (an HS code, dots allowed), year, month (1-12, or 0 for the whole
year) and flow (M for imports, X for exports); a row with the point of a recorded figure
updates it. Trade flows keep no history (see `core.history`): a changed figure is stamped with
the time of the import.
"""

from django.utils import timezone

from core.bulk import BulkResource, ByKey, column, register
from core.models import Economy

from . import hs
from .models import Commodity, TradeFlow


@register
class TradeFlowResource(BulkResource):
    kind = "trade-flows"
    example = {
        "source": "file",
        "reporter": "USA",
        "partner": "JPN",
        "commodity": "8703.23",
        "year": "2024",
        "month": "0",
        "flow": "M",
        "value_usd": "1250000.00",
        "quantity": "40",
        "quantity_unit": "No.",
    }

    reporter = column("reporter", ByKey(Economy, "iso3"))
    partner = column("partner", ByKey(Economy, "iso3"))
    commodity = column("commodity", ByKey(Commodity, "code", normalize=hs.from_written))

    class Meta:
        model = TradeFlow
        fields = [
            "source",
            "reporter",
            "partner",
            "commodity",
            "year",
            "month",
            "flow",
            "value_usd",
            "quantity",
            "quantity_unit",
        ]
        import_id_fields = ["source", "reporter", "partner", "commodity", "year", "month", "flow"]

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        instance.fetched_at = timezone.now()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Stamped as it is saved, after the checks.
        if instance.fetched_at is None:
            instance.fetched_at = timezone.now()
        super().validate_instance(instance, import_validation_errors, validate_unique)

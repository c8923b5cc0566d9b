"""Measures entered in bulk: one row per measure, its scope lines and changes in two columns.

    title, issuer, targets, applies_to_all_economies, legal_basis, legal_citation,
    covers_all_products, precedence, description, scope, changes

A measure is known by its title and issuer (ISO3): a row with the title and issuer of a
recorded measure updates it. `targets` lists ISO3 codes parted by ";".

`scope`, one entry per HS code, parted by ";": the code (dots allowed), "-" before it for an
excluded code, then options `annex=`, `from=` and `to=` (dates as 2025-04-03):
`8703.23 annex=Annex I; 8703.24 annex=Annex I; -8703.23.01 from=2025-05-03`.

`changes`, one entry per dated step: `DATE:STATUS` or `DATE:STATUS:RATE` (the ad valorem rate,
e.g. 25%), then options named as the change's fields (`published_on=`, `form=`,
`specific_rate=`, `specific_unit=`, `chapter99_heading=`, `note=`, the quota fields...), with
`published=`, `rate=` and `heading=` for short: `2025-03-26:announced:25% published=2025-03-26;
2025-04-03:in_force:25% heading=9903.94.01`.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from commodities import hs
from commodities.models import Commodity
from core.bulk import BulkResource, ByKey, ByKeys, Flag, Lines, LinesColumn, column, register
from core.bulk_columns import read_date
from core.models import Economy

from .models import Measure, MeasureChange, ScopeLine
from .state import CARRIED_FIELDS, Status


class ScopeLines(Lines):
    model = ScopeLine
    parent = "measure"
    related_name = "scope_lines"
    key_fields = ("commodity", "effective_from")
    compared = ("commodity", "excluded", "annex", "effective_from", "effective_to")
    aliases = {"from": "effective_from", "to": "effective_to"}
    unchecked = ("commodity",)
    in_head = ("commodity", "excluded")

    def __init__(self):
        self.known = {}

    @classmethod
    def write_head(cls, line):
        return f"{'-' if line.excluded else ''}{hs.written(line.commodity_id)}"

    def read_head(self, head, line):
        line.excluded = head.startswith("-")
        code = hs.from_written(head.lstrip("-"))
        if code not in self.known:
            self.known[code] = Commodity.objects.filter(code=code).exists()
        if not self.known[code]:
            raise ValidationError(f"No HS code {code}.")
        line.commodity_id = code


class MeasureChanges(Lines):
    model = MeasureChange
    parent = "measure"
    related_name = "changes"
    key_fields = ("effective_on", "status", "published_on")
    compared = ("effective_on", "published_on", "status", *CARRIED_FIELDS, "note")
    aliases = {
        "published": "published_on",
        "rate": "ad_valorem_rate",
        "heading": "chapter99_heading",
    }
    in_head = ("effective_on", "status", "ad_valorem_rate")

    @classmethod
    def write_head(cls, line):
        rate = "" if line.ad_valorem_rate is None else f":{line.ad_valorem_rate.normalize():f}%"
        return f"{line.effective_on}:{line.status}{rate}"

    def read_head(self, head, line):
        day, _, rest = head.partition(":")
        status, _, rate = rest.partition(":")
        line.effective_on = read_date(day)
        if status.strip() not in Status.values:
            raise ValidationError(
                f"status {status.strip()!r} is not one of {', '.join(Status.values)}."
            )
        line.status = status.strip()
        if rate.strip():
            try:
                line.ad_valorem_rate = Decimal(rate.strip().rstrip("%").strip())
            except InvalidOperation:
                raise ValidationError(f"rate {rate.strip()!r} is not a percentage.") from None


@register
class MeasureResource(BulkResource):
    kind = "measures"
    example = {
        "title": "Section 232 autos",
        "issuer": "USA",
        "targets": "",
        "applies_to_all_economies": "yes",
        "legal_basis": "section_232",
        "legal_citation": "Proclamation 10908",
        "covers_all_products": "no",
        "precedence": "1",
        "description": "",
        "scope": "8703.23 annex=Annex I; 8703.24 annex=Annex I",
        "changes": "2025-03-26:announced:25% published=2025-03-26; "
        "2025-04-03:in_force:25% heading=9903.94.01",
    }

    title = column("title")
    issuer = column("issuer", ByKey(Economy, "iso3"))
    targets = column("targets", ByKeys(Economy, "iso3"), m2m_add=False)
    applies_to_all_economies = column("applies_to_all_economies", Flag())
    covers_all_products = column("covers_all_products", Flag())
    scope = LinesColumn(ScopeLines, "scope")
    changes = LinesColumn(MeasureChanges, "changes")

    class Meta:
        model = Measure
        fields = [
            "title",
            "issuer",
            "targets",
            "applies_to_all_economies",
            "legal_basis",
            "legal_citation",
            "covers_all_products",
            "precedence",
            "description",
            "scope",
            "changes",
        ]
        import_id_fields = ["title", "issuer"]

    def check_row(self, instance, row):
        try:
            targets = self.fields["targets"].clean(row) if "targets" in row else []
        except ValueError:
            return  # reported as the targets' error
        Measure.check_targets(instance.applies_to_all_economies, targets)

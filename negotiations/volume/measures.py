"""Measures, with their targets, scopes and histories."""

import datetime as dt
from decimal import Decimal

from tariffs.models import LegalBasis, Measure, MeasureChange, ScopeLine, Status

from .draws import days_after, random_day, weighted
from .plan import BATCH_SIZE

LEGAL_BASIS_WEIGHTS = {
    LegalBasis.SECTION_232: 20,
    LegalBasis.SECTION_301: 15,
    LegalBasis.SECTION_201: 5,
    LegalBasis.IEEPA: 15,
    LegalBasis.ANTIDUMPING: 30,
    LegalBasis.MFN: 5,
    LegalBasis.OTHER: 10,
}
MEASURE_TYPE_WEIGHTS = {
    Measure.Type.AD_VALOREM: 85,
    Measure.Type.TARIFF_RATE_QUOTA: 10,
    Measure.Type.SPECIFIC: 5,
}


class MeasuresStage:
    """The measures stage."""

    def measures(self) -> None:
        rng = self.rng("measures")
        measures, details = [], []
        for index in range(self.plan.measures):
            issuer = self.pick_countries(rng)[0]
            universal = rng.random() < 0.08
            all_products = universal and rng.random() < 0.1
            targets = []
            if not universal:
                targets = self.pick_countries(rng, rng.randint(1, 3), exclude=[issuer])
                if self.unions and rng.random() < 0.1:
                    targets.append(rng.choice(self.unions))
            lines, excluded = self.scope(rng, all_products)
            basis = weighted(rng, LEGAL_BASIS_WEIGHTS)
            measure_type = weighted(rng, MEASURE_TYPE_WEIGHTS)
            product = (
                "all products"
                if all_products
                else self.descriptions[lines[0]].split(";")[0][:80].rstrip(", ")
            )
            whom = "all economies" if universal else ", ".join(t.iso3 for t in targets)
            measures.append(
                Measure(
                    title=f"{LegalBasis(basis).label.split(' (')[0]} duty on {product} from "
                    f"{whom} ({issuer.iso3} {index + 1})",
                    issuer=issuer,
                    applies_to_all_economies=universal,
                    legal_basis=basis,
                    legal_citation=f"Notice {rng.randint(1000, 99999)}",
                    measure_type=measure_type,
                    covers_all_products=all_products,
                    specific_unit="USD/kg" if measure_type == Measure.Type.SPECIFIC else "",
                    quota_unit="tonnes" if measure_type == Measure.Type.TARIFF_RATE_QUOTA else "",
                    stacks=rng.random() < 0.8,
                )
            )
            details.append((targets, lines, excluded))
        Measure.objects.bulk_create(measures, batch_size=BATCH_SIZE)
        Target = Measure.targets.through
        targets, lines, changes = [], [], []
        for measure, (aimed, included, excluded) in zip(measures, details, strict=True):
            targets += [Target(measure_id=measure.pk, economy_id=e.pk) for e in aimed]
            lines += [ScopeLine(measure=measure, commodity_id=code) for code in included]
            lines += [
                ScopeLine(measure=measure, commodity_id=code, excluded=True) for code in excluded
            ]
            changes += self.history(rng, measure)
        Target.objects.bulk_create(targets, batch_size=BATCH_SIZE)
        ScopeLine.objects.bulk_create(lines, batch_size=BATCH_SIZE)
        MeasureChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
        self.count("measures", len(measures))
        self.count("measures_targets", len(targets))
        self.count("measures_scope_lines", len(lines))
        self.count("measures_changes", len(changes))
        self.cite(rng, Measure.sources.through, "measure_id", measures)
        self.cite(rng, MeasureChange.sources.through, "measurechange_id", changes, share=0.6)

    def scope(self, rng, all_products):
        """Included and excluded HS codes: chapters, headings and subheadings."""
        included, excluded = [], []
        if all_products:
            for _ in range(rng.randint(2, 6)):
                code = rng.choice(self.codes_by_level[rng.choice((2, 4))])
                if code not in excluded:
                    excluded.append(code)
            return included, excluded
        count = rng.choices(range(1, 13), weights=[30, 20, 14, 10, 7, 5, 4, 3, 3, 2, 1, 1])[0]
        for _ in range(count):
            level = rng.choices((2, 4, 6), weights=(15, 35, 50))[0]
            code = rng.choice(self.codes_by_level[level])
            if any(code.startswith(line) or line.startswith(code) for line in included):
                continue
            included.append(code)
            below = self.children.get(code, [])
            if level < 6 and below and rng.random() < 0.25:
                for child in rng.sample(below, min(len(below), rng.randint(1, 2))):
                    excluded.append(child)
        return included, excluded

    def history(self, rng, measure):
        """Announced, then in force, then perhaps modified, paused, resumed or revoked."""
        day = random_day(rng, dt.date(2018, 1, 1), dt.date(2025, 10, 1))
        changes = [MeasureChange(measure=measure, effective_on=day, status=Status.ANNOUNCED)]
        self.set_rate(rng, measure, changes[0])
        if rng.random() < 0.85:
            day = days_after(day, rng, 14, 120)
            changes.append(MeasureChange(measure=measure, effective_on=day, status=Status.IN_FORCE))
            for _ in range(rng.choices((0, 1, 2, 3), weights=(45, 30, 15, 10))[0]):
                day = days_after(day, rng, 30, 400)
                if changes[-1].status == Status.PAUSED:
                    status = Status.IN_FORCE
                else:
                    status = weighted(rng, {"modified": 50, "paused": 25, "revoked": 25})
                change = MeasureChange(measure=measure, effective_on=day, status=status)
                if status == Status.MODIFIED:
                    self.set_rate(rng, measure, change)
                changes.append(change)
                if status == Status.REVOKED:
                    break
        return changes

    def set_rate(self, rng, measure, change) -> None:
        if measure.measure_type == Measure.Type.SPECIFIC:
            change.specific_rate = Decimal(rng.randint(5, 500)) / 100
        elif measure.measure_type == Measure.Type.TARIFF_RATE_QUOTA:
            change.in_quota_rate = Decimal(rng.randint(0, 10))
            change.out_of_quota_rate = Decimal(rng.randint(20, 350))
            change.quota_volume = Decimal(rng.randint(1, 500) * 1000)
        else:
            change.ad_valorem_rate = Decimal(rng.randint(2, 40)) * Decimal("2.5")

"""Measures, with their targets, scopes and histories."""

import datetime as dt
from decimal import Decimal

from tariffs.models import (
    Form,
    LegalBasis,
    Measure,
    MeasureChange,
    MeasureRelation,
    PartnerException,
    ScopeLine,
    Status,
)

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
# The form of each measure's rate: points added, a specific amount added, a total inclusive
# of the base rate, the base rate only (an exemption), or a tariff-rate quota.
FORM_WEIGHTS = {"adds": 72, "specific": 5, Form.TOTAL: 8, Form.BASE_ONLY: 5, Form.QUOTA: 10}


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
            form = weighted(rng, FORM_WEIGHTS)
            product = (
                "all products"
                if all_products
                else self.descriptions[lines[0]].split(";")[0][:80].rstrip(", ")
            )
            whom = "all economies" if universal else ", ".join(t.iso3 for t in targets)
            measure = Measure(
                title=f"{LegalBasis(basis).label.split(' (')[0]} duty on {product} from "
                f"{whom} ({issuer.iso3} {index + 1})",
                issuer=issuer,
                applies_to_all_economies=universal,
                legal_basis=basis,
                legal_citation=f"Notice {rng.randint(1000, 99999)}",
                covers_all_products=all_products,
                precedence=None if rng.random() < 0.8 else rng.randint(1, 4),
            )
            measure.form = form  # read by `history`, not stored on the measure
            measures.append(measure)
            details.append((targets, lines, excluded))
        Measure.objects.bulk_create(measures, batch_size=BATCH_SIZE)
        Target = Measure.targets.through
        targets, lines, changes = [], [], []
        for measure, (aimed, included, excluded) in zip(measures, details, strict=True):
            targets += [Target(measure_id=measure.pk, economy_id=e.pk) for e in aimed]
            lines += [ScopeLine(measure=measure, commodity_id=code) for code in included]
            # A quarter of the exempt lines join their annex on a date of their own.
            lines += [
                ScopeLine(
                    measure=measure,
                    commodity_id=code,
                    excluded=True,
                    annex="Annex I",
                    effective_from=(
                        random_day(rng, dt.date(2019, 1, 1), dt.date(2025, 10, 1))
                        if rng.random() < 0.25
                        else None
                    ),
                )
                for code in excluded
            ]
            changes += self.history(rng, measure)
        Target.objects.bulk_create(targets, batch_size=BATCH_SIZE)
        ScopeLine.objects.bulk_create(lines, batch_size=BATCH_SIZE)
        MeasureChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
        relations, exceptions = self.relations(rng, measures)
        MeasureRelation.objects.bulk_create(relations, batch_size=BATCH_SIZE)
        PartnerException.objects.bulk_create(exceptions, batch_size=BATCH_SIZE)
        self.count("measures_relations", len(relations))
        self.count("measures_partner_exceptions", len(exceptions))
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

    def relations(self, rng, measures):
        """Some measures replace, or spare goods subject to, another of the same issuer; some
        universal measures leave out a partner from a date."""
        by_issuer = {}
        for measure in measures:
            by_issuer.setdefault(measure.issuer_id, []).append(measure)
        relations, exceptions, seen = [], [], set()
        for measure in measures:
            peers = by_issuer[measure.issuer_id]
            if len(peers) > 1 and rng.random() < 0.06:
                other = rng.choice(peers)
                kind = rng.choice(MeasureRelation.Kind.values)
                if other.pk != measure.pk and (measure.pk, kind, other.pk) not in seen:
                    seen.add((measure.pk, kind, other.pk))
                    since = rng.choice(
                        [None, random_day(rng, dt.date(2020, 1, 1), dt.date(2025, 10, 1))]
                    )
                    relations.append(
                        MeasureRelation(
                            measure=measure, kind=kind, other=other, effective_from=since
                        )
                    )
            if measure.applies_to_all_economies and rng.random() < 0.2:
                for economy in self.pick_countries(rng, rng.randint(1, 2), exclude=[]):
                    if economy.pk != measure.issuer_id:
                        exceptions.append(
                            PartnerException(
                                measure=measure,
                                economy=economy,
                                effective_from=random_day(
                                    rng, dt.date(2019, 1, 1), dt.date(2025, 10, 1)
                                ),
                            )
                        )
        return relations, exceptions

    def history(self, rng, measure):
        """In force from a day published some weeks before (or announced first, the old way),
        then perhaps modified, paused, resumed, terminated or struck down."""
        day = random_day(rng, dt.date(2018, 1, 1), dt.date(2025, 10, 1))
        published = day - dt.timedelta(days=rng.randint(7, 90))
        first = MeasureChange(
            measure=measure, effective_on=day, published_on=published, status=Status.IN_FORCE
        )
        changes = [first]
        self.set_rate(rng, measure, first, initial=True)
        if rng.random() < 0.15:
            first.status = Status.ANNOUNCED
            first.published_on = None
            if rng.random() < 0.85:
                day = days_after(day, rng, 14, 120)
                changes.append(
                    MeasureChange(measure=measure, effective_on=day, status=Status.IN_FORCE)
                )
        for _ in range(rng.choices((0, 1, 2, 3), weights=(45, 30, 15, 10))[0]):
            day = days_after(day, rng, 30, 400)
            if changes[-1].status == Status.PAUSED:
                status = Status.IN_FORCE
            else:
                status = weighted(
                    rng, {"modified": 50, "paused": 25, "terminated": 20, "struck_down": 5}
                )
            # A few steps are decided after the day they apply from: retroactive.
            published = day + dt.timedelta(days=rng.randint(1, 40)) if rng.random() < 0.05 else day
            change = MeasureChange(
                measure=measure, effective_on=day, published_on=published, status=status
            )
            if status == Status.MODIFIED:
                self.set_rate(rng, measure, change)
            changes.append(change)
            if status in (Status.TERMINATED, Status.STRUCK_DOWN):
                break
        return changes

    def set_rate(self, rng, measure, change, initial=False) -> None:
        form = measure.form
        if initial:
            change.form = Form.ADDS if form == "specific" else form
        if form == "specific":
            change.specific_rate = Decimal(rng.randint(5, 500)) / 100
            change.specific_unit = "kg"
        elif form == Form.QUOTA:
            if initial:
                change.in_quota_form = change.out_of_quota_form = Form.ADDS
                change.quota_unit = "tonnes"
                change.quota_period = "calendar year"
            change.in_quota_rate = Decimal(rng.randint(0, 10))
            change.out_of_quota_rate = Decimal(rng.randint(20, 350))
            change.quota_volume = Decimal(rng.randint(1, 500) * 1000)
        elif form == Form.TOTAL:
            change.ad_valorem_rate = Decimal(rng.choice([10, 15, 20, 25]))
        elif form != Form.BASE_ONLY:
            change.ad_valorem_rate = Decimal(rng.randint(2, 40)) * Decimal("2.5")

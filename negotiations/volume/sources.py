"""Sources, and the citations every stage gives its rows."""

from core.models import Source

from .draws import random_day, weighted
from .plan import BATCH_SIZE, FIRST_DAY, REFERENCE_DATE, SOURCE_URL

PUBLISHERS = {
    Source.Kind.OFFICIAL_DOCUMENT: ["Federal Register", "Official Journal", "Trade Gazette"],
    Source.Kind.PRESS_REPORT: ["Reuters", "Nikkei Asia", "Financial Times", "Bloomberg"],
    Source.Kind.STATEMENT: ["Ministry of Trade", "Office of the Trade Representative"],
}


class SourcesStage:
    """The sources stage, and `cite`, which the later stages call."""

    def sources(self) -> None:
        rng = self.rng("sources")
        kinds = {Source.Kind.OFFICIAL_DOCUMENT: 50, Source.Kind.PRESS_REPORT: 35}
        kinds[Source.Kind.STATEMENT] = 15
        rows = []
        for index in range(self.plan.sources):
            kind = weighted(rng, kinds)
            publisher = rng.choice(PUBLISHERS[kind])
            rows.append(
                Source(
                    publisher=publisher,
                    title=f"{publisher} on trade, item {index + 1}",
                    url=f"{SOURCE_URL}{index + 1}",
                    published_on=random_day(rng, FIRST_DAY, REFERENCE_DATE),
                    kind=kind,
                )
            )
        Source.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.source_ids = list(
            Source.objects.filter(url__startswith=SOURCE_URL)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.count("sources", len(rows))

    def cite(self, rng, through, owner_field, owners, share=1.0):
        """Give each owner one source (a `share` of them), as rows of the M2M table."""
        rows = [
            through(**{owner_field: owner.pk, "source_id": rng.choice(self.source_ids)})
            for owner in owners
            if share >= 1 or rng.random() < share
        ]
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(rows)

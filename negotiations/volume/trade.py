"""Trade flows, streamed through the workers' own write path."""

import datetime as dt
import itertools
import math
from collections.abc import Iterator
from decimal import Decimal

from commodities.ingest import TradeFlowRow, upsert_trade_flows
from commodities.models import TradeFlow

YEARS = tuple(range(2015, 2025))
FETCHED_AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
# Trade is reported by the larger economies, with the larger ones as partners.
FLOW_REPORTERS = 20
FLOW_PARTNERS = 40


class TradeStage:
    """The trade flows stage."""

    def trade_flows(self) -> None:
        total = self.plan.trade_flows
        reporters = self.countries[:FLOW_REPORTERS]
        partners = self.countries[:FLOW_PARTNERS]
        pairs = [(r, p) for r in reporters for p in partners if p != r]
        subheadings = self.codes_by_level[6]
        per_pair_year = math.ceil(total / (len(pairs) * len(YEARS))) if total else 0
        codes_per_pair = min(len(subheadings), math.ceil(per_pair_year / 2))
        remaining = total
        for reporter in reporters:
            if remaining <= 0:
                break
            rows = itertools.islice(
                self.flow_rows(reporter, [p for r, p in pairs if r == reporter], codes_per_pair),
                remaining,
            )
            # One call per reporter, as a worker writes one series at a time.
            result = upsert_trade_flows(rows, TradeFlow.Source.COMTRADE, FETCHED_AT)
            remaining -= result.inserted + result.updated + result.unchanged
            self.count("trade_flows", result.inserted)

    def flow_rows(self, reporter, partners, codes_per_pair) -> Iterator[TradeFlowRow]:
        """reporter x partner x HS6 x year x (imports, exports), streamed."""
        rng = self.rng(f"flows:{reporter.iso3}")
        size = 1 / (self.countries.index(reporter) + 1)
        for partner in partners:
            pair_size = size / (self.countries.index(partner) + 1) ** 0.5
            codes = sorted(rng.sample(self.codes_by_level[6], codes_per_pair))
            for year in YEARS:
                growth = 1.03 ** (year - YEARS[0])
                for code in codes:
                    for flow in (TradeFlow.Direction.IMPORT, TradeFlow.Direction.EXPORT):
                        value = min(rng.lognormvariate(14, 2) * pair_size * growth, 1e13)
                        quantity, unit = None, ""
                        if rng.random() < 0.7:
                            quantity = Decimal(f"{value / rng.uniform(1, 50):.3f}")
                            unit = "kg"
                        yield TradeFlowRow(
                            reporter.pk,
                            partner.pk,
                            code,
                            year,
                            TradeFlow.ANNUAL,
                            flow,
                            Decimal(f"{value:.2f}"),
                            quantity,
                            unit,
                        )

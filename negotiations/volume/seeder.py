"""`seed_volume`: the stages in order, each timed, the reference data in one transaction."""

import random
import time
from collections.abc import Callable

from django.db import connection, transaction

from commodities.importers import import_hs_rows, open_source
from commodities.models import Commodity
from core.models import DataVersion

from .cleanup import is_seeded
from .concessions import ConcessionsStage
from .economies import EconomiesStage, seeded_economies
from .measures import MeasuresStage
from .plan import SeedReport, VolumePlan
from .sources import SourcesStage
from .talks import TalksStage
from .trade import TradeStage


class AlreadySeeded(Exception):
    """The database already holds a seeded data set."""


def seed_volume(
    plan: VolumePlan,
    hs_source: str,
    *,
    seed: int = 2025,
    log: Callable[[str], None] = lambda message: None,
) -> SeedReport:
    """Load the HS nomenclature from `hs_source`, then write the data set of `plan`.

    Refuses (AlreadySeeded) if a seeded data set is there already: `delete_seeded()` first.
    """
    if is_seeded():
        raise AlreadySeeded(
            f"the database already holds a seeded data set ({seeded_economies().count()} "
            "seeded economies)"
        )
    return _Seeder(plan, seed, log).run(hs_source)


class _Seeder(
    EconomiesStage, SourcesStage, TalksStage, MeasuresStage, ConcessionsStage, TradeStage
):
    """One data set in the making: each stage reads what the earlier ones left on it."""

    def __init__(self, plan: VolumePlan, seed: int, log):
        self.plan = plan
        self.seed = seed
        self.log = log
        self.report = SeedReport()

    def rng(self, stage: str) -> random.Random:
        """Each stage its own stream: a stage's count never shifts another stage's rows."""
        return random.Random(f"{self.seed}:{stage}")

    def run(self, hs_source: str) -> SeedReport:
        self.stage("hs", lambda: self.load_hs(hs_source))
        with transaction.atomic():
            self.stage("economies", self.economies)
            self.stage("people", self.people)
            self.stage("sources", self.sources)
            self.stage("negotiations", self.negotiations)
            self.stage("measures", self.measures)
            self.stage("concessions", self.concessions)
        self.stage("trade_flows", self.trade_flows)
        DataVersion.bump()
        if connection.vendor == "postgresql":
            # The planner's statistics, as autovacuum would leave them after such a load.
            self.stage("analyze", self.analyze)
        return self.report

    def stage(self, name: str, action) -> None:
        start = time.perf_counter()
        action()
        self.report.seconds[name] = time.perf_counter() - start
        counts = {key: value for key, value in self.report.counts.items() if key.startswith(name)}
        self.log(f"{name}: {self.report.seconds[name]:.1f} s {counts or ''}".rstrip())

    def count(self, name: str, value: int) -> None:
        self.report.counts[name] = self.report.counts.get(name, 0) + value

    # HS nomenclature -----------------------------------------------------------------------

    def load_hs(self, hs_source: str) -> None:
        with open_source(hs_source) as lines:
            result = import_hs_rows(lines)
        self.count("hs_created", result.created)
        codes = Commodity.objects.order_by("code").values_list("code", "level", "description")
        self.descriptions = {code: description for code, _, description in codes}
        self.codes_by_level = {level: [] for level in (2, 4, 6)}
        for code, level, _ in codes:
            if level in self.codes_by_level:
                self.codes_by_level[level].append(code)
        if not all(self.codes_by_level.values()):
            raise ValueError("the HS table needs chapters, headings and subheadings")
        self.children = {}
        for code in self.codes_by_level[6]:
            self.children.setdefault(code[:4], []).append(code)
            self.children.setdefault(code[:2], []).append(code)

    def analyze(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

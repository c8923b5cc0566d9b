"""Moving models between apps keeps their rows: the migrations rename tables, never copy them.

Economies, sources and the data version moved from `negotiations` to `core`; concessions and
their status changes from `commodities` to `negotiations`; a run's negotiation became the
negotiation's link to its runs. The database is taken back to before the move, filled, and
migrated forward.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("negotiations", "0002_data_version"),
    ("commodities", "0003_list_orderings_and_coverage_index"),
    ("tariffs", "0003_list_orderings_and_coverage_index"),
    ("core", None),
]
T0 = dt.datetime(2025, 4, 20, 12, tzinfo=dt.UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1]]).apps


def fill_before_the_move(apps):
    Economy = apps.get_model("negotiations", "Economy")
    Source = apps.get_model("negotiations", "Source")
    Negotiation = apps.get_model("negotiations", "Negotiation")
    Round = apps.get_model("negotiations", "Round")
    Commodity = apps.get_model("commodities", "Commodity")
    Concession = apps.get_model("commodities", "Concession")
    Change = apps.get_model("commodities", "ConcessionStatusChange")
    RefreshRun = apps.get_model("commodities", "RefreshRun")
    Measure = apps.get_model("tariffs", "Measure")

    usa = Economy.objects.create(name="United States", iso3="USA", comtrade_code=842)
    japan = Economy.objects.create(name="Japan", iso3="JPN", comtrade_code=392)
    union = Economy.objects.create(name="Trade bloc", iso3="TBL", kind="customs_union")
    union.members.add(japan)
    article = Source.objects.create(publisher="Yomiuri", title="Rice imports", kind="press")
    talks = Negotiation.objects.create(title="Talks", slug="talks", started_on=dt.date(2025, 4, 1))
    talks.parties.set([usa, japan])
    talks.sources.add(article)
    first = Round.objects.create(
        negotiation=talks,
        sequence=1,
        title="First round",
        start_date=dt.date(2025, 4, 16),
        end_date=dt.date(2025, 4, 16),
    )
    Commodity.objects.create(code="10", description="Cereals", level=2)
    Commodity.objects.create(code="1006", description="Rice", level=4, parent_id="10")
    rice = Concession.objects.create(
        negotiation=talks,
        round=first,
        giver=japan,
        receiver=usa,
        commodity_id="1006",
        kind="purchase",
        title="More rice imports",
        status="under_consideration",
    )
    rice.sources.add(article)
    change = Change.objects.create(
        concession=rice, changed_on=dt.date(2025, 4, 20), status="under_consideration"
    )
    change.sources.add(article)
    RefreshRun.objects.create(
        source="comtrade",
        series="comtrade:USA:JPN",
        negotiation=talks,
        status="succeeded",
        started_at=T0,
        finished_at=T0,
    )
    duty = Measure.objects.create(title="Duty", issuer=usa, legal_basis="section_232")
    duty.targets.set([union])
    duty.sources.add(article)


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_row_and_link():
    fill_before_the_move(migrate(BEFORE))
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())

    from commodities.models import RefreshRun
    from core.models import Economy, Source
    from negotiations.models import Concession, Negotiation
    from tariffs.models import Measure

    talks = Negotiation.objects.get(slug="talks")
    assert sorted(talks.parties.values_list("iso3", flat=True)) == ["JPN", "USA"]
    assert list(Economy.objects.get(iso3="TBL").members.values_list("iso3", flat=True)) == ["JPN"]
    article = Source.objects.get(title="Rice imports")
    assert list(talks.sources.all()) == [article]
    rice = Concession.objects.get(title="More rice imports")
    assert (rice.negotiation, rice.round.title, rice.giver.iso3, rice.commodity_id) == (
        talks,
        "First round",
        "JPN",
        "1006",
    )
    assert list(rice.sources.all()) == [article]
    assert [(c.status, list(c.sources.all())) for c in rice.status_changes.all()] == [
        ("under_consideration", [article])
    ]
    assert list(talks.refresh_runs.all()) == list(RefreshRun.objects.all())
    assert talks.last_refreshed() == T0
    duty = Measure.objects.get(title="Duty")
    assert (duty.issuer.iso3, list(duty.targets.values_list("iso3", flat=True))) == (
        "USA",
        ["TBL"],
    )
    assert list(duty.sources.all()) == [article]
    # The new rows go on where the old ones stopped.
    assert Economy.objects.create(name="Korea", iso3="KOR").pk > Economy.objects.get(iso3="TBL").pk

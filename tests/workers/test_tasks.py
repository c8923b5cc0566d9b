"""The Celery tasks: a negotiation's refresh, one series, the beat schedule, tariff notices.

The test settings run tasks in process (CELERY_TASK_ALWAYS_EAGER); test_worker.py runs them
on a real worker.
"""

import datetime as dt

import pytest
from django.conf import settings as django_settings

from commodities.connectors import SeriesQuery
from commodities.ingest import series_lock
from commodities.models import RefreshRun, TradeFlow
from commodities.tasks import refresh_trade_flows
from config.celery import app
from negotiations.models import Negotiation
from negotiations.refresh import PlannedRefresh, plan_negotiation
from negotiations.tasks import refresh_active_negotiations, refresh_negotiation_trade
from tariffs.models import PendingUpdate
from tariffs.tasks import refresh_tariff_notices
from tests.factories import (
    CommodityFactory,
    ConcessionFactory,
    EconomyFactory,
    MeasureFactory,
    NegotiationFactory,
    ScopeLineFactory,
)

from .conftest import (
    CENSUS_EXPORTS,
    CENSUS_IMPORTS,
    COMTRADE_ANNUAL,
    FEDERAL_REGISTER,
    Params,
    recorded,
    stored_flows,
)

pytestmark = pytest.mark.django_db

CARS = ["870323", "870324"]


@pytest.fixture
def talks(parties):
    usa, japan = parties
    negotiation = NegotiationFactory(slug="japan-united-states")
    negotiation.parties.set([usa, japan])
    return negotiation


def test_a_negotiation_asks_for_the_codes_of_its_concessions_and_its_parties_measures(
    talks, parties, settings
):
    usa, japan = parties
    settings.TRADE_REFRESH_YEARS = 2
    ConcessionFactory(negotiation=talks, commodity=CommodityFactory(code="1006"))
    autos = MeasureFactory(issuer=usa, applies_to_all_economies=True)
    ScopeLineFactory(measure=autos, commodity=CommodityFactory(code="8703"))
    ScopeLineFactory(measure=autos, commodity=CommodityFactory(code="870324"), excluded=True)
    ScopeLineFactory(measure=autos, commodity=CommodityFactory(code="8703231000"))
    on_japan = MeasureFactory(issuer=usa)
    on_japan.targets.set([japan])
    ScopeLineFactory(measure=on_japan, commodity=CommodityFactory(code="1201"))
    korea = EconomyFactory(iso3="KOR", name="Korea", comtrade_code=410)
    on_korea = MeasureFactory(issuer=korea)
    on_korea.targets.set([usa])
    ScopeLineFactory(measure=on_korea, commodity=CommodityFactory(code="85"))

    this_year = dt.date.today().year
    codes, years = ("1006", "1201", "8703"), (this_year - 2, this_year - 1)
    assert plan_negotiation(talks) == [
        PlannedRefresh("comtrade", SeriesQuery("JPN", "USA", codes, years, "A")),
        PlannedRefresh("comtrade", SeriesQuery("USA", "JPN", codes, years, "A")),
        PlannedRefresh("census", SeriesQuery("USA", "JPN", codes, years, "M")),
    ]


def test_a_negotiation_that_touches_no_code_plans_nothing(talks):
    assert plan_negotiation(talks) == []


def test_refreshing_a_negotiation_runs_each_of_its_series_linked_to_it(sources, talks, settings):
    settings.TRADE_REFRESH_YEARS = 1
    ConcessionFactory(negotiation=talks, commodity=CommodityFactory(code="870323"))
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(recorded("comtrade/empty.json"))
    sources.expect_request(CENSUS_IMPORTS).respond_with_data("", status=204)
    sources.expect_request(CENSUS_EXPORTS).respond_with_data("", status=204)

    refresh_negotiation_trade.delay(talks.pk)

    assert sorted(RefreshRun.objects.values_list("source", "series", "negotiations", "status")) == [
        ("census", "census:USA:JPN", talks.pk, "succeeded"),
        ("comtrade", "comtrade:JPN:USA", talks.pk, "succeeded"),
        ("comtrade", "comtrade:USA:JPN", talks.pk, "succeeded"),
    ]


def test_one_series_can_be_refreshed_by_its_parameters(sources, parties):
    sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=2024)).respond_with_data(
        recorded("comtrade/preview_annual_2024.json")
    )
    summary = refresh_trade_flows.delay(
        source="comtrade", reporter="USA", partner="JPN", codes=CARS, years=[2024]
    ).get()
    run = RefreshRun.objects.get()
    assert summary == {
        "run": run.pk,
        "source": "comtrade",
        "series": "comtrade:USA:JPN",
        "status": "succeeded",
        "rows_inserted": 2,
        "rows_updated": 0,
        "rows_unchanged": 0,
        "error": "",
    }
    assert run.task_id  # in process too, the task has an id and the run keeps it
    assert len(stored_flows()) == 2


def test_a_series_being_refreshed_elsewhere_is_skipped_in_process(sources, parties, settings):
    settings.REDIS_URL = ""
    with series_lock("comtrade:USA:JPN"):
        summary = refresh_trade_flows.delay(
            source="comtrade", reporter="USA", partner="JPN", codes=["870323"], years=[2024]
        ).get()
    assert summary == {"status": "busy", "series": "comtrade:USA:JPN"}
    assert not RefreshRun.objects.exists()


def test_beat_refreshes_the_active_negotiations_only(sources, talks, settings):
    settings.TRADE_REFRESH_YEARS = 1
    ConcessionFactory(negotiation=talks, commodity=CommodityFactory(code="870323"))
    concluded = NegotiationFactory(status=Negotiation.Status.CONCLUDED)
    concluded.parties.set(talks.parties.all())
    ConcessionFactory(negotiation=concluded, commodity=CommodityFactory(code="870324"))
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(recorded("comtrade/empty.json"))
    sources.expect_request(CENSUS_IMPORTS).respond_with_data("", status=204)
    sources.expect_request(CENSUS_EXPORTS).respond_with_data("", status=204)

    assert refresh_active_negotiations.delay().get() == [talks.pk]
    assert set(RefreshRun.objects.values_list("negotiations", flat=True)) == {talks.pk}


def test_the_beat_schedule_names_registered_tasks():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    tasks = {entry["task"] for entry in schedule.values()}
    assert tasks == {
        "core.tasks.delete_old_exports",
        "negotiations.tasks.refresh_active_negotiations",
        "tariffs.tasks.refresh_tariff_notices",
    }
    assert tasks <= set(app.tasks)


def test_the_tariff_notices_task_adds_pending_updates(sources, db):
    sources.expect_request(
        FEDERAL_REGISTER, query_string=Params(**{"conditions[publication_date][gte]": "2025-03-01"})
    ).respond_with_data(recorded("federal_register/single_page.json"))
    summary = refresh_tariff_notices.delay(since="2025-03-01").get()
    assert (summary["status"], summary["rows_inserted"]) == ("succeeded", 1)
    assert list(PendingUpdate.objects.values_list("document_number", "status")) == [
        ("2025-90058", "new")
    ]


def test_the_tariff_notices_task_looks_back_the_configured_number_of_days(sources, db, settings):
    settings.FEDERAL_REGISTER_LOOKBACK_DAYS = 10
    sources.expect_request(FEDERAL_REGISTER).respond_with_data(
        recorded("federal_register/empty.json")
    )
    refresh_tariff_notices.delay()
    since = sources.log[0][0].args["conditions[publication_date][gte]"]
    assert dt.date.fromisoformat(since) == dt.date.today() - dt.timedelta(days=10)


def test_a_refresh_writes_nothing_when_a_task_fails_midway(sources, parties):
    sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=2023)).respond_with_data(
        recorded("comtrade/preview_annual_2023.json")
    )
    sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=2024)).respond_with_data(
        recorded("comtrade/missing_field.json")
    )
    task = refresh_trade_flows.delay(
        source="comtrade", reporter="USA", partner="JPN", codes=CARS, years=[2023, 2024]
    )
    summary = task.get()
    assert summary["status"] == "failed"
    assert TradeFlow.objects.count() == 0


def test_a_csv_file_can_be_loaded_by_the_task(parties, tmp_path):
    path = tmp_path / "flows.csv"
    path.write_text(
        "reporter,partner,hs_code,year,month,flow,value_usd,quantity,quantity_unit\n"
        "USA,JPN,870323,2024,0,M,100,,\n"
    )
    summary = refresh_trade_flows.delay(source="file", path=str(path)).get()
    assert (summary["series"], summary["status"], summary["rows_inserted"]) == (
        "file:file",
        "succeeded",
        1,
    )

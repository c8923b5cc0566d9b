"""The database itself refuses rows that make no sense, whatever code writes them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import DataError, IntegrityError, connection, models, transaction

from commodities.models import Commodity, TradeFlow
from core.models import Economy
from negotiations.models import Round
from tariffs.models import MeasureChange, Status

from .factories import (
    CommodityFactory,
    ConcessionFactory,
    EconomyFactory,
    MeasureChangeFactory,
    RoundFactory,
    TradeFlowFactory,
)

pytestmark = pytest.mark.django_db


def declared(name):
    """The model that declares the constraint called `name`, and the constraint."""
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name == name:
                return model, constraint
    raise LookupError(f"no model declares a constraint named {name!r}")


def rejected(create, constraint):
    """`create` fails, and the database names `constraint` as the one that refused the row."""
    model, declaration = declared(constraint)
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        create()
    error = refused.value
    if connection.vendor == "postgresql":
        assert error.__cause__.diag.constraint_name == constraint, error
    elif isinstance(declaration, models.UniqueConstraint):
        # SQLite names the columns of a unique constraint, not the constraint.
        table = model._meta.db_table
        columns = (model._meta.get_field(name).column for name in declaration.fields)
        assert str(error) == "UNIQUE constraint failed: " + ", ".join(
            f"{table}.{column}" for column in columns
        )
    else:
        assert str(error) == f"CHECK constraint failed: {constraint}"


def test_a_round_cannot_end_before_it_starts():
    rejected(
        lambda: RoundFactory(start_date=dt.date(2025, 4, 16), end_date=dt.date(2025, 4, 15)),
        "round_ends_after_start",
    )


def test_a_one_day_round_is_accepted():
    round_ = RoundFactory(start_date=dt.date(2025, 4, 16), end_date=dt.date(2025, 4, 16))
    assert Round.objects.filter(pk=round_.pk).exists()


def test_two_rounds_of_a_negotiation_cannot_share_a_sequence_number():
    first = RoundFactory(sequence=1)
    rejected(
        lambda: RoundFactory(negotiation=first.negotiation, sequence=1), "round_unique_sequence"
    )


def test_a_negative_ad_valorem_rate_is_rejected():
    rejected(
        lambda: MeasureChangeFactory(ad_valorem_rate=Decimal("-1")),
        "measure_change_ad_valorem_rate_not_negative",
    )


@pytest.mark.parametrize(
    "field", ["specific_rate", "in_quota_rate", "out_of_quota_rate", "quota_volume"]
)
def test_negative_quota_and_specific_figures_are_rejected(field):
    rejected(
        lambda: MeasureChangeFactory(**{field: Decimal("-0.5")}),
        f"measure_change_{field}_not_negative",
    )


def test_a_measure_change_can_leave_its_rate_to_carry_over():
    change = MeasureChangeFactory(status=Status.PAUSED, ad_valorem_rate=None)
    assert MeasureChange.objects.get(pk=change.pk).ad_valorem_rate is None


@pytest.mark.parametrize("code", ["8", "870", "87032", "87A3", "8703231", " 8703"])
def test_a_malformed_hs_code_is_rejected(code):
    # Under a chapter, so that only the code's form is wrong. "8" also breaks the rule on
    # parents (level 1); both PostgreSQL (by name) and SQLite (in declared order) check the
    # format first.
    chapter = CommodityFactory(code="87")
    rejected(
        lambda: Commodity.objects.create(
            code=code, description="bad", parent=chapter, level=len(code)
        ),
        "commodity_code_format",
    )


def test_an_hs_code_longer_than_its_column_is_rejected():
    code = "12345678901"
    chapter = CommodityFactory(code="12")

    def create():
        Commodity.objects.create(code=code, description="bad", parent=chapter, level=len(code))

    if connection.vendor == "postgresql":
        # PostgreSQL refuses a value longer than its column before any CHECK.
        with pytest.raises(DataError) as refused, transaction.atomic():
            create()
        assert refused.value.__cause__.pgcode == "22001"  # string_data_right_truncation
    else:
        rejected(create, "commodity_code_format")


def test_an_hs_level_must_match_the_code_length():
    chapter = CommodityFactory(code="87")
    rejected(
        lambda: Commodity.objects.bulk_create(
            [Commodity(code="8703", description="cars", parent=chapter, level=6)]
        ),
        "commodity_level_is_length",
    )


def test_only_chapters_have_no_parent():
    rejected(
        lambda: Commodity.objects.bulk_create(
            [Commodity(code="8703", description="cars", level=4)]
        ),
        "commodity_parent_above_chapter",
    )


def test_a_duplicate_trade_flow_is_rejected():
    flow = TradeFlowFactory()
    rejected(
        lambda: TradeFlowFactory(
            reporter=flow.reporter,
            partner=flow.partner,
            commodity=flow.commodity,
            year=flow.year,
            month=flow.month,
            flow=flow.flow,
            source=flow.source,
        ),
        "tradeflow_unique_series_point",
    )


def test_the_same_series_point_from_another_source_is_kept():
    flow = TradeFlowFactory(source=TradeFlow.Source.COMTRADE)
    TradeFlowFactory(
        reporter=flow.reporter,
        partner=flow.partner,
        commodity=flow.commodity,
        source=TradeFlow.Source.CENSUS,
    )
    assert TradeFlow.objects.count() == 2


def test_a_monthly_flow_beside_the_annual_one_is_kept():
    flow = TradeFlowFactory()
    TradeFlowFactory(
        reporter=flow.reporter, partner=flow.partner, commodity=flow.commodity, month=3
    )
    assert TradeFlow.objects.count() == 2


def test_a_negative_trade_value_is_rejected():
    rejected(lambda: TradeFlowFactory(value_usd=Decimal("-1")), "tradeflow_value_not_negative")


def test_a_thirteenth_month_is_rejected():
    rejected(lambda: TradeFlowFactory(month=13), "tradeflow_month_range")


def test_an_economy_cannot_trade_with_itself():
    usa = EconomyFactory(iso3="USA")
    rejected(lambda: TradeFlowFactory(reporter=usa, partner=usa), "tradeflow_partner_not_reporter")


def test_an_economy_code_must_be_three_capital_letters():
    rejected(lambda: Economy.objects.create(name="Nowhere", iso3="jp1"), "economy_iso3_format")


def test_a_concession_needs_two_different_economies():
    japan = EconomyFactory(iso3="JPN")
    rejected(
        lambda: ConcessionFactory(giver=japan, receiver=japan), "concession_between_two_economies"
    )

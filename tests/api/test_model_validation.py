"""A model's rules have one home, the model: the API, the model and the admin give one answer.

Each rule is broken once through the API (a 400 naming the field, nothing written), once on
the model (`full_clean()` raises the same error) and once in the admin's form (the same message
under the same field).
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import RequestFactory

from commodities.models import Commodity, TradeFlow
from core.groups import EDITOR
from negotiations.models import Concession, Delegation, Round
from tariffs.models import Measure, MeasureChange, ScopeLine

from ..factories import (
    CommodityFactory,
    ConcessionFactory,
    EconomyFactory,
    MeasureChangeFactory,
    MeasureFactory,
    NegotiationFactory,
    RoundFactory,
    TradeFlowFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"

ROUND_ENDS_BEFORE_START = "A round cannot end before it starts."
NEGOTIATION_ENDS_BEFORE_START = "Cannot end before it started."
ONE_ECONOMY_CONCESSION = "Giver and receiver must differ."
ROUND_OF_ANOTHER_NEGOTIATION = "This round belongs to another negotiation."
RENAMED_CODE = "An HS code cannot be renamed."
SELF_TRADE = "An economy does not trade with itself."
SPECIFIC_DUTY_WITHOUT_UNIT = "A specific amount needs its unit, e.g. kg."


def assert_refused(response, field, message):
    """A 400 that names the field with the model's message, and nothing else."""
    assert response.status_code == 400, response.content
    assert response.json() == {field: [message]}


def model_errors(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def admin_form_errors(instance, **changes):
    """The errors of the admin's own form for `instance`, given these changed values."""
    model_admin = admin.site._registry[type(instance)]
    request = RequestFactory().post("/")
    request.user = UserFactory(username="admin-editor", is_staff=True, groups=[EDITOR])
    adding = instance._state.adding
    form_class = model_admin.get_form(request, None if adding else instance, change=not adding)
    data = {}
    for name, value in model_to_dict(instance, fields=list(form_class.base_fields)).items():
        if isinstance(value, list):
            value = [getattr(item, "pk", item) for item in value]
        if isinstance(value, dt.datetime):
            # The admin enters a date and a time apart.
            data[f"{name}_0"], data[f"{name}_1"] = value.date(), value.time()
        data[name] = "" if value is None else value
    form = form_class(data | changes, instance=instance)
    assert not form.is_valid()
    return form.errors


# Round: end_date >= start_date.


def test_the_api_refuses_a_round_ending_before_it_starts(editor_api):
    negotiation = NegotiationFactory()
    before = (Round.objects.count(), Delegation.objects.count())
    japan = EconomyFactory(iso3="JPN", name="Japan")
    response = editor_api.post(
        f"{API}/rounds/",
        {
            "negotiation": negotiation.slug,
            "sequence": 1,
            "title": "Bad",
            "start_date": "2025-05-02",
            "end_date": "2025-05-01",
            "delegations": [{"economy": japan.iso3}],
        },
        format="json",
    )
    assert_refused(response, "end_date", ROUND_ENDS_BEFORE_START)
    assert (Round.objects.count(), Delegation.objects.count()) == before


def test_a_partial_update_of_a_round_is_checked_against_its_stored_dates(editor_api):
    round_ = RoundFactory(start_date=dt.date(2025, 5, 2), end_date=dt.date(2025, 5, 3))
    response = editor_api.patch(
        f"{API}/rounds/{round_.pk}/", {"end_date": "2025-05-01"}, format="json"
    )
    assert_refused(response, "end_date", ROUND_ENDS_BEFORE_START)
    round_.refresh_from_db()
    assert round_.end_date == dt.date(2025, 5, 3)


def test_the_round_model_holds_the_date_rule():
    round_ = RoundFactory.build(
        negotiation=NegotiationFactory(),
        start_date=dt.date(2025, 5, 2),
        end_date=dt.date(2025, 5, 1),
    )
    assert model_errors(round_) == {"end_date": [ROUND_ENDS_BEFORE_START]}


def test_the_admin_shows_the_round_date_rule():
    round_ = RoundFactory(start_date=dt.date(2025, 5, 2), end_date=dt.date(2025, 5, 3))
    errors = admin_form_errors(round_, end_date="2025-05-01")
    assert errors["end_date"] == [ROUND_ENDS_BEFORE_START]


# Negotiation: ended_on >= started_on.


def test_the_api_refuses_a_negotiation_ending_before_it_started(editor_api):
    negotiation = NegotiationFactory(started_on=dt.date(2025, 4, 1))
    response = editor_api.patch(
        f"{API}/negotiations/{negotiation.slug}/", {"ended_on": "2025-03-31"}, format="json"
    )
    assert_refused(response, "ended_on", NEGOTIATION_ENDS_BEFORE_START)
    negotiation.refresh_from_db()
    assert negotiation.ended_on is None


def test_the_negotiation_model_holds_the_date_rule():
    negotiation = NegotiationFactory.build(
        started_on=dt.date(2025, 4, 1), ended_on=dt.date(2025, 3, 31)
    )
    assert model_errors(negotiation) == {"ended_on": [NEGOTIATION_ENDS_BEFORE_START]}


def test_the_admin_shows_the_negotiation_date_rule():
    negotiation = NegotiationFactory(started_on=dt.date(2025, 4, 1))
    negotiation.parties.add(EconomyFactory())
    errors = admin_form_errors(negotiation, ended_on="2025-03-31")
    assert errors["ended_on"] == [NEGOTIATION_ENDS_BEFORE_START]


# Concession: two different economies; its round is one of its negotiation's.


def test_the_api_refuses_a_concession_given_and_received_by_one_economy(editor_api):
    negotiation = NegotiationFactory()
    japan = EconomyFactory(iso3="JPN", name="Japan")
    before = Concession.objects.count()
    response = editor_api.post(
        f"{API}/concessions/",
        {
            "negotiation": negotiation.slug,
            "giver": japan.iso3,
            "receiver": japan.iso3,
            "kind": "tariff_cut",
            "title": "Self",
            "status_history": [{"changed_on": "2025-04-16", "status": "offered"}],
        },
        format="json",
    )
    assert_refused(response, "receiver", ONE_ECONOMY_CONCESSION)
    assert Concession.objects.count() == before


def test_the_api_refuses_a_concession_in_a_round_of_another_negotiation(editor_api):
    concession = ConcessionFactory()
    elsewhere = RoundFactory()
    response = editor_api.patch(
        f"{API}/concessions/{concession.pk}/", {"round": elsewhere.pk}, format="json"
    )
    assert_refused(response, "round", ROUND_OF_ANOTHER_NEGOTIATION)
    concession.refresh_from_db()
    assert concession.round is None


def test_the_concession_model_holds_both_rules():
    concession = ConcessionFactory()
    concession.receiver = concession.giver
    concession.round = RoundFactory()
    assert model_errors(concession) == {
        "receiver": [ONE_ECONOMY_CONCESSION],
        "round": [ROUND_OF_ANOTHER_NEGOTIATION],
    }


def test_the_admin_shows_the_concession_rules():
    concession = ConcessionFactory()
    errors = admin_form_errors(concession, receiver=concession.giver_id, round=RoundFactory().pk)
    assert errors["receiver"] == [ONE_ECONOMY_CONCESSION]
    assert errors["round"] == [ROUND_OF_ANOTHER_NEGOTIATION]


# Commodity: its parent is the code's parent; its code is never renamed.


@pytest.mark.parametrize(
    ("code", "parent", "message"),
    [
        ("870399", "87", "The parent of 870399 is 8703."),
        ("870399", None, "The parent of 870399 is 8703."),
        ("99", "87", "The parent of 99 is none (it is a chapter)."),
    ],
)
def test_the_api_refuses_a_commodity_under_the_wrong_parent(editor_api, code, parent, message):
    CommodityFactory(code="8703")
    before = Commodity.objects.count()
    response = editor_api.post(
        f"{API}/commodities/",
        {"code": code, "description": "Other", "parent": parent},
        format="json",
    )
    assert_refused(response, "parent", message)
    assert Commodity.objects.count() == before


def test_the_api_refuses_to_rename_a_commodity(editor_api):
    CommodityFactory(code="870323")
    response = editor_api.patch(f"{API}/commodities/870323/", {"code": "870399"}, format="json")
    assert_refused(response, "code", RENAMED_CODE)
    assert set(Commodity.objects.values_list("code", flat=True)) == {"87", "8703", "870323"}


def test_the_commodity_model_holds_the_parent_and_rename_rules():
    chapter = CommodityFactory(code="87")
    orphan = Commodity(code="870399", description="Other", parent=chapter)
    assert model_errors(orphan) == {"parent": ["The parent of 870399 is 8703."]}
    CommodityFactory(code="870323")
    renamed = Commodity.objects.get(code="870323")
    renamed.code = "870399"
    assert model_errors(renamed) == {"code": [RENAMED_CODE]}


def test_the_admin_shows_the_commodity_rules():
    CommodityFactory(code="870323")
    chapter = Commodity.objects.get(code="87")
    assert admin_form_errors(Commodity(code="870399", description="Other"), parent=chapter.pk)[
        "parent"
    ] == ["The parent of 870399 is 8703."]
    stored = Commodity.objects.get(code="870323")
    assert admin_form_errors(stored, code="870399")["code"] == [RENAMED_CODE]
    assert not Commodity.objects.filter(code="870399").exists()


# TradeFlow: partner != reporter.


def test_the_api_refuses_a_trade_flow_of_an_economy_with_itself(editor_api):
    usa = EconomyFactory(iso3="USA", name="United States")
    CommodityFactory(code="870323")
    before = TradeFlow.objects.count()
    response = editor_api.post(
        f"{API}/trade-flows/",
        {
            "source": "illustrative",
            "reporter": usa.iso3,
            "partner": usa.iso3,
            "commodity": "870323",
            "year": 2024,
            "month": 0,
            "flow": "M",
            "value_usd": "1.00",
            "fetched_at": "2025-01-01T00:00:00Z",
        },
        format="json",
    )
    assert_refused(response, "partner", SELF_TRADE)
    assert TradeFlow.objects.count() == before


def test_the_trade_flow_model_holds_the_partner_rule():
    flow = TradeFlowFactory()
    flow.partner = flow.reporter
    assert model_errors(flow) == {"partner": [SELF_TRADE]}


def test_the_admin_shows_the_trade_flow_partner_rule():
    flow = TradeFlowFactory()
    assert admin_form_errors(flow, partner=flow.reporter_id)["partner"] == [SELF_TRADE]


# A measure's change: a specific amount has its unit.

SPECIFIC_MEASURE = {
    "title": "Specific duty on beef",
    "issuer": "USA",
    "applies_to_all_economies": True,
    "legal_basis": "section_232",
    "scope": [{"code": "870323", "excluded": False}],
    "history": [
        {"effective_on": "2025-10-01", "status": "in_force", "form": "adds", "specific_rate": "1.5"}
    ],
}


def test_the_api_refuses_a_specific_duty_without_its_unit(editor_api):
    EconomyFactory(iso3="USA", name="United States")
    CommodityFactory(code="870323")
    counts = (Measure.objects.count(), ScopeLine.objects.count(), MeasureChange.objects.count())
    response = editor_api.post(f"{API}/measures/", SPECIFIC_MEASURE, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {"history": [{"specific_unit": [SPECIFIC_DUTY_WITHOUT_UNIT]}]}
    after = (Measure.objects.count(), ScopeLine.objects.count(), MeasureChange.objects.count())
    assert after == counts
    good = SPECIFIC_MEASURE | {
        "history": [SPECIFIC_MEASURE["history"][0] | {"specific_unit": "kg"}]
    }
    assert editor_api.post(f"{API}/measures/", good, format="json").status_code == 201


def test_the_change_model_holds_the_unit_rule():
    change = MeasureChangeFactory.build(
        measure=MeasureFactory(), form="adds", ad_valorem_rate=None, specific_rate=1
    )
    assert model_errors(change) == {"specific_unit": [SPECIFIC_DUTY_WITHOUT_UNIT]}


def test_the_admin_shows_the_change_unit_rule():
    change = MeasureChangeFactory(form="adds")
    errors = admin_form_errors(change, specific_rate="1.5")
    assert errors["specific_unit"] == [SPECIFIC_DUTY_WITHOUT_UNIT]


def test_a_total_inclusive_of_the_base_takes_no_specific_amount():
    change = MeasureChangeFactory.build(
        measure=MeasureFactory(),
        form="total",
        ad_valorem_rate=15,
        specific_rate=1,
        specific_unit="kg",
    )
    assert "specific_rate" in model_errors(change)


def test_a_quota_needs_both_its_forms():
    change = MeasureChangeFactory.build(measure=MeasureFactory(), form="trq", in_quota_form="adds")
    assert "form" in model_errors(change)


# What stays with the serializers, and what the model adds.


def test_checks_across_a_nested_list_stay_with_the_serializer(editor_api):
    round_ = RoundFactory()
    japan = EconomyFactory(iso3="JPN", name="Japan")
    response = editor_api.patch(
        f"{API}/rounds/{round_.pk}/",
        {"delegations": [{"economy": japan.iso3}, {"economy": japan.iso3}]},
        format="json",
    )
    assert_refused(response, "delegations", "One delegation per economy: an economy appears twice.")
    assert not round_.delegations.exists()


def test_a_constraint_with_no_field_is_a_non_field_400_not_a_conflict(editor_api):
    flow = TradeFlowFactory()
    response = editor_api.patch(
        f"{API}/trade-flows/{flow.pk}/", {"value_usd": "-1.00"}, format="json"
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["non_field_errors"]
    flow.refresh_from_db()
    assert flow.value_usd > 0


def test_a_duplicate_is_reported_once(editor_api):
    flow = TradeFlowFactory()
    response = editor_api.post(
        f"{API}/trade-flows/",
        {
            "source": flow.source,
            "reporter": flow.reporter.iso3,
            "partner": flow.partner.iso3,
            "commodity": flow.commodity_id,
            "year": flow.year,
            "month": flow.month,
            "flow": flow.flow,
            "value_usd": "1.00",
            "fetched_at": "2025-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert len(response.json()["non_field_errors"]) == 1
    assert TradeFlow.objects.count() == 1

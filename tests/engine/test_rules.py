"""Replacements, exemptions, precedence, dated exceptions, quotas and announcements, each
against the worldwide rates of the demo, on the real schedule lines of the shipped extract."""

import datetime as dt
from decimal import Decimal

import pytest

from core.models import Economy
from tariffs.models import (
    Form,
    Measure,
    MeasureChange,
    MeasureRelation,
    PartnerException,
    ScopeLine,
    Status,
)

pytestmark = pytest.mark.django_db


def measure(usa, title, *, scope=None, targets=None, precedence=None, steps=()):
    item = Measure.objects.create(
        title=title,
        issuer=usa,
        legal_basis="section_232",
        applies_to_all_economies=targets is None,
        covers_all_products=scope is None,
        precedence=precedence,
    )
    item.targets.set(targets or [])
    for code in scope or []:
        ScopeLine.objects.create(measure=item, commodity_id=code)
    for step in steps:
        MeasureChange.objects.create(measure=item, **step)
    return item


def step(on, status=Status.IN_FORCE, **fields):
    return {"effective_on": dt.date.fromisoformat(on), "status": status, **fields}


def titles(entries):
    return [entry.measure.title for entry in entries]


def test_a_replaced_measure_gives_way_only_from_the_relation_date(duty):
    # Japan's auto rate replaces the worldwide 25 % from 16 September 2025.
    before, after = duty("87032301", "2025-09-15"), duty("87032301", "2025-09-16")
    assert titles(before.layers) == ["Section 232 duty on imported automobiles"]
    assert titles(after.layers) == ["Section 232 autos and parts: Japan's 15% all-in rate"]


def test_the_lookup_says_why_the_others_do_not_apply(usa, japan, demo):
    from tariffs.engine import lookup_duty

    answer = lookup_duty(usa, japan, "87032301", dt.date(2025, 9, 20))
    reasons = {entry.measure.title: (entry.reason, entry.detail) for entry in answer.skipped}
    assert reasons["Section 232 duty on imported automobiles"][0] == "replaced"
    assert reasons["Reciprocal tariff on goods from Japan"][0] == "exempt"
    assert reasons["Universal 10% baseline tariff"][0] in {"replaced", "exempt"}


def test_an_exemption_wins_over_the_worldwide_rate(duty):
    # Civil aircraft (8802.40.01, Free base): the base rate only, no reciprocal duty.
    line = duty("88024001", "2025-10-01")
    assert line.total_ad_valorem == Decimal("0")
    assert [layer.form for layer in line.layers] == [Form.BASE_ONLY]


def test_precedence_lets_only_the_first_non_stacking_measure_apply(duty, usa):
    # A 35 % measure with precedence 1 on steel outranks Section 232 steel (precedence 3).
    measure(
        usa,
        "First-ranked duty",
        scope=["7208"],
        precedence=1,
        steps=[step("2025-06-01", form=Form.ADDS, ad_valorem_rate=Decimal(35))],
    )
    line = duty("72085100", "2025-06-10")
    assert "Section 232 duty on steel" not in titles(line.layers)
    assert "First-ranked duty" in titles(line.layers)
    # Outranked is not lifted: the goods are still subject to the steel duty, so the 10 %
    # baseline, which spares goods subject to it, stays off: Free + 35.
    assert line.total_ad_valorem == Decimal("35")


def test_an_outranked_measure_says_by_what(usa, japan, demo):
    from tariffs.engine import lookup_duty

    measure(
        usa,
        "First-ranked duty",
        scope=["7208"],
        precedence=1,
        steps=[step("2025-06-01", form=Form.ADDS, ad_valorem_rate=Decimal(35))],
    )
    answer = lookup_duty(usa, japan, "72085100", dt.date(2025, 6, 10))
    (entry,) = [e for e in answer.skipped if e.measure.title == "Section 232 duty on steel"]
    assert entry.reason == "outranked"
    assert entry.by.title == "First-ranked duty"


def test_a_partner_left_out_from_a_date_pays_its_own_rate(duty, usa):
    britain = Economy.objects.create(iso3="GBR", name="United Kingdom")
    steel = Measure.objects.get(title="Section 232 duty on steel")
    PartnerException.objects.create(
        measure=steel, economy=britain, effective_from=dt.date(2025, 6, 4)
    )
    kept = measure(
        usa,
        "Section 232 steel, United Kingdom",
        scope=["7208"],
        targets=[britain],
        precedence=3,
        steps=[step("2025-06-04", form=Form.ADDS, ad_valorem_rate=Decimal(25))],
    )
    baseline = Measure.objects.get(title="Universal 10% baseline tariff")
    MeasureRelation.objects.create(measure=baseline, kind="exempt_if_subject_to", other=kept)
    # Before 4 June the worldwide 25 %; from then the United Kingdom stays at 25 %, Japan 50 %.
    assert duty("72085100", "2025-06-03", exporter=britain).total_ad_valorem == Decimal(25)
    uk = duty("72085100", "2025-06-10", exporter=britain)
    assert titles(uk.layers) == ["Section 232 steel, United Kingdom"]
    assert uk.total_ad_valorem == Decimal(25)
    assert duty("72085100", "2025-06-10").total_ad_valorem == Decimal(50)


def test_an_annex_that_grows_on_a_date(duty):
    # Soybeans (1201.90.00, Free) join the baseline's exempt annex on 1 July 2025.
    baseline = Measure.objects.get(title="Universal 10% baseline tariff")
    ScopeLine.objects.create(
        measure=baseline,
        commodity_id="120190",
        excluded=True,
        annex="Annex II",
        effective_from=dt.date(2025, 7, 1),
    )
    assert duty("12019000", "2025-06-30").total_ad_valorem == Decimal(10)
    assert duty("12019000", "2025-07-01").total_ad_valorem == Decimal(0)


def test_an_announced_cut_leaves_todays_duty_untouched(duty):
    steel = Measure.objects.get(title="Section 232 duty on steel")
    # Announced on 1 July for 1 December: 50 % stays until then.
    MeasureChange.objects.create(
        measure=steel,
        effective_on=dt.date(2025, 12, 1),
        published_on=dt.date(2025, 7, 1),
        status=Status.MODIFIED,
        form=Form.ADDS,
        ad_valorem_rate=Decimal(25),
    )
    # An announcement entered the old way, as a step dated the day it was made.
    MeasureChange.objects.create(
        measure=steel,
        effective_on=dt.date(2025, 7, 1),
        status=Status.ANNOUNCED,
        ad_valorem_rate=Decimal(25),
    )
    assert duty("72085100", "2025-07-10").total_ad_valorem == Decimal(50)
    assert duty("72085100", "2025-12-01").total_ad_valorem == Decimal(25)


def test_a_measure_announced_for_later_is_listed_as_such(usa, japan, demo):
    from tariffs.engine import lookup_duty

    answer = lookup_duty(usa, japan, "87032301", dt.date(2025, 3, 30))
    reasons = {entry.measure.title: entry for entry in answer.skipped}
    entry = reasons["Section 232 duty on imported automobiles"]
    assert entry.reason == "announced"
    assert "2025-04-03" in entry.detail
    assert answer.lines[0].total_ad_valorem == Decimal("2.5")


def test_a_tariff_rate_quota_gives_both_rates_and_which_applies(duty, usa, japan):
    quota = measure(
        usa,
        "Rice quota",
        scope=["100630"],
        targets=[japan],
        steps=[
            step(
                "2025-01-01",
                form=Form.QUOTA,
                in_quota_form=Form.ADDS,
                in_quota_rate=Decimal(0),
                out_of_quota_form=Form.ADDS,
                out_of_quota_rate=Decimal(20),
                quota_volume=Decimal(50000),
                quota_unit="tonnes",
                quota_period="calendar year",
            ),
        ],
    )
    inside = next(layer for layer in duty("10063090", "2025-03-01").layers if layer.quota)
    assert inside.quota["applies"] == "in_quota"
    assert inside.quota["out_of_quota"] == "20%"
    MeasureChange.objects.create(
        measure=quota,
        effective_on=dt.date(2025, 3, 10),
        status=Status.MODIFIED,
        quota_filled_on=dt.date(2025, 3, 10),
    )
    outside = next(layer for layer in duty("10063090", "2025-03-20").layers if layer.quota)
    assert outside.quota["applies"] == "out_of_quota"
    assert outside.adds.ad_valorem == Decimal(20)


def test_a_relation_to_itself_is_refused(demo):
    from django.db import IntegrityError, transaction

    steel = Measure.objects.get(title="Section 232 duty on steel")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureRelation.objects.create(measure=steel, other=steel, kind="replaces")

"""Duty expressions: a table of real rate texts from the schedule files, each with its
structure and an evaluation worked by hand beside it."""

from collections import Counter

import pytest

from tariffs.expressions import (
    Kind,
    PartRate,
    Specific,
    parse,
)

from .expression_data import (
    COMPONENT,
    NO_CHANGE,
    OTHER_BASIS,
    OTHER_LINE,
    SEE_NOTE,
    SUGAR_96,
    D,
    Row,
    column_texts,
)


def row(text, kind, ad_valorem, specific, value, quantities, duty, **extra):
    extra = {"column": "general", "degrees": None, "parts": None, "reason": None} | extra
    fields = Row(
        text,
        kind,
        None if ad_valorem is None else D(ad_valorem),
        [(D(amount), unit) for amount, unit in specific],
        None if value is None else D(value),
        {unit: D(amount) for unit, amount in quantities.items()},
        None if duty is None else D(duty),
        **extra,
    )
    return pytest.param(fields, id=" ".join(text.split())[:60])


def not_computable(text, reason):
    return row(text, Kind.NOT_COMPUTABLE, None, [], "1000", {}, None, reason=reason)


FREE, AD_VALOREM, SPECIFIC = Kind.FREE, Kind.AD_VALOREM, Kind.SPECIFIC
COMPOUND, RELATIVE = Kind.COMPOUND, Kind.RELATIVE
SUGAR_70 = (
    "1.4606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a "
    "degree in proportion) but not less than 0.943854¢/kg"
)
MOVEMENT = (
    "4.3% + 1.7¢/jewel + 0.2¢ for each other piece or part, but if consisting in part of a "
    "plate or a set of plates the total duty shall not exceed the duty for the complete movement"
)
# fmt: off
TABLE = [
    row("Free", FREE, None, [], "1000", {}, "0"),  # Free: $0
    row("2.5%", AD_VALOREM, "2.5", [], "1000", {}, "25"),  # 2.5% x $1,000 = $25.00
    row("6.5% ", AD_VALOREM, "6.5", [], "200", {}, "13"),  # 6.5% x $200 = $13.00
    row("25%", AD_VALOREM, "25", [], "80", {}, "20"),  # 25% x $80 = $20.00
    row("3.5% ", AD_VALOREM, "3.5", [], "1000", {}, "35"),  # 3.5% x $1,000 = $35.00
    row("15%", AD_VALOREM, "15", [], "1000", {}, "150"),  # chapter 99: 15% x $1,000 = $150
    row("6.5% on the entire set", AD_VALOREM, "6.5", [], "100", {}, "6.5"),  # 6.5% x $100
    row("Free, under bond, as prescribed in U.S. note 1 to this subchapter",
        FREE, None, [], "1000", {}, "0"),  # Free: $0
    row("1.4¢/kg", SPECIFIC, None, [("0.014", "kg")], "500", {"kg": 1000},
        "14"),  # 1.4¢/kg x 1000 kg = $14.00
    row("$2.146/kg", SPECIFIC, None, [("2.146", "kg")], "0", {"kg": 100},
        "214.6"),  # $2.146/kg x 100 kg = $214.60
    row("$5.48/kg", SPECIFIC, None, [("5.48", "kg")], "90", {"kg": "2.5"},
        "13.7"),  # $5.48/kg x 2.5 kg = $13.70
    row("3.2¢/liter", SPECIFIC, None, [("0.032", "liters")], "0", {"liters": 500},
        "16"),  # 3.2¢/liter x 500 liters = $16.00
    row("4.5¢/ liter", SPECIFIC, None, [("0.045", "liters")], "0", {"liters": 200},
        "9"),  # 4.5¢/liter x 200 liters = $9.00
    row("23.7¢/pf.liter", SPECIFIC, None, [("0.237", "pf.liters")], "0", {"pf.liters": 100},
        "23.7"),  # 23.7¢ x 100 proof liters = $23.70
    row("2.8¢/doz.", SPECIFIC, None, [("0.028", "doz.")], "0", {"doz.": 250},
        "7"),  # 2.8¢/doz. x 250 dozen = $7.00
    row("0.9¢ each", SPECIFIC, None, [("0.009", "No.")], "0", {"No.": 1000},
        "9"),  # 0.9¢ x 1000 pieces = $9.00
    row("68¢/head", SPECIFIC, None, [("0.68", "No.")], "0", {"No.": 10},
        "6.8"),  # 68¢ x 10 head = $6.80
    row("10.5¢/bbl", SPECIFIC, None, [("0.105", "bbl")], "0", {"bbl": 1000},
        "105"),  # 10.5¢ x 1000 barrels = $105.00
    row("38.4¢/1000", SPECIFIC, None, [("0.384", "thousands")], "0", {"thousands": 5},
        "1.92"),  # 38.4¢ per thousand x 5 thousand = $1.92
    row("$1.13/m3", SPECIFIC, None, [("1.13", "m3")], "0", {"m3": 10},
        "11.3"),  # $1.13/m3 x 10 m3 = $11.30
    row("39.7¢/t", SPECIFIC, None, [("0.397", "t")], "0", {"t": 20},
        "7.94"),  # 39.7¢/t x 20 t = $7.94
    row("6.5¢/gross", SPECIFIC, None, [("0.065", "gross")], "0", {"gross": 100},
        "6.5"),  # 6.5¢ x 100 gross = $6.50
    row("3.7¢/kg on drained weight", SPECIFIC, None, [("0.037", "kg drained")], "0",
        {"kg drained": 1000}, "37"),  # 3.7¢ x 1000 kg drained weight = $37.00
    row("5¢/kg on contents and container", SPECIFIC, None, [("0.05", "kg gross")], "0",
        {"kg gross": 200}, "10"),  # 5¢ x 200 kg with the container = $10.00
    row("2.1¢/kg on entire contents of container", SPECIFIC, None, [("0.021", "kg contents")],
        "0", {"kg contents": 1000}, "21"),  # 2.1¢ x 1000 kg of contents = $21.00
    row("3.6606¢/kg of total sugars", SPECIFIC, None, [("0.036606", "kg ttl sug")], "0",
        {"kg ttl sug": 1000}, "36.606"),  # 3.6606¢ x 1000 kg of total sugars = $36.606
    row("18.7¢/clean kg", SPECIFIC, None, [("0.187", "cy kg")], "0", {"cy kg": 100},
        "18.7"),  # 18.7¢ x 100 kg clean yield = $18.70
    row("1.7¢/kg on lead content", SPECIFIC, None, [("0.017", "Pb kg")], "0", {"Pb kg": 1000},
        "17"),  # 1.7¢ x 1000 kg of lead = $17.00
    row("0.7¢/kg on copper content + 0.7¢/kg on lead content", SPECIFIC, None,
        [("0.007", "Cu kg"), ("0.007", "Pb kg")], "0", {"Cu kg": 1000, "Pb kg": 500},
        "10.5"),  # 0.7¢ x 1000 kg Cu = $7.00 + 0.7¢ x 500 kg Pb = $3.50 → $10.50
    row("4.4¢/liter + 31.4¢/pf. liter", SPECIFIC, None,
        [("0.044", "liters"), ("0.314", "pf.liters")], "0", {"liters": 100, "pf.liters": 80},
        "29.52"),  # 4.4¢ x 100 liters = $4.40 + 31.4¢ x 80 proof liters = $25.12 → $29.52
    row("3.1¢/liter + 22.1¢/pf. liter on ethyl alcohol content", SPECIFIC, None,
        [("0.031", "liters"), ("0.221", "pf.liters")], "0", {"liters": 10, "pf.liters": 10},
        "2.52"),  # 3.1¢ x 10 liters = $0.31 + 22.1¢ x 10 proof liters = $2.21 → $2.52
    row(SUGAR_96, SPECIFIC, None, [("0.036606", "kg")], "0", {"kg": 1000}, "35.77928",
        degrees=D(96)),  # (3.6606¢ - 4 x 0.020668¢) = 3.577928¢ x 1000 kg = $35.77928
    row(SUGAR_70, SPECIFIC, None, [("0.014606", "kg")], "0", {"kg": 1000}, "9.43854",
        degrees=D(70)),  # 1.4606¢ - 30 x 0.020668¢ = 0.84056¢ < floor: 0.943854¢ x 1000 kg
    row("37.2¢/kg + 6%", COMPOUND, "6", [("0.372", "kg")], "1000", {"kg": 100},
        "97.2"),  # 37.2¢ x 100 kg = $37.20 + 6% x $1,000 = $60.00 → $97.20
    row("$1.035/kg + 13.6%", COMPOUND, "13.6", [("1.035", "kg")], "500", {"kg": 40},
        "109.4"),  # $1.035 x 40 kg = $41.40 + 13.6% x $500 = $68.00 → $109.40
    row("$1.035/kg +13.6%", COMPOUND, "13.6", [("1.035", "kg")], "100", {"kg": 10},
        "23.95"),  # $1.035 x 10 kg = $10.35 + 13.6% x $100 = $13.60 → $23.95
    row("90¢/pr. + 37.5%", COMPOUND, "37.5", [("0.9", "prs.")], "2000", {"prs.": 100},
        "840"),  # 90¢ x 100 pairs = $90.00 + 37.5% x $2,000 = $750.00 → $840.00
    row("12¢/doz. + 5.5%", COMPOUND, "5.5", [("0.12", "doz.")], "300", {"doz.": 50},
        "22.5"),  # 12¢ x 50 dozen = $6.00 + 5.5% x $300 = $16.50 → $22.50
    row("14.5¢/m2 + 0.4%", COMPOUND, "0.4", [("0.145", "m2")], "1000", {"m2": 200},
        "33"),  # 14.5¢ x 200 m2 = $29.00 + 0.4% x $1,000 = $4.00 → $33.00
    row("23.5¢/liter + 14.9%", COMPOUND, "14.9", [("0.235", "liters")], "100", {"liters": 10},
        "17.25"),  # 23.5¢ x 10 liters = $2.35 + 14.9% x $100 = $14.90 → $17.25
    row("5.7¢/kg on drained weight +8%", COMPOUND, "8", [("0.057", "kg drained")], "1000",
        {"kg drained": 100}, "85.7"),  # 5.7¢ x 100 kg = $5.70 + 8% x $1,000 = $80 → $85.70
    row("12.8¢/kg on molybdenum content + 1.8%", COMPOUND, "1.8", [("0.128", "Mo kg")], "1000",
        {"Mo kg": 100}, "30.8"),  # 12.8¢ x 100 kg Mo = $12.80 + 1.8% x $1,000 = $18 → $30.80
    row("0.3¢/line/ gross + 4.6%", COMPOUND, "4.6", [("0.003", "gr.lines")], "100",
        {"gr.lines": 1000}, "7.6"),  # 0.3¢ x 1000 line-gross = $3.00 + 4.6% x $100 → $7.60
    row("36¢ each + 5.6% + 2¢/jewel", COMPOUND, "5.6", [("0.36", "No."), ("0.02", "Jwls.")],
        "50", {"No.": 1, "Jwls.": 17}, "3.5"),  # 36¢ + 2¢ x 17 = $0.70 + 5.6% x $50 → $3.50
    row("13.5¢/kg + 6.3% + 1.9¢/article", COMPOUND, "6.3", [("0.135", "kg"), ("0.019", "No.")],
        "100", {"kg": 10, "No.": 100}, "9.55"),  # $1.35 + 1.9¢ x 100 = $1.90 + $6.30 → $9.55
    row("30¢ each + 6.9% on the case + 5.3% on the battery", COMPOUND, None, [("0.3", "No.")],
        "100", {"No.": 10}, "6.025", parts={"case": D(40), "battery": D(5)}),
    # 30¢ x 10 = $3.00 + 6.9% x $40 case = $2.76 + 5.3% x $5 battery = $0.265 → $6.025
    row("43¢ each + 2.8¢/jewel over 7 + 3.7% on the case", COMPOUND, None,
        [("0.43", "No."), ("0.028", "Jwls.")], "20", {"No.": 1, "Jwls.": 17}, "1.08",
        parts={"case": D(10)}),  # 43¢ + 2.8¢ x (17 - 7) = $0.71 + 3.7% x $10 case → $1.08
    row("The duty provided in the applicable subheading + 25%", RELATIVE, "25", [], "1000", {},
        "250"),  # adds 25% x $1,000 = $250 to the base rate's duty
    row("The duty provided in the applicable subheading plus 25%", RELATIVE, "25", [], "400",
        {}, "100"),  # adds 25% x $400 = $100
    row("The duty provided inthe applicable subheading+ 25%", RELATIVE, "25", [], "40", {},
        "10"),  # adds 25% x $40 = $10
    row("The duty provided in the applicable subheading + 50%.", RELATIVE, "50", [], "100", {},
        "50"),  # adds 50% x $100 = $50
    row("The duty provided in the applicable subheading + 7.5%", RELATIVE, "7.5", [], "1000",
        {}, "75"),  # adds 7.5% x $1,000 = $75
    row("The duty provided in the applicable subheading", RELATIVE, None, [], "1000", {},
        "0"),  # the base rate alone: adds $0
    row("The duty rate provided in such subheading minus 0.5%", RELATIVE, "-0.5", [], "1000",
        {}, "-5"),  # the base rate less 0.5% x $1,000 = -$5
    row("The duty provided in the applicable subheading + a duty of 25%", RELATIVE, "25", [],
        "100", {}, "25"),  # adds 25% x $100 = $25
    row("The duty provided in subheadings 8716.39.00, 8716.90.30 or 8716.90.50 + 100%",
        RELATIVE, "100", [], "10", {}, "10"),  # adds 100% x $10 = $10
    row("$1.32/t, including weight of container", SPECIFIC, None, [("1.32", "t gross")], "0",
        {"t gross": 10}, "13.2", column="other"),  # $1.32 x 10 t with containers = $13.20
    row("$40/kg of anhydrous morphine content", SPECIFIC, None, [("40", "kg amc")], "0",
        {"kg amc": 2}, "80", column="other"),  # $40 x 2 kg of morphine = $80
    not_computable("The rate applicable to each garment in the ensemble if separately entered",
                   OTHER_LINE),
    not_computable("The rate applicable to the article of which it is a part or accessory",
                   OTHER_LINE),
    not_computable(MOVEMENT, OTHER_LINE),
    not_computable("2.5% on the value of the lead content", COMPONENT),
    not_computable("3.9% on the movement and case + 5.3% on the battery", COMPONENT),
    not_computable("The duty provided in the applicable subheading + a duty of 50% upon the "
                   "value of the copper content", COMPONENT),
    not_computable("No change", NO_CHANGE),
    not_computable("See additional U.S. note 1", SEE_NOTE),
    not_computable("3 percent of the fair retail value", OTHER_BASIS),
    not_computable("A duty upon the value of the repairs or alterations (see U.S. note 3 of "
                   "this subchapter)", OTHER_BASIS),
]
# fmt: on


@pytest.mark.parametrize("case", TABLE)
def test_table_of_real_expressions(case):
    assert case.text in column_texts(case.column)
    expr = parse(case.text)
    assert expr.kind == case.kind
    assert expr.text == case.text
    assert expr.ad_valorem == case.ad_valorem
    assert [(term.amount, term.unit) for term in expr.specific] == case.specific
    assert expr.reason == case.reason
    assert expr.relative == (case.kind == Kind.RELATIVE)
    assert expr.is_computable == (case.kind != Kind.NOT_COMPUTABLE)
    duty = expr.evaluate(case.value, case.quantities, degrees=case.degrees, parts=case.parts)
    assert duty == case.duty


def test_table_is_large_and_varied():
    kinds = Counter(param.values[0].kind for param in TABLE)
    assert len(TABLE) >= 40
    assert kinds[Kind.NOT_COMPUTABLE] >= 5
    assert all(kinds[kind] for kind in Kind if kind != Kind.EMPTY)


def test_structure_of_the_examples():
    expr = parse("4.4¢/kg + 6%")
    assert expr.kind == Kind.COMPOUND
    assert expr.ad_valorem == D("6")
    assert expr.specific == (Specific(amount=D("0.044"), unit="kg"),)
    assert expr.units_needed == frozenset({"kg"})
    assert str(expr) == "4.4¢/kg + 6%"
    assert parse("1.4¢/kg").specific[0] == Specific(D("0.014"), "kg")
    assert parse("$1.035/kg").specific[0].amount == D("1.035")
    assert str(parse("$1.035/kg")) == "$1.035/kg"
    assert str(parse("$1.5 each")) == "$1.50 each"
    assert str(parse("Free")) == "Free"
    assert str(parse("The duty provided in the applicable subheading + 25%")) == "base + 25%"
    assert str(parse("The duty rate provided in such subheading minus 0.5%")) == "base - 0.5%"
    assert str(parse("33 1/3%")) == "33 1/3%"
    degree = parse(SUGAR_96).specific[0]
    assert degree.per_degree_reduction == D("0.00020668")
    assert degree.degree_threshold == D(100)
    assert degree.minimum == D("0.03143854")
    watch = parse("30¢ each + 6.9% on the case + 5.3% on the battery")
    assert watch.parts == (PartRate(D("6.9"), "case"), PartRate(D("5.3"), "battery"))
    assert watch.parts_needed == frozenset({"case", "battery"})

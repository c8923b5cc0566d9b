"""Duty expressions: what parsing and evaluation promise on any input: never raising, never
taking a missing figure as zero, adding layers, serialising, units."""

import ast
import json
import random
import sys
from pathlib import Path

import pytest

from tariffs import expressions
from tariffs.expressions import (
    DutyExpression,
    Kind,
    Specific,
    canonical_unit,
    parse,
    parse_special,
)

from .expression_data import (
    FILES,
    OTHER_LINE,
    SUGAR_96,
    D,
    rows,
)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        " ",
        "\n",
        ":",
        "%",
        "¢",
        "$",
        "+",
        "++",
        "1/3%",
        "abc",
        "(",
        ")",
        "Free (",
        "-",
        "5% but not less than",
        "base +",
        "1¢/" + "x" * 5000,
        "9" * 400 + "%",
        "\u00a0",
    ],
)
def test_parse_never_raises(text):
    expr = parse(text)
    assert isinstance(expr.kind, Kind)
    assert expr.evaluate(D(1), {"kg": D(1)}) is None or expr.is_computable


def test_random_token_soup_never_raises_and_round_trips():
    tokens = [
        "Free", "2.5%", "1.4¢/kg", "$1.035/kg", "+", "+", "each", "0.9¢", "less", "(", ")",
        "but not less than", "but not more than", "on the case", "minimum", "maximum", "33 1/3%",
        "The duty provided in the applicable subheading", "-", "/", "¢", "$", ",", "6%", "plus",
        "for each degree under 100 degrees", "0.02¢/kg", "minus", "base", "3¢/liter", "over 7",
        "on drained weight", "2¢/jewel", "No change", "5", "kg", ".", "a duty of",
    ]  # fmt: skip
    generator = random.Random(7)
    for _ in range(3000):
        text = " ".join(generator.choice(tokens) for _ in range(generator.randint(1, 8)))
        expr = parse(text)
        if expr.is_computable:
            assert str(parse(str(expr))) == str(expr), text
            assert DutyExpression.from_dict(json.loads(json.dumps(expr.to_dict()))) == expr
            quantities = {unit: D(3) for unit in expr.units_needed}
            parts = {part: D(1) for part in expr.parts_needed}
            assert expr.evaluate(D(100), quantities, degrees=D(95), parts=parts) is not None


def test_blank_is_empty_and_evaluates_to_none():
    for text in (None, "", "  ", "\n"):
        expr = parse(text)
        assert expr.kind == Kind.EMPTY
        assert not expr.is_computable
        assert expr.evaluate(D(100)) is None
        assert expr.ad_valorem_equivalent({}) is None


def test_ad_valorem_equivalent():
    assert parse("1.4¢/kg").ad_valorem_equivalent({"kg": D("0.70")}) == D(2)  # 0.014/0.70
    assert parse("4.4¢/kg + 6%").ad_valorem_equivalent({"kg": D("0.44")}) == D(16)  # 10 + 6
    assert parse("2.5%").ad_valorem_equivalent({}) == D("2.5")
    assert parse("2.5%").ad_valorem_equivalent() == D("2.5")
    assert parse("Free").ad_valorem_equivalent({}) == 0
    assert parse("The duty provided in the applicable subheading + 25%").ad_valorem_equivalent(
        {}
    ) == D(25)
    assert parse("0.9¢ each").ad_valorem_equivalent({"each": D("0.09")}) == D(10)
    assert parse("1.4¢/kg").ad_valorem_equivalent({"liters": D(1)}) is None
    assert parse("1.4¢/kg").ad_valorem_equivalent({"kg": D(0)}) is None
    assert parse("No change").ad_valorem_equivalent({"kg": D(1)}) is None
    sugar = parse(SUGAR_96)
    assert sugar.ad_valorem_equivalent({"kg": D("0.36606")}) is None  # needs degrees
    assert sugar.ad_valorem_equivalent({"kg": D("0.36606")}, degrees=D(100)) == D(10)
    watch = parse("30¢ each + 6.9% on the case + 5.3% on the battery")
    assert watch.ad_valorem_equivalent({"No.": D(3)}) is None  # needs the parts' shares
    assert watch.ad_valorem_equivalent(
        {"No.": D(3)}, part_shares={"case": D("0.5"), "battery": D("0.1")}
    ) == D("13.98")  # 30¢ / $3 = 10 + 6.9 x 0.5 + 5.3 x 0.1


def test_missing_inputs_give_none_never_zero():
    assert parse("1.4¢/kg").evaluate(D(100)) is None
    assert parse("1.4¢/kg").evaluate(D(100), {"liters": D(5)}) is None
    assert parse("37.2¢/kg + 6%").evaluate(D(100), {}) is None
    assert parse("4.4¢/liter + 31.4¢/pf. liter").evaluate(D(0), {"liters": D(1)}) is None
    assert parse("2.5%").evaluate(None) is None
    assert parse(SUGAR_96).evaluate(D(0), {"kg": D(1000)}) is None  # degrees missing
    watch = parse("30¢ each + 6.9% on the case")
    assert watch.evaluate(D(100), {"No.": D(1)}) is None  # the case's value missing
    assert parse("No change").evaluate(D(100), {"kg": D(1)}) is None
    assert parse("Free").evaluate(None) == 0
    # quantities may use any spelling of a unit
    assert parse("3.2¢/liter").evaluate(D(0), {"liter": D(10)}) == D("0.32")
    assert parse("0.9¢ each").evaluate(D(0), {"u": 100}) == D("0.9")
    with pytest.raises(TypeError):
        parse("2.5%").evaluate(100.0)


def test_adding_layers_to_a_base_rate():
    base = parse("37.2¢/kg + 6%")
    total = base + DutyExpression.ad_valorem_rate(D("25"))
    assert total.kind == Kind.COMPOUND
    assert str(total) == "37.2¢/kg + 31%"
    assert total.evaluate(D(1000), {"kg": D(100)}) == D("347.2")  # 37.20 + 31% x 1000
    merged = parse("1.4¢/kg") + DutyExpression.specific_rate(D("0.005"), "kg")
    assert str(merged) == "1.9¢/kg" and merged.kind == Kind.SPECIFIC
    mixed = parse("3.2¢/liter") + parse("1.4¢/kg")
    assert mixed.units_needed == frozenset({"liters", "kg"})
    assert DutyExpression.free() + DutyExpression.free() == DutyExpression.free()
    assert (DutyExpression.free() + parse("15%")).kind == Kind.AD_VALOREM
    layer = parse("The duty provided in the applicable subheading + 25%")
    assert str(base + layer) == "37.2¢/kg + 31%"
    assert not (base + layer).relative
    assert str(layer.apply_to(base)) == "37.2¢/kg + 31%"
    both = layer + parse("The duty provided in the applicable subheading + 10%")
    assert both.kind == Kind.RELATIVE and both.ad_valorem == D(35)
    assert parse("Free") + parse("The duty provided in the applicable subheading") == (
        DutyExpression.free()
    )
    with pytest.raises(ValueError):
        base + parse("No change")
    with pytest.raises(ValueError):
        parse("") + base
    values = (D(1000), {"kg": D(100)})
    assert (base + base).evaluate(*values) == 2 * base.evaluate(*values)


def test_constructors():
    rate = DutyExpression.ad_valorem_rate(D("15"))
    assert (rate.kind, rate.ad_valorem, str(rate), rate.text) == (
        Kind.AD_VALOREM,
        D(15),
        "15%",
        "15%",
    )
    free = DutyExpression.free()
    assert free.kind == Kind.FREE and free.evaluate(D(10)) == 0
    specific = DutyExpression.specific_rate(D("0.5"), "liter")
    assert specific.specific == (Specific(D("0.5"), "liters"),)
    assert str(specific) == "50¢/liter"
    assert str(DutyExpression.relative_rate(D(25))) == "base + 25%"


def test_bounds_and_minimum_clauses():
    expr = parse("5% but not less than 2¢/kg")
    assert expr.kind == Kind.COMPOUND
    assert expr.minimum == DutyExpression.specific_rate(D("0.02"), "kg")
    assert expr.evaluate(D(100), {"kg": D(1000)}) == D(20)  # 2¢ x 1000 kg beats 5% x $100
    assert expr.evaluate(D(1000), {"kg": D(100)}) == D(50)
    assert expr.evaluate(D(1000)) is None
    capped = parse("$1/kg, maximum 10%")
    assert capped.evaluate(D(100), {"kg": D(50)}) == D(10)
    assert str(parse(str(capped))) == str(capped)
    assert (expr + parse("1¢/kg")).evaluate(D(100), {"kg": D(1000)}) == D(30)


def test_serialisation_is_json_safe():
    for text in ("4.4¢/kg + 6%", SUGAR_96, "30¢ each + 6.9% on the case", "No change", ""):
        expr = parse(text)
        data = json.loads(json.dumps(expr.to_dict()))
        assert DutyExpression.from_dict(data) == expr
    assert parse("$1.035/kg").to_dict()["specific"][0]["amount"] == "1.035"


def test_parse_special():
    pairs = parse_special("Free (A,AU) 2.3% (JP)")
    assert [(str(e), codes) for e, codes in pairs] == [("Free", ["A", "AU"]), ("2.3%", ["JP"])]
    pairs = parse_special("Free (A+,AU,B,BH,CL,CO,D,E,IL,JO,MA,OM,P,PA,PE,S,SG)25% (KR)")
    assert pairs[0][1][:2] == ["A+", "AU"] and str(pairs[1][0]) == "25%"
    text = (
        "Free (BH,CL,JO,KR,MA,OM,P,PE,SG) 6.9¢/kg + 0.9% (PA) See 9822.04.25 (AU) "
        "See 9823.08.01-9823.08.38 (S+) See 9918.04.60-9918.04.80 (CO)"
    )
    pairs = parse_special(text)
    assert [codes for _, codes in pairs] == [
        ["BH", "CL", "JO", "KR", "MA", "OM", "P", "PE", "SG"],
        ["PA"],
        ["AU"],
        ["S+"],
        ["CO"],
    ]
    assert pairs[1][0].kind == Kind.COMPOUND
    assert pairs[2][0].reason == OTHER_LINE
    pairs = parse_special("Free \n(A+, AU, BH, CL, CO, D, E, IL, JO, KR, MA, OM,P, PA, PE, S, SG)")
    assert pairs[0][0].kind == Kind.FREE and "OM" in pairs[0][1] and "P" in pairs[0][1]
    assert [(e.kind, c) for e, c in parse_special("No change")] == [(Kind.NOT_COMPUTABLE, [])]
    assert parse_special("") == [] and parse_special(None) == [] and parse_special(" ") == []
    (only,) = parse_special("Free (See U.S. note 4 of this subchapter)")
    assert only[0].kind == Kind.FREE and only[1] == []
    (garbled,) = parse_special("??? (XX)")
    assert garbled[0].kind == Kind.NOT_COMPUTABLE and garbled[1] == ["XX"]
    relative = parse_special(
        "The duty provided in the applicable subheading + 200% (AU, BH, CA, CL, CO, E, IL, JO, "
        "KR, MA, MX, OM, P, PA, PE, SG)"
    )
    assert relative[0][0].ad_valorem == D(200) and len(relative[0][1]) == 16


def test_parse_special_reads_every_special_value():
    codes = set()
    for name in FILES:
        for row_ in rows(name):
            for expr, found in parse_special(row_["special"]):
                assert isinstance(expr.kind, Kind)
                codes.update(found)
    assert {"A", "A+", "A*", "AU", "JP", "KR", "S+", "P+", "CA", "MX"} <= codes


def test_canonical_units():
    for unit in (
        "kg",
        "liters",
        "pf.liters",
        "doz.",
        "No.",
        "m2",
        "m3",
        "t",
        "g",
        "gross",
        "bbl",
        "prs.",
        "doz. prs.",
        "thousands",
        "Jwls.",
        "gr.lines",
        "cy kg",
        "kg ttl sug",
        "kg amc",
        "Pb kg",
        "W kg",
        "Mo kg",
        "Mg kg",
        "Cu kg",
    ):
        assert canonical_unit(unit) == unit
    spellings = {
        "liter": "liters",
        "pf. liter": "pf.liters",
        "proof liter": "pf.liters",
        "doz. pr.": "doz. prs.",
        "each": "No.",
        "head": "No.",
        "unit": "No.",
        "u": "No.",
        "m²": "m2",
        "clean kg": "cy kg",
        "kg on drained weight": "kg drained",
        "pr.": "prs.",
        "liter of fuel": "liters fuel",
        "cm3": "cm3",
        "1,000": "thousands",
        "/kg": "kg",
        "kg on lead content": "Pb kg",
        "l": "liters",
        "12u": "doz.",
    }
    for spelling, unit in spellings.items():
        assert canonical_unit(spelling) == unit, spelling
    assert canonical_unit("carat") == "carat"  # unknown spellings come back as given
    assert canonical_unit("") is None and canonical_unit(None) is None
    assert set(expressions.UNIT_DISPLAY) <= set(expressions.UNIT_ALIASES.values())


def test_package_is_pure_python_and_small():
    package = Path(expressions.__file__).parent
    for source in package.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert len(text.splitlines()) < 300, source.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names, (source.name, name)
